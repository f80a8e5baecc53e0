#!/bin/sh
# `make bench`: runs every bench/*.sh in name order against build/netra.
# Each prints its own figures (events/s, MB/s, peak RSS) and the ratio to a
# baseline measured in the same run. Results are also appended to
# bench/results/latest.txt.
set -eu
cd "$(dirname "$0")/.."
export NETRA_BIN="$PWD/build/netra" NETRA_SRC="$PWD" NETRA_BUILD="$PWD/build"
export NETRA_SHARED="$PWD/../shared"
mkdir -p bench/results
out=bench/results/latest.txt
: > "$out"
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	echo "== $b" | tee -a "$out"
	sh "$b" 2>&1 | tee -a "$out"
done
