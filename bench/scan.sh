#!/bin/sh
# Scan throughput end to end on the demo city: `netra scan` of every stored
# event (read, judge, write verdicts and routed findings, evidence log),
# against the engine alone (`netra check --threads 1` over the same events
# as JSONL, no store) as the baseline measured in the same run (issue 11:
# scan >= 0.5 of check; 2 threads >= 1.7 times 1 thread).
#
# The store is ingested once and copied for each scan, so every scan starts
# from the same state: --threads 1, then --threads 2. Each run is timed by
# bench_rss (wall and CPU seconds). On a machine shared with other work the
# wall figures move with its load: the per-CPU-second ratio is the one to
# compare for scan/check, and for 2 threads / 1 thread the script also
# prints where the CPU of --threads 2 went (the main thread writes the
# store; threads started per batch read the next batch on a second
# connection and judge) and the least wall time 2 idle cores could give,
# max(main thread, all CPU / 2): a bound, since the threads slow each
# other (reading and writing on two connections at once costs more CPU
# than one after the other). At a quiet moment the wall ratio is the
# figure.
#
# No images are fetched here: `--media-grace 0` judges every event at once,
# the demo's posts with pictures too (docs/media.md, "Waiting for images").
set -eu
: "${NETRA_BIN:=build/netra}" "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
EVENTS=${SCAN_BENCH_EVENTS:-300000}
RSS="$NETRA_BUILD/bench_rss"
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-scan-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$NETRA_BUILD/demo_gen" --out "$dir" --events "$EVENTS" >/dev/null
db="$dir/netra.db"
"$NETRA_BIN" --db "$db" registry import --units "$dir/units.csv" \
	--employees "$dir/employees.csv" --accounts "$dir/accounts.csv" >/dev/null
"$NETRA_BIN" --db "$db" ingest --quiet "$dir/events.jsonl" >/dev/null 2>&1
"$NETRA_BIN" --db "$db" hoax import "$NETRA_SRC/data/demo/debunks.jsonl" >/dev/null
stored=$(sqlite3 "$db" "SELECT COUNT(*) FROM events WHERE type <> 'delete'")
lines=$(wc -l <"$dir/events.jsonl")
election="$NETRA_SRC/data/demo/election.yaml"
hoaxes="$NETRA_SRC/data/demo/debunks.jsonl"
echo "events: $lines lines, $stored stored to judge; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

field() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"; }
cpu() { awk -v u="$(field user "$1")" -v s="$(field sys "$1")" 'BEGIN { print u + s }'; }

"$RSS" "$dir/check.rss" "$NETRA_BIN" check --threads 1 --election "$election" \
	--hoaxes "$hoaxes" "$dir/events.jsonl" >/dev/null 2>&1 || true
for t in 1 2; do
	cp "$db" "$dir/scan$t.db"
	if [ "$t" = 2 ]; then
		# sample the threads' CPU while it runs (utime + stime per task)
		"$RSS" "$dir/scan$t.rss" "$NETRA_BIN" --db "$dir/scan$t.db" scan \
			--threads "$t" --election "$election" --media-grace 0 >"$dir/scan$t.out" 2>&1 &
		rp=$!
		sleep 0.2
		pid=$(pgrep -P "$rp" | head -1 || true)
		: >"$dir/ticks"
		while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
			cut -d")" -f2 "/proc/$pid/task/$pid/stat" >>"$dir/ticks" 2>/dev/null || true
			sleep 0.05
		done
		wait "$rp"
	else
		"$RSS" "$dir/scan$t.rss" "$NETRA_BIN" --db "$dir/scan$t.db" scan \
			--threads "$t" --election "$election" --media-grace 0 >"$dir/scan$t.out" 2>&1
	fi
	findings=$(sqlite3 "$dir/scan$t.db" "SELECT COUNT(*) FROM findings")
	awk -v t="$t" -v n="$stored" -v w="$(field wall "$dir/scan$t.rss")" \
	    -v c="$(cpu "$dir/scan$t.rss")" -v f="$findings" \
	    -v rss="$(field maxrss_kb "$dir/scan$t.rss")" 'BEGIN {
		printf "scan --threads %d: %.2f s wall, %.2f s CPU, %.0f events/s, %.0f per CPU s, %d findings, peak RSS %.1f MB\n",
		       t, w, c, n / w, n / c, f, rss / 1024 }'
done
awk -v n="$stored" -v m="$lines" -v cw="$(field wall "$dir/check.rss")" \
    -v cc="$(cpu "$dir/check.rss")" -v sw="$(field wall "$dir/scan1.rss")" \
    -v sc="$(cpu "$dir/scan1.rss")" -v w2="$(field wall "$dir/scan2.rss")" \
    -v c2="$(cpu "$dir/scan2.rss")" 'BEGIN {
	printf "baseline netra check --threads 1 (engine only, same events): %.2f s wall, %.2f s CPU, %.0f events/s, %.0f per CPU s\n",
	       cw, cc, m / cw, m / cc
	printf "ratio scan/check (1 thread): %.2f wall, %.2f per CPU second (target 0.5)\n",
	       (n / sw) / (m / cw), (n / sc) / (m / cc)
	printf "2 threads / 1 thread (wall): %.2fx (target 1.7)\n", sw / w2
}'
# The main thread's CPU (its last sample, up to 0.05 s short); the reading
# and judging threads, started per batch, are the rest of the run's CPU.
hz=$(getconf CLK_TCK)
awk -v hz="$hz" -v c2="$(cpu "$dir/scan2.rss")" -v c1="$(cpu "$dir/scan1.rss")" '
	NF > 13 { m = ($12 + $13) / hz }
	END {
		printf "threads=2 CPU: main thread %.2f s (claims, writes), other threads %.2f s (reading, judging)\n", m, c2 - m
		est = (m > c2 / 2 ? m : c2 / 2)
		printf "bound: scan --threads 2 no less than %.2f s wall on 2 idle cores, 2 threads / 1 thread (%.2f s CPU) at most %.2fx; the threads slow each other (2 threads: %.2f s CPU for 1 thread'"'"'s %.2f), so only the wall figures at a quiet moment tell\n",
		       est, c1, c1 / est, c2, c1
	}' "$dir/ticks"
