#!/bin/sh
# `netra collect` fetches the next page while it ingests the one before
# (run.c, docs/collect.md "Fetching ahead"). Shown without a clock: a
# sqlite3 shell takes the store's write lock once the collector has asked
# for an account's first timeline page, so that page cannot be stored;
# the second page must still be asked for meanwhile (a collector that
# asks only after storing never does while the lock is held). Once the
# lock is gone every tweet is stored exactly once and no page was asked
# for twice. A second account's first page says its rate-limit window is
# spent until long after max_wait: the page fetched ahead sends nothing
# (the client refuses to wait) and the account's error is recorded.
# The same again on a fresh store with an hourly budget (the first
# request of a page fetched ahead is charged before its fetch starts,
# so the lock would hold that charge back: no lock there): the budget
# counts exactly the requests the server received, the charge of the
# page never sent given back. SQLite only (the lock is SQLite's).
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
[ "${NETRA_TEST_STORE:-sqlite}" = sqlite ] || skip "holds a SQLite lock"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

registry_x 2
mkdir -p fx/x
python3 - <<'EOC'
import json
routes = []
for a, uid in ((1, "6001"), (2, "6002")):
    name = "pegawai_%05d" % a
    json.dump({"data": {"id": uid, "username": name, "name": "P", "protected": False}},
              open("fx/x/user_%d.json" % a, "w"))
    routes.append({"path": "/2/users/by/username/" + name, "responses": [{"body_file": "x/user_%d.json" % a}]})
    for p in range(3):
        data = [{"id": str(1867000000000000000 + a * 1000 + (3 - p) * 10 - k),
                 "text": "kabar %d %d %d" % (a, p, k), "author_id": uid,
                 "created_at": "2026-12-01T0%d:00:00.000Z" % k} for k in range(5)]
        body = {"data": data, "meta": {"result_count": 5}}
        if p < 2:
            body["meta"]["next_token"] = "a%dp%d" % (a, p + 1)
        json.dump(body, open("fx/x/tl_%d_%d.json" % (a, p), "w"))
        resp = {"body_file": "x/tl_%d_%d.json" % (a, p)}
        if a == 1 and p == 0:
            resp["delay"] = 1.5  # time to take the lock (timeout: 2)
        if a == 2 and p == 0:  # the window spent for two hours
            resp["headers"] = {"x-rate-limit-remaining": "0"}
            resp["reset_in"] = 7200
        routes.append({"path": "/2/users/%s/tweets" % uid,
                       "query": {"pagination_token": ("a%dp%d" % (a, p)) if p else ""},
                       "responses": [resp]})
    for ep in ("liked_tweets", "following"):
        routes.append({"path": "/2/users/%s/%s" % (uid, ep), "responses": [{"body": {"meta": {"result_count": 0}}}]})
routes.append({"path": "/2/tweets", "responses": [{"body": {"data": []}}]})
json.dump({"routes": routes}, open("scenario.json", "w"))
EOC
start_fake "$TMP/scenario.json" "$TMP/fx"
collect_setup
# phase 1 without a budget (see above)
grep -v hourly_budget collect.yaml > c1.yaml

# asked UID TOKEN: how many times the server was asked for the timeline
# page of user UID with pagination_token TOKEN ("" the first page)
asked() {
	python3 -c 'import json, sys
print(sum(1 for r in map(json.loads, open(sys.argv[1]))
          if r["path"] == "/2/users/%s/tweets" % sys.argv[2]
          and r["query"].get("pagination_token", "") == sys.argv[3]))' \
		"$FAKE_LOG" "$1" "$2"
}
NETRA_BUSY_TIMEOUT=120 "$N" collect --once --json --config c1.yaml \
	> run.out 2> run.err &
pid=$!
i=0
until [ "$(asked 6001 "")" -ge 1 ]; do
	i=$((i + 1))
	[ $i -lt 400 ] || { cat run.err; fail "no first page asked for"; }
	sleep 0.05
done
sqlite_lock_hold
# the first page is not stored (the lock), yet the second is asked for
# (within 30 s, or while the collector lives)
end=$(($(date +%s) + 30))
until [ "$(asked 6001 a1p1)" -ge 1 ]; do
	if [ "$(date +%s)" -gt $end ] || ! kill -0 $pid 2>/dev/null; then
		kill -9 $pid 2>/dev/null || true
		exec 3>&-
		cat run.err
		fail "the second page was not asked for while the first waited to be stored"
	fi
	sleep 0.05
done
[ "$(sqlite3 -cmd ".timeout 5000" "$NETRA_DB" "SELECT COUNT(*) FROM events")" -eq 0 ] ||
	fail "the first page was stored under the lock"
[ "$(asked 6001 a1p2)" -eq 0 ] ||
	fail "the third page was asked for before the first was stored"
sqlite_lock_release
wait $pid || { cat run.err; fail "collect failed"; }
cat run.out
# account 1: its 15 tweets; account 2: its first page only (then rate
# limited until long after max_wait)
[ "$(q "SELECT COUNT(*) FROM events")" -eq 20 ] || fail "events: $(q "SELECT COUNT(*) FROM events")"
[ "$(q "SELECT COUNT(DISTINCT event_id) FROM events")" -eq 20 ] || fail "duplicates"
[ "$(asked 6002 a2p1)" -eq 0 ] ||
	fail "a request went out in a spent rate-limit window"
contains run.err "rate limit window spent until"
[ "$(q "SELECT COUNT(*) FROM collect_errors WHERE message LIKE '%rate limit window spent%'")" -eq 1 ] ||
	fail "the rate limit was not recorded"
python3 - "$FAKE_LOG" <<'EOC' || fail "a page was asked for twice"
import json, sys, collections
c = collections.Counter((r["path"], json.dumps(r["query"], sort_keys=True))
                        for r in map(json.loads, open(sys.argv[1])))
assert max(c.values()) == 1, c
EOC

# phase 2: a fresh store, the budget of collect.yaml
before=$(grep -c . "$FAKE_LOG")
fresh_store
registry_x 2
expect_rc 0 "$N" collect --once --json --config collect.yaml
[ "$(q "SELECT COUNT(*) FROM events")" -eq 20 ] || fail "events (budget)"
sent=$(($(grep -c . "$FAKE_LOG") - before))
[ "$(q "SELECT SUM(requests) FROM collect_budget WHERE platform = 'x'")" -eq "$sent" ] ||
	fail "budget counted $(q "SELECT SUM(requests) FROM collect_budget") of $sent requests"
[ "$(asked 6002 a2p1)" -eq 0 ] || fail "a request went out in a spent window (budget)"
echo "collect_ahead: ok"
