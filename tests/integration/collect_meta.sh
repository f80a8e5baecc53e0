#!/bin/sh
# `netra collect` with the Meta Graph API modules against the fake platform
# server. Instagram: business discovery's media in two pages; the first
# page's X-Business-Use-Case-Usage says the calls are spent for a minute,
# so the second page waits for a later run (resumed from the stored
# cursor, a post older than the election window ending the walk); an
# account discovery cannot find is recorded as gone; a carousel's
# pictures all in the event's media[] (the discovery asks for children).
# Facebook: a Page's posts (and a comment under one) in two pages, an
# album's pictures all in media[] (asked: attachments with
# subattachments), a second run that adds
# nothing; phase 2: a post deleted, found by asking for each known post
# by id; phase 3: the Page migrated to another id, recorded as gone with
# the new id in the detail; phase 4: an Instagram account whose old
# username business discovery no longer finds, its stable id known:
# recorded possibly renamed (not gone), counted by collect status.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
199001052015032002,Siti Hilang,Staf,UJI,PNS,
198807202012012003,Admin Dinas,Staf,UJI,PNS,
EOC
cat > accounts.csv <<'EOC'
nip,platform,handle
198503122010011001,instagram,https://www.instagram.com/budi.santoso/
199001052015032002,instagram,siti.hilang
198807202012012003,facebook,https://www.facebook.com/dinaskebersihan
EOC
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

start_fake "$NETRA_SRC/tests/collect/scenarios/meta_basic.json"
collect_setup
umask 077
printf 'meta_access_token = EAAGfakeTOKENsecret\ninstagram_user_id = 17841405309211844\n' > meta.creds
umask 022
cat > collect.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
deletion_days: 3650
lease_seconds: 60
interval: 1
platforms:
  instagram:
    credentials: meta.creds
    base_url: http://127.0.0.1:$FAKE_PORT
    timeout: 2
    max_attempts: 2
    max_wait: 5
    backoff_ms: 100
  facebook:
    credentials: meta.creds
    base_url: http://127.0.0.1:$FAKE_PORT
    timeout: 2
    max_attempts: 2
    backoff_ms: 100
EOC

expect_rc 0 "$N" collect --once --json --config collect.yaml
cat "$TMP/out"
# Instagram: page 1 stored; page 2 not asked (the usage header's reset is
# past max_wait): a "not now" error, the cursor kept
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'instagram'")" -eq 2 ] ||
	fail "Instagram page 1"
[ "$(q "SELECT account FROM events WHERE event_id = '17900000000001002'")" = budi.santoso ] ||
	fail "media without username attributed to the account"
[ "$(q "SELECT page_cursor FROM collect_cursors c JOIN accounts a ON a.id = c.account_id WHERE a.handle = 'budi.santoso'")" = QVFIUmxtTExBWVZAa ] ||
	fail "cursor kept for the next run"
[ "$(q "SELECT platform_uid FROM accounts WHERE handle = 'budi.santoso'")" = 17841400000000001 ] ||
	fail "IG user id learned"
# Facebook: three posts and the comment of an unregistered account
# (skipped); the Page's posts under its registered handle
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'facebook' AND account = 'dinaskebersihan'")" -eq 3 ] ||
	fail "Page posts"
[ "$(q "SELECT platform_uid FROM accounts WHERE handle = 'dinaskebersihan'")" = 104000000000001 ] ||
	fail "Page id learned"
# every picture of a carousel (children, a video's thumbnail) and of an
# album (attachments.subattachments), not only the first
IG=https://scontent.cdninstagram.com/v/t51.29350-15
[ "$(media_urls 17900000000001002)" = "$IG/fiktif_1002_1.jpg $IG/fiktif_1002_2_thumb.jpg $IG/fiktif_1002_3.jpg" ] ||
	fail "carousel media: $(media_urls 17900000000001002)"
[ "$(media_urls 17900000000001003)" = "$IG/fiktif_1003.jpg" ] || fail "single image media"
FB=https://scontent.xx.fbcdn.net/v/t39.30808-6
[ "$(media_urls 104000000000001_900000000001002)" = "$FB/fiktif_album_1.jpg $FB/fiktif_album_2.jpg $FB/fiktif_album_3.jpg" ] ||
	fail "album media: $(media_urls 104000000000001_900000000001002)"

