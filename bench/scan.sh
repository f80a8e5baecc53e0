#!/bin/sh
# Scan throughput end to end on the demo city: `netra scan` of every stored
# event (read, judge, write verdicts and routed findings), against the
# engine alone (`netra check` over the same events as JSONL, no store) as
# the baseline measured in the same run.
set -eu
: "${NETRA_BIN:=build/netra}" "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
EVENTS=${SCAN_BENCH_EVENTS:-300000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-scan-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$NETRA_BUILD/demo_gen" --out "$dir" --events "$EVENTS" >/dev/null
db="$dir/netra.db"
"$NETRA_BIN" --db "$db" registry import --units "$dir/units.csv" \
	--employees "$dir/employees.csv" --accounts "$dir/accounts.csv" >/dev/null
"$NETRA_BIN" --db "$db" ingest "$dir/events.jsonl" >/dev/null 2>&1
stored=$(sqlite3 "$db" "SELECT COUNT(*) FROM events WHERE type <> 'delete'")
election="$NETRA_SRC/data/demo/election.yaml"
hoaxes="$NETRA_SRC/data/demo/debunks.jsonl"

now() { date +%s.%N; }
rss() { # peak RSS in MB of a command, via GNU time when present
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/rss" "$@" >/dev/null 2>&1
		echo "$(($(cat "$dir/rss") / 1024)) MB"
	else
		"$@" >/dev/null 2>&1
		echo "n/a"
	fi
}

t0=$(now)
scan_rss=$(rss "$NETRA_BIN" --db "$db" scan --election "$election" --hoaxes "$hoaxes")
t1=$(now)
t2=$(now)
"$NETRA_BIN" check --election "$election" --hoaxes "$hoaxes" "$dir/events.jsonl" >/dev/null 2>&1 || true
t3=$(now)
lines=$(wc -l < "$dir/events.jsonl")
findings=$(sqlite3 "$db" "SELECT COUNT(*) FROM findings")
awk -v n="$stored" -v s="$t0" -v e="$t1" -v m="$lines" -v cs="$t2" -v ce="$t3" \
    -v f="$findings" -v rss="$scan_rss" 'BEGIN {
	scan = n / (e - s); check = m / (ce - cs);
	printf "scan: %d events in %.2f s = %.0f events/s, %d findings, peak RSS %s\n", n, e - s, scan, f, rss;
	printf "baseline netra check (engine only, same events): %.0f events/s\n", check;
	printf "ratio scan/check: %.2f (store reads + verdict/finding writes cost)\n", scan / check;
}'
