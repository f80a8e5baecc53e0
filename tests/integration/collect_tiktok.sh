#!/bin/sh
# `netra collect` with the TikTok Research API module against the fake
# platform server: a client token from the key and secret, every read a
# POST with its JSON body; the video query's first page answered 429 with
# Retry-After (retried no earlier, asserted from the server's times),
# then its cursor and search_id followed to the second page and the next
# 30-day window asked; likes, reposts, follows and pinned videos as
# events with deterministic ids, with no pictures (the Research API's video
# fields have no cover: every request asks for the documented fields
# only); an account user info does not know recorded as gone; a second
# run adds nothing.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198807202012012003,Siti Rahma,Staf,UJI,PNS,
199001052015032002,Akun Hilang,Staf,UJI,PNS,
EOC
cat > accounts.csv <<'EOC'
nip,platform,handle
198807202012012003,tiktok,https://www.tiktok.com/@siti_rahma
199001052015032002,tiktok,@akun_hilang
EOC
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

start_fake "$NETRA_SRC/tests/collect/scenarios/tiktok_basic.json"
collect_setup
umask 077
printf 'tiktok_client_key = awfakeKEY\ntiktok_client_secret = fakeSECRETvalue\n' > tt.creds
umask 022
cat > collect.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
lease_seconds: 60
interval: 1
platforms:
  tiktok:
    credentials: tt.creds
    base_url: http://127.0.0.1:$FAKE_PORT
    timeout: 2
    max_attempts: 4
    backoff_ms: 200
EOC

expect_rc 0 "$N" collect --once --json --platform tiktok --config collect.yaml
cat "$TMP/out"
[ "$(q "SELECT type || ':' || COUNT(*) FROM events GROUP BY type ORDER BY type" | tr '\n' ' ')" = "follow:2 like:1 post:3 repost:1 " ] ||
	{ q "SELECT type, event_id FROM events"; fail "event types"; }
[ "$(q "SELECT target_account || '/' || target_id FROM events WHERE event_id = 'like:siti_rahma:7400000000000200901'")" = "paslon1_official/7400000000000200901" ] ||
	fail "like target"
[ "$(q "SELECT target_account FROM events WHERE event_id = 'follow:siti_rahma:paslon1_official'")" = paslon1_official ] ||
	fail "follow target"
[ "$(q "SELECT status FROM accounts WHERE handle = 'akun_hilang'")" = gone ] ||
	fail "an account user info does not know"
# the Research API gives no picture of a video: no media on posts,
# reposts or likes (the scenario checks the fields asked for)
for ev in 7400000000000200003 repost:siti_rahma:7400000000000200902 \
	like:siti_rahma:7400000000000200901; do
	[ -z "$(media_urls "$ev")" ] || fail "$ev: media $(media_urls "$ev")"
done
python3 - "$FAKE_LOG" <<'EOC' || fail "server log check"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
tok = [r for r in log if r["path"] == "/v2/oauth/token/"]
assert len(tok) == 1 and tok[0]["body"].get("grant_type") == "client_credentials", tok
assert all(r["auth"] for r in log if r["path"] != "/v2/oauth/token/")
vq = [r for r in log if r["path"] == "/v2/research/video/query/"]
assert vq[0]["status"] == 429 and vq[1]["status"] == 200, vq[:2]
assert vq[1]["t"] >= vq[0]["t"] + 1.0, "retried before Retry-After"
b = vq[1]["body"]
assert b["query"]["and"][0]["field_values"] == ["siti_rahma"], b
assert b["query"]["and"][0]["field_name"] == "username"
assert len(b["start_date"]) == 8 and len(b["end_date"]) == 8
assert vq[2]["body"]["cursor"] == 2 and vq[2]["body"]["search_id"] == "7201388525814961198"
assert vq[3]["body"]["start_date"] > vq[1]["body"]["end_date"], "next 30-day window"
assert "cursor" not in vq[3]["body"]
EOC

expect_rc 0 "$N" collect --once --json --platform tiktok --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 7 ] || fail "second run added events"
grep -q fakeSECRET "$TMP/out" "$TMP/err" && fail "secret printed"
q "SELECT message FROM collect_errors" | grep -q "clt.fake" && fail "token stored"
echo "collect_tiktok: ok"
