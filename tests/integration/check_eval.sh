#!/bin/sh
# tests/integration/check_eval.sh - runs `netra check` on both labelled dev
# sets of ../shared/eval and fails if a score drops below what the engine
# reached when this guard was written, minus a small margin (a regression
# guard, not a target). Skips when python3 or ../shared is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
ev="$NETRA_SHARED/eval"
fail=0
#                               support attack hate hoax none_fp_max
score_guard dev "$ev/dev"       0.95    0.93   0.95 0.92 0.05 || fail=1
score_guard dev2 "$ev/dev2"     0.94    0.94   0.93 0.88 0.05 || fail=1
exit $fail
