#!/bin/sh
# bench/collect.sh - events per second through `netra collect` (X API v2
# module) against the fake platform server on 127.0.0.1, beside plain
# `netra ingest` of the same X response pages from a file, in the same
# run (issue 10 asks for at least 0.5 of file ingest). Each account's
# timeline is PAGES pages of PER tweets; likes, follows and the deletion
# lookup answer empty. Prints wall and CPU seconds and events/s of both,
# and the ratio, with the load average at the start; appends them to
# bench/results/collect.txt. NETRA_BIN_BEFORE=PATH also times that
# binary's collect in the same run (before/after a change, on the same
# machine at the same moment); RUNS=N repeats the whole measurement N
# times, the binaries taking turns, each on fresh stores.
#
#   NETRA_BUILD=build sh bench/collect.sh
#   NETRA_BIN_BEFORE=/tmp/netra-old RUNS=3 NETRA_BUILD=build sh bench/collect.sh
#   ACCOUNTS=10 PAGES=10 sh bench/collect.sh     # smaller
set -eu
cd "$(dirname "$0")/.."
SRC=$PWD
BIN=${NETRA_BIN:-$PWD/${NETRA_BUILD:-build}/netra}
BEFORE=${NETRA_BIN_BEFORE:-}
RUNS=${RUNS:-1}
ACCOUNTS=${ACCOUNTS:-20} PAGES=${PAGES:-25} PER=${PER:-100}
TOTAL=$((ACCOUNTS * PAGES * PER))
T=$(mktemp -d "${TMPDIR:-/tmp}/netra-bench-collect.XXXXXX")
FAKE=""
trap '[ -n "$FAKE" ] && kill $FAKE 2>/dev/null; rm -rf "$T"' EXIT
cd "$T"

