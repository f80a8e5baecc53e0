#!/bin/sh
# `netra collect` with the X API v2 module against the fake platform
# server: pages followed to the end, a 429 waited out until the reset the
# server sent (asserted from the server's own request times), a 503 and a
# timeout retried, malformed JSON recorded as an error, protected,
# suspended and unknown accounts recorded with their status, likes and
# follows as events, a second run that adds nothing, then (phase 2) a
# rename learned from the stable id and a deleted post turned into a
# delete event, and `collect status` figures.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\nLAIN,Dinas Lain,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
199001052015032002,Sari Wulandari,Staf,UJI,PNS,
198807202012012003,Dewi Pratiwi,Staf,LAIN,PNS,
199203142019032004,Agus Susanto,Staf,LAIN,PNS,
199105052019031005,Hadi Wijaya,Staf,LAIN,PNS,
EOC
cat > accounts.csv <<'EOC'
nip,platform,handle
198503122010011001,x,budi_s
199001052015032002,x,sari_w
198807202012012003,x,dewi_p
199203142019032004,x,akun_sus
199105052019031005,x,akun_hilang
EOC
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

start_fake "$NETRA_SRC/tests/collect/scenarios/x_basic.json"
collect_setup

# A credentials file others may read is refused before anything is sent.
chmod 644 x.creds
expect_rc 1 "$N" collect --once --config collect.yaml
contains "$TMP/err" "chmod 600"
[ ! -s "$FAKE_LOG" ] || fail "requests sent with a readable credentials file"
chmod 600 x.creds
expect_rc 2 "$N" collect --once --platform nope --config collect.yaml

expect_rc 0 "$N" collect --once --json --config collect.yaml
cat "$TMP/out" "$TMP/err"
grep -q "AAAAfake" "$TMP/err" "$TMP/out" && fail "the token was printed"
contains "$TMP/out" '"ingested":11,'
contains "$TMP/out" '"errors":1}'

# Server side: every request carried the token; the 429's retry came no
# earlier than the x-rate-limit-reset it announced; the 503 and the
# timed-out page were asked for again.
python3 - "$FAKE_LOG" <<'EOC' || fail "server log check"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["auth"] for r in log), "a request without Authorization"
tl = [r for r in log if r["path"] == "/2/users/1001/tweets"]
assert tl[0]["status"] == 429, tl[0]
reset = int(tl[0]["reset"])
assert tl[1]["t"] >= reset, ("retried at %.3f before reset %d" % (tl[1]["t"], reset))
p2 = [r for r in tl if r["query"].get("pagination_token", "").endswith("ndix")]
assert [r["status"] for r in p2] == [503, 200], p2
p3 = [r for r in tl if r["query"].get("pagination_token", "").endswith("ndiy")]
assert len(p3) == 2, p3          # the first one timed out
assert "start_time" in tl[0]["query"] and tl[0]["query"]["max_results"] == "100"
print("server log: 429 retried %.2f s after its reset" % (tl[1]["t"] - reset))
EOC

[ "$(q "SELECT COUNT(*) FROM events WHERE account = 'budi_s'")" -eq 11 ] ||
	fail "events of budi_s"
[ "$(q "SELECT type || ':' || COUNT(*) FROM events GROUP BY type ORDER BY type" | tr '\n' ' ')" = "comment:1 follow:2 like:3 post:3 quote:1 repost:1 " ] ||
	{ q "SELECT type, COUNT(*) FROM events GROUP BY type"; fail "event types"; }
[ "$(q "SELECT target_account FROM events WHERE event_id = 'follow:1001:2001'")" = paslon2_official ] ||
	fail "follow target"
[ "$(q "SELECT target_id FROM events WHERE event_id = '1864000000000000005'")" = 1860000000000000100 ] ||
	fail "repost target"
[ "$(q "SELECT COUNT(*) FROM events WHERE source = 'collect:x'")" -eq 11 ] || fail "source"
[ "$(q "SELECT COUNT(*) FROM evidence_queue")" -eq 0 ] &&
[ "$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0")" -eq 11 ] ||
	fail "evidence leaves"
