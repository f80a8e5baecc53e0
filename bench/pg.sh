#!/bin/sh
# bench/pg.sh - ingest and scan on PostgreSQL with 1, 2 and 4 concurrent
# netra processes, beside the same on SQLite (issue 11, "Performance").
#
# The demo city (10,000 staff) with PG_BENCH_EVENTS events (default
# 200,000) is split into 4 equal files. For P = 1, 2, 4: a fresh store gets
# the registry and the debunks; P `netra ingest` processes load the split
# files at once (P = 1: the whole file; 2: two halves; 4: four quarters);
# then P `netra scan --threads 1` processes judge the store at once,
# sharing the work through scan leases (docs/store.md). Printed per step:
# wall seconds, events/s, the netra processes' CPU seconds and, on
# PostgreSQL, the server's (its backends, reaped, plus its background
# processes), so the cost per event is visible on a loaded machine too.
# Each run checks its result: every event stored once, every stored
# event judged once (one scan mark covers it; verdict rows only for
# verdicts that are not clean).
#
# The server is a throw-away one (scripts/pg_server.sh: initdb under /tmp,
# 127.0.0.1), started with fsync=on for the bench (NETRA_PG_FSYNC; the
# tests run it with fsync=off), so commits pay for durability as SQLite's
# do. It is stopped
# and removed at the end, whatever happens.
#
# Environment: NETRA_BUILD, NETRA_SRC (set by bench/run.sh),
# PG_BENCH_EVENTS, PG_BENCH_PROCS (default "1 2 4"), PG_BENCH_SCAN=worker
# to scan with `netra worker --once --jobs scan` processes instead (the
# same scan, claimed the same way, docs/worker.md).
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
: "${NETRA_BIN:=$NETRA_BUILD/netra}"
EVENTS=${PG_BENCH_EVENTS:-200000}
PROCS=${PG_BENCH_PROCS:-1 2 4}
RSS="$NETRA_BUILD/bench_rss"
for f in "$NETRA_BIN" "$NETRA_BUILD/demo_gen" "$RSS"; do
	[ -x "$f" ] || { echo "bench/pg: $f is not built" >&2; exit 1; }
done
command -v psql >/dev/null || { echo "bench/pg: psql missing (Debian postgresql-client)" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/netra-pg-bench.XXXXXX")
chmod 755 "$T"
cleanup() {
	sh "$NETRA_SRC/scripts/pg_server.sh" stop "$T/pg.state" >/dev/null 2>&1 || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

election="$NETRA_SRC/data/demo/election.yaml"
"$NETRA_BUILD/demo_gen" --out "$T" --seed 42 --events "$EVENTS" \
	--election "$election" >/dev/null 2>&1
lines=$(wc -l <"$T/events.jsonl")
split -n l/4 -d "$T/events.jsonl" "$T/q"   # q00 .. q03
split -n l/2 -d "$T/events.jsonl" "$T/h"   # h00 h01
echo "input: $lines events of the demo city (10,000 staff), $(nproc) cores," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"

url=$(NETRA_PG_FSYNC=on sh "$NETRA_SRC/scripts/pg_server.sh" start "$T/pg.state")
pgdir=$(sed -n 2p "$T/pg.state")
pm=$(head -1 "$pgdir/data/postmaster.pid")
echo "PostgreSQL $(psql -X -A -t -d "$url" -c 'SHOW server_version'), fsync $(psql -X -A -t -d "$url" -c 'SHOW fsync'), shared_buffers $(psql -X -A -t -d "$url" -c 'SHOW shared_buffers')"

# server_cpu: CPU seconds of the server so far: the postmaster with its
# reaped children (the backends of finished connections), plus its live
# background processes.
hz=$(getconf CLK_TCK)
server_cpu() {
	{
		awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"
		for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
			awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true
		done
	} | awk -v hz="$hz" '{ s += $1 } END { printf "%.2f", s / hz }'
}

# inputs P: the files P processes ingest
inputs() {
	case $1 in
	1) echo "$T/events.jsonl" ;;
	2) echo "$T/h00 $T/h01" ;;
	4) echo "$T/q00 $T/q01 $T/q02 $T/q03" ;;
	*) echo "bench/pg: P must be 1, 2 or 4" >&2; exit 1 ;;
	esac
}

# run_all LABEL CMD...: runs CMD once per line of $T/jobs (each line is
# appended to CMD as its last arguments) all at once; prints wall seconds
# and the processes' summed CPU seconds.
run_all() {
	label=$1
	shift
	k=0
	t0=$(date +%s.%N)
	while read -r extra; do
		k=$((k + 1))
		# shellcheck disable=SC2086
		"$RSS" "$T/rss.$label.$k" "$@" $extra >"$T/out.$label.$k" 2>&1 &
	done <"$T/jobs"
	wait
	t1=$(date +%s.%N)
	cpu=$(cat "$T"/rss."$label".* | tr ' ' '\n' |
		awk -F= '$1 == "user" || $1 == "sys" { s += $2 } END { printf "%.2f", s }')
	bad=$(cat "$T"/rss."$label".* | tr ' ' '\n' | grep -c '^status=[1-9]' || true)
	if [ "$bad" -gt 0 ]; then
		echo "bench/pg: $label: $bad process(es) failed:" >&2
		cat "$T"/out."$label".* >&2
		exit 1
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }' >"$T/wall"
	echo "$cpu" >"$T/cpu"
}

