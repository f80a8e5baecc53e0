#!/bin/sh
# tests/integration/redteam10.sh - scores `netra check` on the tenth
# red-team set fixtures/redteam10/ (a thirteenth fictional election,
# written before reading the engine's cue lists: a 2020-style mayor
# election in South Sulawesi during the pandemic - masks, online
# campaigns, covid hoaxes about the TPS -, THREE pairs whose acronyms are
# everyday words (ARAH, BAIK, MARWAH), the outgoing mayor's son with the
# sitting deputy (`incumbent: true`), a retired police general, a
# businesswoman with a Toraja deputy; Makassar slang ("ji", "mi", "ki",
# "tawwa", "nakke", "kodong"), dynasty talk, campaign live-stream comments,
# twibbons, futsal and wedding hand signs) with ../shared/eval/score.py,
# and fails when a label's F1 drops below the engine's score when this
# guard was written minus about 0.05, or when more than 6% of the 'none'
# events are flagged. A regression guard, not a target. Skips when
# python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.833 0.650 0.842 0.846, 'none' flagged 0.045. After the
# fixes of that day (mocking replies, "hati-hati pilih X", "#XYZmurahan"):
# 0.847 0.683 0.842 0.846, 0.045.
score_guard redteam10 "$NETRA_SRC/tests/integration/fixtures/redteam10" 0.79 0.63 0.79 0.79 0.06
