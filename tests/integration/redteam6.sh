#!/bin/sh
# tests/integration/redteam6.sh - scores `netra check` on the sixth
# red-team set fixtures/redteam6/ (a ninth fictional election, written
# before reading the engine's cue lists: THREE pairs in a West Java
# regency, written like real public posts of an earlier Pilkada -
# unpunctuated Facebook rants, Sundanese mixed in ("tong", "saha wae",
# "ulah dipilih"), an incumbent called "petahana" or "bupati sekarang",
# official posts about the bupati before his leave, a pair acronym that is
# the everyday word "bagus", colleagues named Asep like a candidate, news
# about the debate, fact-check shares, SARA against Chinese-Indonesians,
# newcomers and churches, hoax forwards in Sundanese) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A regression guard, not
# a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.861 0.578 0.833 0.815, 'none' flagged 0.068. After the
# general fixes of that day (Sundanese and Javanese little words, the
# incumbent pair, topic words, fact-check shares, SARA phrases, acronym
# parodies): 0.935 0.808 0.963 0.929, 'none' flagged 0.041.
score_guard redteam6 "$NETRA_SRC/tests/integration/fixtures/redteam6" 0.88 0.75 0.91 0.87 0.05
