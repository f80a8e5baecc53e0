#!/bin/sh
# tests/integration/redteam11.sh - scores `netra check` on the eleventh
# red-team set fixtures/redteam11/ (a fourteenth fictional election,
# written before reading the engine's cue lists: a regent election in West
# Sumatra, THREE pairs - a buya (religious teacher), a perantau
# businessman come home, the sitting vice-regent (`incumbent: true`) -,
# Minang on Facebook ("jan pilih nan baru pulang", "nomor ciek", pantun,
# adat proverbs), acronyms and slogans that are everyday words (SAKATO,
# RELA, HANDAL, "pulang basamo"), other buyas and namesakes, sectarian and
# anti-transmigrant hate, hoaxes in pantun form) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A regression guard, not
# a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.721 0.438 0.750 0.818, 'none' flagged 0.013. After the
# Minang little words of that day: 0.787 0.571 0.824 0.870, 0.013.
score_guard redteam11 "$NETRA_SRC/tests/integration/fixtures/redteam11" 0.73 0.52 0.77 0.82 0.05
