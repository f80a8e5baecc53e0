#!/bin/sh
# tests/integration/redteam2.sh - scores `netra check` on the second
# red-team set fixtures/redteam2/ (a fifth fictional election, written
# before reading the engine's cue lists: THREE pairs in an East Kalimantan
# city, pair acronyms that are common words - YAKIN, BAGUS -, a first-name
# alias shared by colleagues - Hendra -; the indirect ways ASN attack or
# support: sarcasm, rhetorical questions, comparisons between pairs,
# allegations of corruption, dynasty and money politics, broken promises,
# meme text, comments under candidates' posts; hard negatives: complaints
# about public services with no pair, sarcasm about weather and traffic,
# debate news quoting all pairs, policy talk) with ../shared/eval/score.py,
# and fails when a label's F1 drops below the engine's score when this
# guard was written minus about 0.05, or when more than 5% of the 'none'
# events are flagged. A regression guard, not a target. Skips when python3
# or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max (reached: 0.951 0.919 0.923
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.788 0.571 0.833
# 1.000 0.024)
score_guard redteam2 "$NETRA_SRC/tests/integration/fixtures/redteam2" 0.90 0.87 0.87 0.95 0.05
