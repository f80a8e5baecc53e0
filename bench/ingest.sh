#!/bin/sh
# bench/ingest.sh - `netra ingest` of generic JSONL into a fresh SQLite
# store: events/s, MB/s and peak RSS for a 2,000,000-event file from the
# demo generator (with its 10,000-staff registry imported first), and in
# the same run the baseline: the same rows as CSV loaded by the sqlite3
# shell's `.import` into a table with the same columns and the same
# UNIQUE (platform, event_id), in one transaction. Prints netra/sqlite3.
# Targets (issue 2): >= 200,000 events/s on one core, peak RSS < 100 MB.
#
# Environment: NETRA_BIN, NETRA_BUILD, NETRA_SRC (set by bench/run.sh),
# BENCH_EVENTS (default 2000000), BENCH_DIR (parent of the scratch
# directory; default $NETRA_BUILD, on disk rather than a tmpfs).
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
: "${NETRA_BIN:=$NETRA_BUILD/netra}"
EVENTS=${BENCH_EVENTS:-2000000}
RSS="$NETRA_BUILD/bench_rss"
for f in "$NETRA_BIN" "$NETRA_BUILD/demo_gen" "$RSS" \
	"$NETRA_BUILD/bench_ingest_csv"; do
	[ -x "$f" ] || { echo "bench/ingest: $f is not built" >&2; exit 1; }
done
command -v sqlite3 >/dev/null 2>&1 ||
	{ echo "bench/ingest: the sqlite3 shell is missing" >&2; exit 1; }

T=$(mktemp -d "${BENCH_DIR:-$NETRA_BUILD}/bench-ingest.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

# field NAME FILE: a value from a bench_rss line ("wall=1.2 ...").
field() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }'; }

echo "generating $EVENTS events and a 10,000-staff registry ..."
"$NETRA_BUILD/demo_gen" --out "$T" --seed 42 --events "$EVENTS" \
	--election "$NETRA_SRC/data/demo/election.yaml" 2>/dev/null
lines=$(wc -l <"$T/events.jsonl")
bytes=$(wc -c <"$T/events.jsonl")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
"$NETRA_BIN" --db "$T/netra.db" registry import --units "$T/units.csv" \
	--employees "$T/employees.csv" --accounts "$T/accounts.csv" >/dev/null
sync

# netra ingest, one process, one core.
"$RSS" "$T/netra.rss" "$NETRA_BIN" --db "$T/netra.db" ingest --quiet --json \
	--rejects "$T/rejects.jsonl" "$T/events.jsonl" >"$T/netra.json"
n_wall=$(field wall "$T/netra.rss")
n_rss=$(field maxrss_kb "$T/netra.rss")
n_rate=$(rate "$lines" "$n_wall")
n_cpu=$(awk -v u="$(field user "$T/netra.rss")" \
	-v s="$(field sys "$T/netra.rss")" 'BEGIN { print u + s }')

# Baseline: the sqlite3 shell's .import of the same rows as CSV.
rows=$("$NETRA_BUILD/bench_ingest_csv" "$T/events.jsonl" "$T/events.csv")
cat >"$T/import.sql" <<EOF
PRAGMA journal_mode = WAL;
CREATE TABLE events (
  platform TEXT NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
  account TEXT NOT NULL, created_at TEXT, text TEXT, url TEXT,
  target_account TEXT, target_id TEXT, target_text TEXT, raw TEXT NOT NULL,
  UNIQUE (platform, event_id));
BEGIN;
.import --csv --skip 1 $T/events.csv events
COMMIT;
EOF
sync
"$RSS" "$T/sqlite.rss" sqlite3 "$T/baseline.db" ".read $T/import.sql" \
	>/dev/null
s_wall=$(field wall "$T/sqlite.rss")
s_rss=$(field maxrss_kb "$T/sqlite.rss")
s_rate=$(rate "$rows" "$s_wall")
s_cpu=$(awk -v u="$(field user "$T/sqlite.rss")" \
	-v s="$(field sys "$T/sqlite.rss")" 'BEGIN { print u + s }')
stored=$(sqlite3 "$T/baseline.db" "SELECT count(*) FROM events;")

echo "input: $lines lines, $mb MB ($(basename "$T")/events.jsonl)"
echo "netra ingest summary: $(cat "$T/netra.json")"
awk -v nw="$n_wall" -v nr="$n_rate" -v nk="$n_rss" -v sw="$s_wall" \
	-v sr="$s_rate" -v sk="$s_rss" -v mb="$mb" -v rows="$rows" \
	-v stored="$stored" -v ncpu="$n_cpu" -v scpu="$s_cpu" \
	-v lines="$lines" 'BEGIN {
	printf "%-24s %9s %9s %11s %11s %8s %12s\n", "", "wall s", "cpu s",
		"events/s", "ev/cpu s", "MB/s", "peak RSS MB"
	printf "%-24s %9.2f %9.2f %11d %11d %8.1f %12.1f\n", "netra ingest",
		nw, ncpu, nr, (ncpu > 0) ? lines / ncpu : 0, mb / nw, nk / 1024
	printf "%-24s %9.2f %9.2f %11d %11d %8.1f %12.1f\n",
		"sqlite3 .import (CSV)", sw, scpu, sr,
		(scpu > 0) ? rows / scpu : 0, mb / sw, sk / 1024
	printf "(MB/s is of the JSONL input for both; sqlite3 stored %d of %d", stored, rows
	printf " CSV rows)\n"
	printf "ratio netra/sqlite3 (events/s): %.2f; per CPU second: %.2f\n",
		nr / sr, (ncpu > 0 && scpu > 0) ? (lines / ncpu) / (rows / scpu) : 0
	printf "(events per CPU second: the machine may be shared; wall"
	printf " figures move with its load)\n"
	met1 = (nr >= 200000) ? "met" : "NOT met"
	met2 = (nk < 102400) ? "met" : "NOT met"
	printf "target >= 200000 events/s: %s; target peak RSS < 100 MB: %s\n",
		met1, met2
}'
