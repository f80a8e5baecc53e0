#!/bin/sh
# Judge throughput: bench_judge judges a generated corpus (2,000,000 events
# by default, JUDGE_BENCH_EVENTS to change) against a 5,000-term profile on
# one core, then `grep -F -i -f terms.txt` scans the same bytes for the
# same terms; the ratio is printed. Target: >= 1,000,000 events/s.
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
n="${JUDGE_BENCH_EVENTS:-2000000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$NETRA_BUILD/bench_judge" "$n" "$NETRA_SRC/data" "$tmp" | tee "$tmp/out"
js=$(sed -n 's/.*judge_seconds=\([0-9.]*\).*/\1/p' "$tmp/out")
t0=$(date +%s.%N)
LC_ALL=C grep -F -i -c -f "$tmp/terms.txt" "$tmp/corpus.txt" >"$tmp/grep" || true
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v j="$js" -v n="$n" -v m="$(cat "$tmp/grep")" 'BEGIN {
	g = b - a;
	printf "grep -F -i -f terms: %.2f s (%.0f lines/s, %d matching lines)\n", g, n / g, m;
	printf "judge / grep time ratio: %.2f (judge does normalisation, matching and rules; grep only matching)\n", j / g;
}'
