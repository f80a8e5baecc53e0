#!/bin/sh
# Text pipeline throughput: bench_text normalises synthetic posts and
# compares with a plain ASCII tolower loop over the same bytes (printed as
# a ratio). TEXT_BENCH_EVENTS sets the number of posts.
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
"$NETRA_BUILD/bench_text" "${TEXT_BENCH_EVENTS:-500000}" "$NETRA_SRC/data"
