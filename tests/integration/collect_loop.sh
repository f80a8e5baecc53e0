#!/bin/sh
# `netra collect` without --once: rounds every `interval` seconds until
# SIGTERM, which ends the run cleanly (exit 0, a summary of every round).
# One account answers 503 to everything: each round records its error
# after the retries and goes on with the others (a platform's failure
# costs its account, never the run); the budget table counts every
# request sent.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
printf 'nip,name,position,unit_code,status,supervisor_nip\n198503122010011001,Budi Santoso,Staf,UJI,PNS,\n199001052015032002,Rusak,Staf,UJI,PNS,\n' > employees.csv
printf 'nip,platform,handle\n198503122010011001,x,budi_s\n199001052015032002,x,rusak_r\n' > accounts.csv
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv
cat > scenario.json <<'EOC'
{"routes": [
 {"path": "/2/users/by/username/budi_s", "responses": [{"body_file": "x/user_budi.json"}]},
 {"path": "/2/users/1001", "responses": [{"body_file": "x/user_budi.json"}]},
 {"path": "/2/users/1001/tweets", "query": {"since_id": ""}, "responses": [{"body_file": "x/tweets_p3.json"}]},
 {"path": "/2/users/1001/tweets", "responses": [{"body_file": "x/tweets_empty.json"}]},
 {"path": "/2/users/1001/liked_tweets", "responses": [{"body_file": "x/tweets_empty.json"}]},
 {"path": "/2/users/1001/following", "responses": [{"body_file": "x/tweets_empty.json"}]},
 {"path": "/2/tweets", "responses": [{"body_file": "x/lookup_all.json"}]},
 {"path": "/2/users/by/username/rusak_r", "responses": [{"status": 503, "body_file": "x/error_503.json"}]}
]}
EOC
start_fake "$TMP/scenario.json"
collect_setup

"$N" collect --config collect.yaml --json > loop.out 2> loop.err &
pid=$!
i=0
while [ "$(grep -c '"/2/users/1001"' "$FAKE_LOG")" -lt 2 ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || { kill -9 $pid; cat loop.err; fail "no third round in 60 s"; }
	kill -0 $pid 2>/dev/null || { cat loop.err; fail "the loop ended by itself"; }
	sleep 0.1
done
kill -TERM $pid
set +e
wait $pid
st=$?
set -e
[ "$st" -eq 0 ] || { cat loop.err; fail "SIGTERM: exit $st"; }
cat loop.out
rounds=$(sed -n 's/.*"rounds":\([0-9]*\).*/\1/p' loop.out)
[ "${rounds:-0}" -ge 3 ] || fail "rounds: $rounds"
contains loop.out '"ingested":1,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 1 ] || fail "events"
# every round recorded rusak_r's failure, after its four attempts
[ "$(q "SELECT COUNT(*) FROM collect_errors e JOIN accounts a ON a.id = e.account_id WHERE a.handle = 'rusak_r' AND e.message LIKE '%HTTP 503 after 4 attempts%'")" -ge 2 ] ||
	{ q "SELECT * FROM collect_errors"; fail "503 errors not recorded"; }
[ "$(q "SELECT COUNT(*) FROM collect_accounts WHERE last_success IS NOT NULL")" -eq 1 ] ||
	fail "last success"
sent=$(grep -c . "$FAKE_LOG")
[ "$(q "SELECT SUM(requests) FROM collect_budget WHERE platform = 'x'")" -eq "$sent" ] ||
	fail "budget counted $(q "SELECT SUM(requests) FROM collect_budget") of $sent requests"
echo "collect_loop: ok"
