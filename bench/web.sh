#!/bin/sh
# `netra serve` under load (issue 9, performance), with wrk on loopback,
# 2 connections per core:
#  - the queue API (GET /api/v1/findings, a page of 50) for a BKPP user
#    who sees every finding and for one OPD's reviewer, 60 s each, with
#    the server's RSS sampled every 10 s (it must stay flat);
#  - the finding page (/temuan/N over random ids; each view writes its
#    audit row, as in real use);
#  - the self-check API (POST /api/v1/check) on real post texts of the
#    demo city, against `netra check` on the same texts (baseline).
#  - a deep page (page 2,000: rows 99,951-100,000) read by offset and by
#    keyset cursor (`after=`, the "next" of page 1,999), and page 1, for
#    each sort order and direction, with the server's CPU per request
#    (from /proc) beside wrk's figures; WEB_BENCH_PART=deep runs only
#    this part.
# WEB_BENCH_BEFORE=OLD_BINARY first measures the queue with an older build
# (which also makes the store, in its schema), then everything with
# NETRA_BIN on the same store (which migrates it on opening): before and
# after in one run, on one machine state.
# The store: the demo city (10,000 staff, 300,000 events) scanned, then
# its findings copied in SQL (new verdict rows under a marked rulebook,
# same events, employees and units) until there are at least 300,000, as
# the issue asks; the copies change how many rows the queries walk, not
# what they are.
set -eu
: "${NETRA_BIN:=build/netra}" "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
EVENTS=${WEB_BENCH_EVENTS:-300000}
FINDINGS=${WEB_BENCH_FINDINGS:-300000}
SECS=${WEB_BENCH_SECONDS:-60}
command -v wrk >/dev/null || { echo "web bench: wrk missing (Debian wrk)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/netra-web-bench.XXXXXX")
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true
	[ -n "${WEB_BENCH_KEEP:-}" ] || rm -rf "$dir"' EXIT
db="$dir/netra.db"
maker=${WEB_BENCH_BEFORE:-$NETRA_BIN}
n() { "$maker" --db "$db" "$@"; }
q() { sqlite3 "$db" "$1"; }
cores=$(nproc)
conns=$((2 * cores))
pw="sandi-bench-web-2024"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($cores cores)"

"$NETRA_BUILD/demo_gen" --out "$dir" --events "$EVENTS" >/dev/null 2>&1
n registry import --units "$dir/units.csv" --employees "$dir/employees.csv" \
	--accounts "$dir/accounts.csv" >/dev/null
