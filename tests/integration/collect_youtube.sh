#!/bin/sh
# `netra collect` with the YouTube Data API v3 module against the fake
# platform server: the first uploads request answered quotaExceeded
# (recorded, nothing stored), then the channel's uploads in two pages of
# playlistItems + videos, a handle nobody holds recorded as gone, a second
# run that adds nothing; phase 2: the channel renamed under its stable id
# and a video that videos.list no longer answers turned into a delete
# event. The API key never leaves the credentials file.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Joko Prasetyo,Staf,UJI,PNS,
199001052015032002,Siti Hilang,Staf,UJI,PNS,
EOC
cat > accounts.csv <<'EOC'
nip,platform,handle
198503122010011001,youtube,https://www.youtube.com/@jokoprasetyo
199001052015032002,youtube,@siti.hilang
EOC
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

start_fake "$NETRA_SRC/tests/collect/scenarios/youtube_basic.json"
collect_setup
umask 077
printf 'youtube_api_key = AIzaFAKEkey0000secret\n' > yt.creds
umask 022
cat > collect.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
deletion_days: 3650
lease_seconds: 60
interval: 1
platforms:
  youtube:
    credentials: yt.creds
    base_url: http://127.0.0.1:$FAKE_PORT
    timeout: 2
    max_attempts: 2
    backoff_ms: 100
EOC

# Run 1: the quota is spent at the first uploads page.
expect_rc 0 "$N" collect --once --json --platform youtube --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM collect_errors WHERE message LIKE '%quotaExceeded%'")" -ge 1 ] ||
	fail "quota error recorded"
[ "$(q "SELECT status FROM accounts WHERE handle = 'siti.hilang'")" = gone ] ||
	fail "a handle nobody holds is gone"
[ "$(q "SELECT platform_uid FROM accounts WHERE handle = 'jokoprasetyo'")" = UCjokoaaaaaaaaaaaaaaaaa1 ] ||
	fail "the channel id learned"

# Run 2: both pages; the three uploads are posts of the account.
expect_rc 0 "$N" collect --once --json --platform youtube --config collect.yaml
contains "$TMP/out" '"ingested":3,'
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'youtube' AND type = 'post' AND account = 'jokoprasetyo'")" -eq 3 ] ||
	fail "three posts"
[ "$(q "SELECT text FROM events WHERE event_id = 'vid00000002'")" = "Kampanye akbar
Ayo coblos nomor 2 tanggal 27!" ] || fail "title and description"
q "SELECT raw FROM events WHERE event_id = 'vid00000002'" > raw.txt
contains raw.txt '"api":"youtube/v3/videos"'
contains raw.txt '"item":{'

# Run 3: nothing new, nothing twice.
expect_rc 0 "$N" collect --once --json --platform youtube --config collect.yaml
contains "$TMP/out" '"ingested":0,'

# Phase 2: renamed to @joko.baru (same channel id); vid00000002 is gone.
fake_phase 2
expect_rc 0 "$N" collect --once --json --platform youtube --config collect.yaml
contains "$TMP/out" '"renamed":1,'
contains "$TMP/out" '"deleted":1,'
[ "$(q "SELECT handle FROM accounts WHERE platform_uid = 'UCjokoaaaaaaaaaaaaaaaaa1'")" = joko.baru ] ||
	fail "rename"
[ "$(q "SELECT target_id FROM events WHERE event_id = 'delete:vid00000002'")" = vid00000002 ] ||
	fail "delete event"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = 'vid00000002' AND deleted_at IS NOT NULL")" -eq 1 ] ||
	fail "deleted video not marked"
expect_rc 0 "$N" collect --once --json --platform youtube --config collect.yaml
[ "$(q "SELECT COUNT(*) FROM events")" -eq 4 ] || fail "a later run added events"

# The key is sent (server side) and never printed or stored.
grep -q AIzaFAKE "$TMP/out" "$TMP/err" && fail "the key was printed"
q "SELECT message FROM collect_errors" | grep -q AIzaFAKE && fail "key stored"
python3 - "$FAKE_LOG" <<'EOC' || fail "server log check"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["query"].get("key") == "AIzaFAKEkey0000secret" for r in log), "a request without the key"
pl = [r for r in log if r["path"] == "/youtube/v3/playlistItems"]
assert pl[0]["status"] == 403 and pl[1]["status"] == 200, pl[:2]
assert all(r["query"]["maxResults"] == "50" for r in pl)
EOC
echo "collect_youtube: ok"
