#!/bin/sh
# tests/integration/redteam13.sh - scores `netra check` on the thirteenth
# red-team set fixtures/redteam13/ (a sixteenth fictional election,
# written before reading the engine's cue lists and scored first on an
# engine that had never seen it: a regent race in Bali, THREE pairs - a
# puri descendant (Anak Agung ... "Turah"), the sitting regent and former
# bendesa adat (`incumbent: true`), a Muslim of Sasak background -,
# Balinese on Facebook and WhatsApp ("titiang", "nomor besik", "nomor
# kalih", "sing perlu milih"), acronyms that are words (BAGUS, SUARA,
# SANTI: "Om Santi", "suara krama"), Balinese birth-order names shared by
# thousands (Made, Putu, Ketut), temple ceremonies, migrant and caste
# tension) with ../shared/eval/score.py, and fails when a label's F1
# drops below the engine's score when this guard was written minus about
# 0.05, or when more than 5% of the 'none' events are flagged. A
# regression guard, not a target. Skips when python3 or the scorer is
# missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.742 0.571 0.625 0.909, 'none' flagged 0.057. After the
# fixes of that day (Balinese little words, numbers and titles, "50k" is
# no leet): 0.767 0.593 0.625 0.909, 0.023.
score_guard redteam13 "$NETRA_SRC/tests/integration/fixtures/redteam13" 0.71 0.54 0.57 0.85 0.05