echo "$pw" | n user add sari --role bkpp --unit BKPP --all-units --operator >/dev/null
opd_unit=$(awk -F, 'NR > 1 && $3 == "" && $1 != "BKPP" {print $1; exit}' "$dir/units.csv")
echo "$pw" | n user add peninjau --role opd --unit "$opd_unit" --operator >/dev/null
n ingest --quiet "$dir/events.jsonl" >/dev/null 2>&1 || true
n hoax import "$NETRA_SRC/data/demo/debunks.jsonl" >/dev/null
# no images are fetched: judge the posts with pictures at once too
n scan --media-grace 0 --election "$NETRA_SRC/data/demo/election.yaml" >/dev/null
scanned=$(q "SELECT COUNT(*) FROM findings")
rb=$(q "SELECT rulebook FROM verdicts LIMIT 1")
cols=$(q "SELECT group_concat(name, ', ') FROM pragma_table_info('findings')
	WHERE name NOT IN ('id', 'verdict_id')")
fcols=$(q "SELECT group_concat('f.' || name, ', ') FROM pragma_table_info('findings')
	WHERE name NOT IN ('id', 'verdict_id')")
k=0
while [ "$(q "SELECT COUNT(*) FROM findings")" -lt "$FINDINGS" ]; do
	k=$((k + 1))
	q "BEGIN;
	INSERT INTO verdicts(event_id, rulebook, labels, candidate, score, json, created_at)
	  SELECT event_id, rulebook || '#bench-copy-$k', labels, candidate, score, json, created_at
	  FROM verdicts WHERE rulebook = '$rb' AND id IN (SELECT verdict_id FROM findings);
	INSERT INTO findings(verdict_id, $cols)
	  SELECT v2.id, $fcols FROM findings f JOIN verdicts v ON v.id = f.verdict_id
	  JOIN verdicts v2 ON v2.event_id = v.event_id AND v2.rulebook = v.rulebook || '#bench-copy-$k'
	  WHERE v.rulebook = '$rb';
	COMMIT;"
done
total=$(q "SELECT COUNT(*) FROM findings")
opd_total=$(q "SELECT COUNT(*) FROM findings f JOIN units u ON u.id = f.unit_id,
	units t WHERE t.code = '$opd_unit' AND u.path LIKE t.path || '%'")
maxid=$(q "SELECT MAX(id) FROM findings")
[ -z "${WEB_BENCH_KEEP:-}" ] || echo "store kept: $db"
echo "store: $EVENTS events, $scanned findings from the scan, copied to $total findings ($k copies); OPD $opd_unit sees $opd_total"

# serve BINARY: starts the server, sets url, pid, cb (BKPP's session) and
# co (the OPD reviewer's)
serve() {
	: >"$dir/serve.log"
	"$1" --db "$db" serve --listen 127.0.0.1:0 --threads "$cores" \
		--trusted-proxy 127.0.0.1 >/dev/null 2>"$dir/serve.log" &
	pid=$!
	i=0
	until grep -q "listening on" "$dir/serve.log"; do
		i=$((i + 1)); [ $i -lt 1200 ] || { cat "$dir/serve.log"; exit 1; }
		sleep 0.1
	done
	url=$(sed -n 's/.*listening on \(http[^ ]*\)\/$/\1/p' "$dir/serve.log")
	cb=$(login sari)
	co=$(login peninjau)
}
stop() {
	kill "$pid"
	wait "$pid" || true
	pid=""
}
login() {
	curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$pw\"}" "$url/api/v1/login" |
		sed -n 's/.*\(netra_sesi=[0-9a-f]*\);.*/\1/p'
}
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
# the server's CPU time so far, in clock ticks (user + system)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# run NAME SECONDS URL [wrk args]: requests/s, p50, p99, and the
# server's CPU milliseconds per request
run() {
	name=$1 secs=$2 u=$3
	shift 3
	c0=$(cpu)
	wrk -t "$cores" -c "$conns" -d "${secs}s" --timeout 10s --latency "$@" \
		"$u" >"$dir/wrk.txt" 2>&1
	awk -v name="$name" -v ticks=$(($(cpu) - c0)) -v hz="$(getconf CLK_TCK)" '
	/Requests\/sec/ {rps = $2}
	/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
	/requests in/ {total = $1}
	/Non-2xx/ {bad = $NF}
	/Socket errors/ {err = $0}
	END {printf "%s: %d requests, %.1f requests/s, p50 %s, p99 %s, " \
		"server CPU %.2f ms/request%s%s\n",
		name, total, rps, p50, p99, total ? ticks * 1000 / hz / total : 0,
		bad ? ", NON-2xx: " bad : "", err ? "," err : ""}' "$dir/wrk.txt"
}

# queue LABEL SECONDS: the queue API and page for both users
queue() {
	run "$1 queue API, BKPP (all $total findings), $2 s" "$2" \
		"$url/api/v1/findings?limit=50" -H "Cookie: $cb"
	run "$1 queue API, BKPP, sort=due, $2 s" "$2" \
		"$url/api/v1/findings?limit=50&sort=due" -H "Cookie: $cb"
	run "$1 queue API, OPD reviewer ($opd_total findings), sort=due, 20 s" 20 \
		"$url/api/v1/findings?limit=50&sort=due" -H "Cookie: $co"
	run "$1 queue page /antrean, OPD reviewer, 20 s" 20 "$url/antrean" \
		-H "Cookie: $co"
}

echo "wrk: $cores threads, $conns connections (2 per core), loopback"

# deep LABEL: page 1, and page 2,000 of BKPP's queue by offset and by
# cursor, per sort and direction
deep() {
	for sort in id due created severity state unit; do
		for desc in 0 1; do
			b="$url/api/v1/findings?limit=50&sort=$sort&desc=$desc"
			next=$(curl -s -H "Cookie: $cb" "$b&offset=99900" |
				sed -n 's/.*"next":"\([a-z0-9-]*\)".*/\1/p')
			curl -s -H "Cookie: $cb" "$b&offset=99950" |
				grep -o '"id":[0-9]*' >"$dir/by_offset"
			curl -s -H "Cookie: $cb" "$b&after=$next" |
				grep -o '"id":[0-9]*' >"$dir/by_cursor"
			cmp -s "$dir/by_offset" "$dir/by_cursor" || {
				echo "deep page: $sort/$desc differs by cursor"; exit 1; }
			run "$1 page 1, sort=$sort desc=$desc, 10 s" 10 "$b" \
				-H "Cookie: $cb"
			run "$1 page 2,000, sort=$sort desc=$desc, by offset, 10 s" 10 \
				"$b&offset=99950" -H "Cookie: $cb"
			run "$1 page 2,000, sort=$sort desc=$desc, by cursor, 10 s" 10 \
				"$b&after=$next" -H "Cookie: $cb"
		done
	done
}
if [ "${WEB_BENCH_PART:-all}" = deep ]; then
	serve "$NETRA_BIN"
	deep "queue API, BKPP,"
	stop
	exit 0
fi
if [ -n "${WEB_BENCH_BEFORE:-}" ]; then
	serve "$WEB_BENCH_BEFORE"
	queue "before ($WEB_BENCH_BEFORE):" 20
	stop
fi
t0=$(date +%s.%N)
serve "$NETRA_BIN"
echo "server up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s (migrations included)"
rss0=$(rss)
( for s in $(seq 1 $((SECS / 10))); do sleep 10; rss; done ) >"$dir/rss.txt" &
sampler=$!
run "queue API, BKPP (all $total findings), ${SECS} s" "$SECS" \
	"$url/api/v1/findings?limit=50" -H "Cookie: $cb"
wait "$sampler"
echo "server RSS during the queue run (MB, every 10 s): $rss0 $(tr '\n' ' ' <"$dir/rss.txt")"
queue "" 20
deep "queue API, BKPP,"
run "queue API, BKPP, overdue, sort=severity, 20 s" 20 \
	"$url/api/v1/findings?limit=50&overdue=1&sort=severity" -H "Cookie: $cb"
cat >"$dir/temuan.lua" <<EOF
math.randomseed(7)
request = function()
  return wrk.format("GET", "/temuan/" .. math.random(1, $maxid))
end
EOF
run "finding page /temuan/N (random ids, one audit row each), 20 s" 20 \
	"$url" -s "$dir/temuan.lua" -H "Cookie: $cb"
echo "server RSS after: $(rss) MB"

# self-check: the texts of 20,000 posts of the city
python3 - "$dir/events.jsonl" "$dir/texts.jsonl" "$dir/bodies.txt" <<'EOF'
import json, sys
src, ev, bodies = sys.argv[1:]
n = 0
with open(src) as f, open(ev, 'w') as e, open(bodies, 'w') as b:
    for line in f:
        try:
            o = json.loads(line)
        except ValueError:
            continue
        t = o.get('text')
        if not t or o.get('type') != 'post':
            continue
        n += 1
        e.write(json.dumps({"platform": "x", "id": str(n), "type": "post",
                            "account": "@cek", "text": t}) + "\n")
        b.write(json.dumps({"text": t}) + "\n")
        if n == 20000:
            break
EOF
cat >"$dir/cek.lua" <<EOF
local bodies = {}
for l in io.lines("$dir/bodies.txt") do bodies[#bodies + 1] = l end
local i = 0
request = function()
  i = i + 1
  -- each request from its own client (the server trusts this proxy), so
  -- the per-client limit of the public endpoint does not cap the bench
  return wrk.format("POST", "/api/v1/check",
    {["Content-Type"] = "application/json",
     ["X-Forwarded-For"] = "10." .. (i % 250) .. "." .. (math.floor(i / 250) % 250) .. "." .. (math.floor(i / 62500) % 250 + 1)},
    bodies[(i % #bodies) + 1])
end
EOF
run "self-check API POST /api/v1/check (verdicts/s), 20 s" 20 "$url" -s "$dir/cek.lua"
t0=$(date +%s.%N)
"$NETRA_BIN" check --election "$NETRA_SRC/data/demo/election.yaml" \
	--hoaxes "$NETRA_SRC/data/demo/debunks.jsonl" "$dir/texts.jsonl" >/dev/null
t1=$(date +%s.%N)
awk -v s="$t0" -v e="$t1" -v n="$(wc -l <"$dir/texts.jsonl")" 'BEGIN {
	printf "baseline netra check on the same %d texts: %.0f verdicts/s\n", n, n / (e - s) }'
stop
