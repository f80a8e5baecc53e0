#!/bin/sh
# tests/integration/redteam.sh - scores `netra check` on the red-team set
# fixtures/redteam/ (a fourth fictional election, written before reading the
# engine's lexicons: THREE pairs in a Sulawesi kabupaten, aliases that are
# common words or names - BASRI, IKHLAS, Rahmat -, Makassar/Medan/Javanese/
# Sundanese phrasing, OCR text, reposts, quotes, comments, hard negatives,
# eight debunks with paraphrased forwards and posts quoting the correct
# fact) with ../shared/eval/score.py, and fails when a label's F1 drops
# below the engine's score when this guard was written minus about 0.05,
# or when more than 5% of the 'none' events are flagged. A regression
# guard, not a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max (reached: 0.978 0.875 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.817 0.653 0.846
# 0.933 0.050)
score_guard redteam "$NETRA_SRC/tests/integration/fixtures/redteam" 0.93 0.82 0.95 0.95 0.05
