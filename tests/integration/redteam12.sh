#!/bin/sh
# tests/integration/redteam12.sh - scores `netra check` on the twelfth
# red-team set fixtures/redteam12/ (a fifteenth fictional election,
# written before reading the engine's cue lists: the ordinary public feeds
# of one East Java city's civil servants during the campaign, at a
# realistic base rate - 76% of 180 events breach nothing: office work,
# the sitting mayor's official acts before his leave and the acting
# mayor's after, family, food, floods, neutral election talk, namesakes
# of both candidates, slogan words in everyday use (maju bersama, berkah,
# harum) - and the breaches are subtle: a twibbon, "jangan lupa yang
# berkah ya 😉", a like of a campaign post, a forwarded rumour) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A regression guard, not
# a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.756 0.636 0.889 0.800, 'none' flagged 0.058 (8 of 137).
# After the fixes of that day (official acts, fact-check words, "jangan
# lupa" only before a number, complaints under a campaign post): 0.791
# 0.667 0.889 0.857, then (praise in news naming both pairs, reported
# promises) 0.829 0.667 0.889 0.857, 'none' flagged 0.015.
score_guard redteam12 "$NETRA_SRC/tests/integration/fixtures/redteam12" 0.77 0.61 0.83 0.80 0.05
