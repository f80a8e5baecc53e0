#!/bin/sh
# Hate-speech classifier and hoax matching throughput: bench_classifier
# scores synthetic posts with data/model/hate.model and matches them
# against 1,000 synthetic debunks, with an FNV-1a pass over the same bytes
# as the baseline. CLASSIFIER_BENCH_EVENTS sets the number of posts.
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
"$NETRA_BUILD/bench_classifier" "${CLASSIFIER_BENCH_EVENTS:-300000}" \
	"$NETRA_SRC/data"