[ "$(q "SELECT handle || '=' || status FROM accounts WHERE status <> 'active' ORDER BY handle" | tr '\n' ' ')" = "akun_hilang=gone akun_sus=suspended dewi_p=private " ] ||
	fail "account statuses"
[ "$(q "SELECT platform_uid FROM accounts WHERE handle = 'budi_s'")" = 1001 ] || fail "uid"
[ "$(q "SELECT since_cursor || '|' || page_cursor FROM collect_cursors c JOIN accounts a ON a.id = c.account_id WHERE a.handle = 'budi_s' AND endpoint = 'tweets'")" = "1864000000000000006|" ] ||
	fail "tweets cursor"
q "SELECT message FROM collect_errors" > errors.txt
contains errors.txt "users/:id/tweets: not JSON"
grep -q AAAAfake errors.txt && fail "token stored"

# Again: nothing new, nothing duplicated.
expect_rc 0 "$N" collect --once --json --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 11 ] || fail "second run added events"

# Phase 2: budi_s is now @Budi_Baru (same id 1001) and posted under it;
# the quote 1864000000000000004 is gone.
fake_phase 2
expect_rc 0 "$N" collect --once --json --config collect.yaml
cat "$TMP/out"
contains "$TMP/out" '"deleted":1,'
contains "$TMP/out" '"renamed":1,'
[ "$(q "SELECT handle FROM accounts WHERE platform_uid = '1001'")" = budi_baru ] || fail "rename"
[ "$(q "SELECT old_value || '>' || new_value FROM account_changes WHERE kind = 'renamed'")" = "budi_s>budi_baru" ] ||
	fail "rename recorded"
[ "$(q "SELECT COUNT(*) FROM account_handles h JOIN accounts a ON a.id = h.account_id WHERE a.platform_uid = '1001'")" -eq 2 ] ||
	fail "handles"
[ "$(q "SELECT account FROM events WHERE event_id = '1864000000000000008'")" = budi_baru ] ||
	fail "post under the new handle"
[ "$(q "SELECT target_id FROM events WHERE event_id = 'delete:1864000000000000004'")" = 1864000000000000004 ] ||
	fail "delete event"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = '1864000000000000004' AND deleted_at IS NOT NULL")" -eq 1 ] ||
	fail "deleted post not marked"
expect_rc 0 "$N" collect --once --json --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 13 ] || fail "third run duplicated"

# The registry still names the old handle: the stable id decides, the
# import changes nothing and says so.
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv
contains "$TMP/err" "x/@budi_s is the old handle of account @budi_baru"
[ "$(q "SELECT COUNT(*) FROM accounts WHERE platform = 'x'")" -eq 5 ] &&
[ "$(q "SELECT active FROM accounts WHERE handle = 'budi_baru'")" -eq 1 ] ||
	fail "a registry import with the old handle changed the accounts"

# An export made before the rename still matches the employee.
printf '{"platform":"x","id":"old-1","type":"post","account":"@budi_s","text":"lama"}\n' > old.jsonl
expect_rc 0 "$N" ingest --json old.jsonl
contains "$TMP/out" '"ingested":1,'

# Status: x total, UJI and LAIN. LAIN's three accounts are unreachable.
expect_rc 0 "$N" collect status --json
cat "$TMP/out"
python3 - "$TMP/out" <<'EOC' || fail "status figures"
import json, sys
rows = {(r["platform"], r["unit"]): r for r in json.load(open(sys.argv[1]))}
t, u, l = rows[("x", "")], rows[("x", "UJI")], rows[("x", "LAIN")]
assert t["watched"] == 5 and u["watched"] == 2 and l["watched"] == 3, rows
assert t["unreachable"] == 3 and l["unreachable"] == 3 and u["unreachable"] == 0
assert u["events_day"] == 13 and t["events_day"] == 13, u
assert u["errors_day"] >= 1 and u["last_success"] > 0
assert t["silent"] == 0
EOC
expect_rc 0 "$N" collect status
contains "$TMP/out" "unreachable"
echo "collect_x: ok"
