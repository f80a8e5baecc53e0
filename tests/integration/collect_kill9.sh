#!/bin/sh
# Crash safety of `netra collect`: three X accounts with twelve pages of
# ten tweets each, the fake server answering each page after 0.1 s; the
# collector is killed with -9 three times at growing event counts and run
# to the end once more. Every tweet is then stored exactly once, with one
# evidence leaf each, and every cursor has ended its walk: a page and its
# cursor commit together, so a killed run loses nothing and the next one
# duplicates nothing (its lease is taken back at once: the holder's
# process is gone).
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
ACCOUNTS=3 PAGES=12 PER=10
TOTAL=$((ACCOUNTS * PAGES * PER))

registry_x $ACCOUNTS
mkdir -p fx/x
python3 - $ACCOUNTS $PAGES $PER <<'EOC'
import json, sys
accounts, pages, per = map(int, sys.argv[1:])
routes = []
for a in range(1, accounts + 1):
    uid, name = str(5000 + a), "pegawai_%05d" % a
    user = {"data": {"id": uid, "username": name, "name": "Pegawai %d" % a, "protected": False}}
    json.dump(user, open("fx/x/user_%d.json" % a, "w"))
    routes.append({"path": "/2/users/by/username/" + name, "responses": [{"body_file": "x/user_%d.json" % a}]})
    routes.append({"path": "/2/users/" + uid, "responses": [{"body_file": "x/user_%d.json" % a}]})
    for p in range(pages):
        data = []
        for k in range(per):
            n = (a * 1000 + (pages - p) * per - k)
            data.append({"id": str(1865000000000000000 + n), "text": "kabar %d" % n,
                         "created_at": "2026-12-0%dT0%d:00:00.000Z" % (1 + p % 5, k % 10),
                         "author_id": uid, "edit_history_tweet_ids": [str(1865000000000000000 + n)]})
        body = {"data": data, "includes": {"users": [{"id": uid, "username": name, "name": "P"}]},
                "meta": {"result_count": per, "newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}}
        if p + 1 < pages:
            body["meta"]["next_token"] = "a%dp%d" % (a, p + 1)
        f = "x/tl_%d_%d.json" % (a, p)
        json.dump(body, open("fx/" + f, "w"))
        q = {"pagination_token": ("a%dp%d" % (a, p)) if p else "", "since_id": ""}
        routes.append({"path": "/2/users/%s/tweets" % uid, "query": q,
                       "responses": [{"body_file": f, "delay": 0.1}]})
    routes.append({"path": "/2/users/%s/tweets" % uid, "responses": [{"body": {"meta": {"result_count": 0}}}]})
    for ep in ("liked_tweets", "following"):
        routes.append({"path": "/2/users/%s/%s" % (uid, ep), "responses": [{"body": {"meta": {"result_count": 0}}}]})
routes.append({"path": "/2/tweets", "responses": [{"body": {"data": []}}]})
json.dump({"routes": routes}, open("scenario.json", "w"))
EOC
start_fake "$TMP/scenario.json" "$TMP/fx"
collect_setup

for at in 30 130 250; do
	"$N" collect --once --config collect.yaml > run.out 2> run.err &
	kill9_at $! "SELECT COUNT(*) FROM events" $at
	echo "killed at $(q "SELECT COUNT(*) FROM events") of $TOTAL events"
done
[ "$(q "SELECT COUNT(*) FROM events")" -lt "$TOTAL" ] || fail "nothing left to resume"
expect_rc 0 "$N" collect --once --json --config collect.yaml
cat "$TMP/out"
[ "$(q "SELECT COUNT(*) FROM events")" -eq "$TOTAL" ] || fail "event count"
[ "$(q "SELECT COUNT(DISTINCT event_id) FROM events")" -eq "$TOTAL" ] || fail "duplicates"
contains "$TMP/out" '"duplicates":0,'
[ "$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0")" -eq "$TOTAL" ] &&
[ "$(q "SELECT COUNT(DISTINCT ref) FROM evidence_leaves WHERE kind = 0")" -eq "$TOTAL" ] ||
	fail "evidence leaves do not match events one to one"
[ "$(q "SELECT COUNT(*) FROM collect_cursors WHERE endpoint = 'tweets' AND page_cursor = '' AND since_cursor <> ''")" -eq "$ACCOUNTS" ] ||
	fail "cursors did not end their walks"
# A resumed walk goes on from its stored page: no page after the first
# is asked for twice, except those each kill cut off before they were
# stored: the page being ingested and the one fetched ahead meanwhile.
python3 - "$FAKE_LOG" <<'EOC' || fail "server log"
import json, sys, collections
c = collections.Counter((r["path"], r["query"]["pagination_token"])
                        for r in map(json.loads, open(sys.argv[1]))
                        if r["path"].startswith("/2/users/") and r["query"].get("pagination_token"))
again = sum(n - 1 for n in c.values() if n > 1)
assert again <= 2 * 3, c
print("pages asked for again after a kill: %d" % again)
EOC
echo "collect_kill9: ok"