# bench BACKEND P: one store, P ingests then P scans; one table row each.
bench() {
	be=$1 p=$2
	if [ "$be" = postgres ]; then
		psql -q -X -d "$url" -c "CREATE DATABASE bench_$p" >/dev/null
		db="${url%/*}/bench_$p"
		export NETRA_EVIDENCE_KEY="$T/evidence_$p.key"
	else
		db="$T/bench_$p.db"
	fi
	n() { "$NETRA_BIN" --db "$db" "$@"; }
	n registry import --units "$T/units.csv" --employees "$T/employees.csv" \
		--accounts "$T/accounts.csv" >/dev/null
	n hoax import "$NETRA_SRC/data/demo/debunks.jsonl" >/dev/null
	rm -f "$T"/rss.* "$T"/out.*
	inputs "$p" | tr ' ' '\n' | sed 's/^/--quiet --json /' >"$T/jobs"
	s0=$([ "$be" = postgres ] && server_cpu || echo 0)
	run_all ingest "$NETRA_BIN" --db "$db" ingest
	s1=$([ "$be" = postgres ] && server_cpu || echo 0)
	iw=$(cat "$T/wall") ic=$(cat "$T/cpu")
	stored=$(cat "$T"/out.ingest.* | sed -n 's/.*"ingested":\([0-9]*\).*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	: >"$T/jobs"
	k=0
	while [ $k -lt "$p" ]; do
		echo "" >>"$T/jobs"
		k=$((k + 1))
	done
	# no images are fetched: --media-grace 0 judges every event at once
	if [ "${PG_BENCH_SCAN:-scan}" = worker ]; then
		run_all scan "$NETRA_BIN" --db "$db" worker --once --jobs scan \
			--threads 1 --election "$election" --media-grace 0
	else
		run_all scan "$NETRA_BIN" --db "$db" scan --threads 1 \
			--election "$election" --media-grace 0
	fi
	s2=$([ "$be" = postgres ] && server_cpu || echo 0)
	sw=$(cat "$T/wall") sc=$(cat "$T/cpu")
	judged=$(cat "$T"/out.scan.* | sed -n 's/^scan: \([0-9]*\) events judged.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	calls=$(cat "$T"/out.scan.* | sed -n 's/.* \([0-9]*\) judge calls.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	if [ "$be" = postgres ]; then
		q() { psql -X -A -t -d "$db" -c "$1"; }
	else
		q() { sqlite3 "$db" "$1"; }
	fi
	ev=$(q "SELECT COUNT(*) FROM events")
	todo=$(q "SELECT COUNT(*) FROM events WHERE type <> 'delete'")
	# Every event covered by exactly one scan mark (migration 022; a
	# verdict row is kept only for a verdict that is not clean), the
	# marks counting every event judged once, no verdict twice.
	once=$(q "SELECT COUNT(*) FROM events e WHERE (SELECT COUNT(*) FROM scan_marks m WHERE m.block = e.id / 1024 AND m.lo <= e.id AND m.hi >= e.id) = 1")
	marked=$(q "SELECT COALESCE(SUM(judged), 0) FROM scan_marks")
	vdup=$(q "SELECT COUNT(*) FROM (SELECT event_id FROM verdicts GROUP BY event_id HAVING COUNT(*) > 1) d")
	if [ "$ev" != "$stored" ] || [ "$once" != "$ev" ] ||
		[ "$marked" != "$todo" ] || [ "$vdup" != 0 ] ||
		[ "$judged" != "$todo" ] || [ "$calls" != "$todo" ]; then
		echo "bench/pg: $be P=$p: events $ev (ingest said $stored)," \
			"$once covered by one scan mark, marks judged $marked of" \
			"$todo, $vdup events with two verdicts, judged $judged," \
			"judge calls $calls" >&2
		exit 1
	fi
	awk -v be="$be" -v p="$p" -v lines="$lines" -v iw="$iw" -v ic="$ic" \
	    -v is="$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')" \
	    -v sw="$sw" -v sc="$sc" -v stored="$stored" -v judged="$judged" \
	    -v calls="$calls" \
	    -v ss="$(awk -v a="$s1" -v b="$s2" 'BEGIN { print b - a }')" 'BEGIN {
		printf "%-9s %2d  ingest %7.2f s %8.0f ev/s  cpu netra %6.2f server %6.2f (%5.1f us/ev)",
		       be, p, iw, lines / iw, ic, is, (ic + is) * 1e6 / lines
		printf "  |  scan %7.2f s %7.0f ev/s  cpu netra %6.2f server %6.2f (%5.1f us/ev)  stored %d judged %d calls %d\n",
		       sw, stored / sw, sc, ss, (sc + ss) * 1e6 / stored,
		       stored, judged, calls
	}'
}

echo "backend   P  (ingest: P processes on 1/P of the file each; scan: P processes sharing leases, --threads 1)"
for p in $PROCS; do
	bench sqlite "$p"
done
for p in $PROCS; do
	bench postgres "$p"
done
