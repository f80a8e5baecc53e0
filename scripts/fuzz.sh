#!/bin/sh
# `make fuzz`: runs each libFuzzer target in BUILD for FUZZ_SECONDS (default
# 60) seconds, starting from and adding to its corpus in fuzz/corpus/<name>/.
set -eu
build=${1:-build-fuzz}
secs=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/.."
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin" | sed 's/^fuzz_//')
	mkdir -p "fuzz/corpus/$name"
	echo "== fuzz $name for ${secs}s"
	"$bin" -max_total_time="$secs" -max_len=65536 "fuzz/corpus/$name"
done