# Run 2: Instagram resumes at page 2, whose one media is older than the
# window: stored nothing, walk ended. Facebook: nothing new.
expect_rc 0 "$N" collect --once --json --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 5 ] || fail "second run"
[ "$(q "SELECT page_cursor FROM collect_cursors c JOIN accounts a ON a.id = c.account_id WHERE a.handle = 'budi.santoso'")" = "" ] ||
	fail "Instagram walk ended"
# (in run 1 the spent window held back every later discovery request)
[ "$(q "SELECT status FROM accounts WHERE handle = 'siti.hilang'")" = gone ] ||
	fail "an account discovery cannot find"
python3 - "$FAKE_LOG" <<'EOC' || fail "server log check"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["query"].get("access_token") == "EAAGfakeTOKENsecret" for r in log)
p2 = [r for r in log if "media.after(QVFIUmxtTExBWVZAa)" in r["query"].get("fields", "")]
assert len(p2) == 1, p2  # asked once, in the second run
fb = [r for r in log if r["path"].endswith("/posts")]
assert all("since" in r["query"] and "until" in r["query"] for r in fb), fb
EOC

# Phase 2: a post of the Page is gone (asked for by its id: error 100,
# subcode 33): a delete event that keeps the platform's error.
fake_phase 2
expect_rc 0 "$N" collect --once --json --platform facebook --config collect.yaml
contains "$TMP/out" '"deleted":1,'
[ "$(q "SELECT target_id FROM events WHERE event_id = 'delete:104000000000001_900000000001002'")" = 104000000000001_900000000001002 ] ||
	fail "delete event"
q "SELECT raw FROM events WHERE event_id = 'delete:104000000000001_900000000001002'" > del.txt
contains del.txt '"error_subcode":33'
[ "$(q "SELECT COUNT(*) FROM events WHERE deleted_at IS NOT NULL")" -eq 1 ] ||
	fail "only the deleted post is marked"

# Phase 3: the Page migrated to another id.
fake_phase 3
expect_rc 0 "$N" collect --once --json --platform facebook --config collect.yaml
[ "$(q "SELECT status FROM accounts WHERE handle = 'dinaskebersihan'")" = gone ] ||
	fail "migrated Page"
q "SELECT c.detail FROM account_changes c JOIN accounts a ON a.id = c.account_id WHERE a.handle = 'dinaskebersihan' AND c.new_value = 'gone'" > changes.txt
contains changes.txt "migrated to page ID 104000000000777"

# Phase 4: business discovery no longer finds budi.santoso, whose stable
# id it gave before: possibly renamed (not gone); an account never found
# (no id) stays gone. Shown by collect status.
fake_phase 4
expect_rc 0 "$N" collect --once --json --platform instagram --config collect.yaml
[ "$(q "SELECT status FROM accounts WHERE handle = 'budi.santoso'")" = maybe_renamed ] ||
	fail "renamed IG account: $(q "SELECT status FROM accounts WHERE handle = 'budi.santoso'")"
[ "$(q "SELECT status FROM accounts WHERE handle = 'siti.hilang'")" = gone ] ||
	fail "an account never found"
q "SELECT c.old_value || '>' || c.new_value || ' ' || c.detail FROM account_changes c JOIN accounts a ON a.id = c.account_id WHERE a.handle = 'budi.santoso' AND c.kind = 'status'" > changes.txt
contains changes.txt "active>maybe_renamed possibly renamed: @budi.santoso not found"
contains changes.txt "account id 17841400000000001 was seen before"
expect_rc 0 "$N" collect status --json
python3 - "$TMP/out" <<'EOC' || fail "status"
import json, sys
rows = {(r["platform"], r["unit"]): r for r in json.load(open(sys.argv[1]))}
ig = rows[("instagram", "")]
assert ig["maybe_renamed"] == 1 and ig["unreachable"] == 1, ig
assert rows[("instagram", "UJI")]["maybe_renamed"] == 1
EOC
expect_rc 0 "$N" collect status
contains "$TMP/out" "renamed?"
grep -q EAAGfake "$TMP/out" "$TMP/err" && fail "token printed"
echo "collect_meta: ok"