registry() { # the same registry in store $1
	NETRA_DB=$1 "$BIN" registry import --units units.csv \
		--employees employees.csv --accounts accounts.csv >/dev/null
}
printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
awk -v n="$ACCOUNTS" 'BEGIN {
	print "nip,name,position,unit_code,status,supervisor_nip" > "employees.csv"
	print "nip,platform,handle" > "accounts.csv"
	for (i = 1; i <= n; i++) {
		m = 1 + i % 12; d = 1 + int(i / 12) % 28; g = 1 + i % 2
		printf("1985%02d%02d201001%d001,Pegawai %d,Staf,UJI,PNS,\n", m, d, g, i) > "employees.csv"
		printf("1985%02d%02d201001%d001,x,pegawai_%05d\n", m, d, g, i) > "accounts.csv"
	}
}'
mkdir -p fx/x
python3 - "$ACCOUNTS" "$PAGES" "$PER" <<'EOC'
import json, sys
accounts, pages, per = map(int, sys.argv[1:])
routes, lines = [], open("pages.jsonl", "w")
text = "Kegiatan pelayanan publik hari ini berjalan lancar, terima kasih warga #%d"
for a in range(1, accounts + 1):
    uid, name = str(7000 + a), "pegawai_%05d" % a
    user = {"data": {"id": uid, "username": name, "name": "P", "protected": False}}
    json.dump(user, open("fx/x/u%d.json" % a, "w"))
    routes.append({"path": "/2/users/by/username/" + name, "responses": [{"body_file": "x/u%d.json" % a}]})
    for p in range(pages):
        data = []
        for k in range(per):
            n = a * 10**6 + (pages - p) * per - k
            tid = str(1866000000000000000 + n)
            data.append({"id": tid, "text": text % n, "created_at": "2026-12-0%dT0%d:00:00.000Z" % (1 + p % 5, k % 10),
                         "author_id": uid, "edit_history_tweet_ids": [tid]})
        body = {"data": data, "includes": {"users": [{"id": uid, "username": name, "name": "P"}]},
                "meta": {"result_count": per, "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}}
        if p + 1 < pages:
            body["meta"]["next_token"] = "a%dp%d" % (a, p + 1)
        s = json.dumps(body, separators=(",", ":"))
        open("fx/x/t%d_%d.json" % (a, p), "w").write(s)
        lines.write(s + "\n")
        routes.append({"path": "/2/users/%s/tweets" % uid,
                       "query": {"pagination_token": ("a%dp%d" % (a, p)) if p else ""},
                       "responses": [{"body_file": "x/t%d_%d.json" % (a, p)}]})
    for ep in ("liked_tweets", "following"):
        routes.append({"path": "/2/users/%s/%s" % (uid, ep), "responses": [{"body": {"meta": {"result_count": 0}}}]})
routes.append({"path": "/2/tweets", "responses": [{"body": {"data": []}}]})
json.dump({"routes": routes}, open("scenario.json", "w"))
EOC
python3 "$SRC/tests/collect/fake_platform.py" scenario.json --port-file port \
	--log fake.log --fixtures fx --max-seconds 1800 &
FAKE=$!
while [ ! -s port ]; do sleep 0.05; done
end=$(date -u -d '+7 days' +%F)
vote=$(date -u -d '+10 days' +%F)
sed -e "s/campaign_period: {start: [0-9-]*, end: [0-9-]*}/campaign_period: {start: 2026-11-01, end: $end}/" \
	-e "s/^  voting_day: .*/  voting_day: $vote/" "$SRC/data/demo/election.yaml" > election.yaml
(umask 077; echo 'bearer_token = bench' > x.creds)
cat > collect.yaml <<EOC
election: election.yaml
deletion_days: 3650
deletion_max: 100
max_pages: 100000
platforms:
  x:
    credentials: x.creds
    base_url: http://127.0.0.1:$(cat port)
EOC

# timed CMD...: sets WALL and CPU (user + system) seconds of CMD.
timed() {
	python3 -c 'import resource, subprocess, sys, time
t = time.monotonic()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f" % (time.monotonic() - t, u.ru_utime + u.ru_stime))
sys.exit(r.returncode)' "$@" > times.txt
	read -r WALL CPU < times.txt
}
# collect_once BIN DB: times BIN's collect into the fresh store DB (CW,
# CC) and checks it stored every tweet; the requests it sent in REQ.
collect_once() {
	registry "$2"
	sent=$(wc -l < fake.log)
	NETRA_DB="$2" timed "$1" collect --once --config collect.yaml
	CW=$WALL CC=$CPU REQ=$(($(wc -l < fake.log) - sent))
	got=$(sqlite3 "$2" "SELECT COUNT(*) FROM events")
	[ "$got" -eq "$TOTAL" ] ||
		{ echo "bench/collect: expected $TOTAL events, $1 collected $got" >&2; exit 1; }
}

# report WHAT: the line of one collect beside the file ingest.
report() {
	line=$(python3 -c 'import sys
what, load, n, a, p, k, req, fw, fc, cw, cc = sys.argv[1:]
n, fw, fc, cw, cc = int(n), float(fw), float(fc), float(cw), float(cc)
print("%s%d events (%s accounts x %s pages x %s), %s requests, load %s | file ingest: %.2f s wall, %.2f s CPU, %.0f events/s | collect: %.2f s wall, %.2f s CPU (netra only), %.0f events/s | ratio %.2f (wall), %.2f (netra CPU)"
      % (what, n, a, p, k, req, load, fw, fc, n / fw, cw, cc, n / cw, fw / cw, fc / cc))' \
		"$1" "$LOAD" "$TOTAL" "$ACCOUNTS" "$PAGES" "$PER" "$REQ" "$FW" "$FC" "$CW" "$CC")
	echo "$line"
	echo "$(date -u +%F) $(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo '?') $line" >> "$SRC/bench/results/collect.txt"
}

run=0
while [ $run -lt "$RUNS" ]; do
	run=$((run + 1))
	rm -f "$T"/*.db "$T"/*.db-wal "$T"/*.db-shm
	LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
	registry "$T/file.db"
	NETRA_DB="$T/file.db" timed "$BIN" ingest --format x --quiet pages.jsonl
	FW=$WALL FC=$CPU
	want=$(sqlite3 "$T/file.db" "SELECT COUNT(*) FROM events")
	[ "$want" -eq "$TOTAL" ] ||
		{ echo "bench/collect: expected $TOTAL events, file ingest $want" >&2; exit 1; }
	if [ -n "$BEFORE" ]; then
		collect_once "$BEFORE" "$T/before.db"
		report "before: "
	fi
	collect_once "$BIN" "$T/collect.db"
	report "${BEFORE:+after: }"
done
