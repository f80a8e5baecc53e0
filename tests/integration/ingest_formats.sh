#!/bin/sh
# `netra ingest` of the formats the field's tools write: X API v2 pages
# whose authors are missing from includes.users (suspended or withheld:
# stored when the account is registered by its stable user id,
# x.com/i/user/N, skipped otherwise), `twarc2 flatten` output, and the
# metadata files yt-dlp, gallery-dl and instaloader write.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'CSV'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
199001052015032002,Rina Wulandari,Staf,UJI,PNS,
199203142019032004,Dewi Lestari,Staf,UJI,PNS,
198807202012012003,Siti Rahma,Staf,UJI,PNS,
199512252020121006,Andi Setiawan,Staf,UJI,PNS,
CSV
cat > accounts.csv <<'CSV'
nip,platform,handle
198503122010011001,x,@Budi_Santoso88
199001052015032002,x,https://x.com/rina_w
199203142019032004,x,https://x.com/i/user/1500000000000000009
199203142019032004,youtube,https://www.youtube.com/@dewi.lestari
198807202012012003,instagram,https://www.instagram.com/siti.rahma/
199512252020121006,tiktok,@andi.setiawan
CSV
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv
[ "$(q "SELECT COUNT(*) FROM accounts WHERE handle = 'id:1500000000000000009'")" -eq 1 ] ||
	fail "the account registered by its stable id"

# A page with suspended authors: the registered one's tweets are stored,
# the unregistered one is skipped, the tweet without author rejected.
expect_rc 0 "$N" ingest --json "$FX/x_withheld.json"
contains "$TMP/out" '"format":"x","read":4,"ingested":2,"duplicates":0,"skipped":1,"rejected":1'
contains "$TMP/err" "x_withheld.json:1: data[3]: missing author_id"
[ "$(q "SELECT COUNT(*) FROM events WHERE account = 'id:1500000000000000009' AND account_id IS NOT NULL")" -eq 2 ] ||
	fail "tweets of the suspended registered account"

# twarc2 flatten: detected without --format; the cut last line rejected.
expect_rc 0 "$N" ingest --json "$FX/x_twarc.jsonl"
contains "$TMP/out" '"format":"x","read":5,"ingested":4,"duplicates":0,"skipped":0,"rejected":1'
contains "$TMP/err" "x_twarc.jsonl:5: not JSON"
[ "$(q "SELECT target_account FROM events WHERE event_id = '1860000000000000002'")" = paslon2_resmi ] ||
	fail "twarc repost target"
expect_rc 0 "$N" ingest --json "$FX/x_twarc.jsonl"
contains "$TMP/out" '"read":5,"ingested":0,"duplicates":4'
# The downloaders' metadata files, each detected by its keys.
D="$FX/downloaders"
expect_rc 0 "$N" ingest --json "$D"/*.xz "$D"/*.info.json "$D"/gallerydl_[0-9]*.json
contains "$TMP/out" '"format":"ytdlp","read":1,"ingested":1,'
contains "$TMP/out" '"format":"instaloader","read":1,"ingested":1,'
contains "$TMP/out" '"format":"instaloader","read":0,'
# a category netra has no platform for: rejected, and exit 1 (all rejected)
expect_rc 1 "$N" ingest --json "$D/gallerydl_reddit.json"
contains "$TMP/out" '"format":"gallerydl","read":1,"ingested":0,"duplicates":0,"skipped":0,"rejected":1'
contains "$TMP/err" "gallerydl_reddit.json:1: metadata: gallery-dl category 'reddit' is not a supported platform"
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'youtube' AND account = 'dewi.lestari'")" -eq 1 ] ||
	fail "yt-dlp YouTube video"
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'tiktok' AND event_id = '7420000000000000001'")" -eq 1 ] ||
	fail "yt-dlp TikTok video"
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'instagram' AND account = 'siti.rahma'")" -eq 2 ] ||
	fail "instaloader and gallery-dl Instagram posts"
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'x' AND event_id = '1840000000000000099'")" -eq 1 ] ||
	fail "gallery-dl tweet"
[ "$(q "SELECT type || ' ' || target_id FROM events WHERE event_id = '1840000000000000100'")" = "repost 1830000000000000009" ] ||
	fail "gallery-dl retweet"
# A folder: its event files at any depth, media and hidden files left
# alone; everything is already stored.
mkdir -p dl/sub dl/.hidden
cp "$D"/*.xz "$D"/*.info.json dl/
cp "$D"/gallerydl_[0-9]*.json dl/sub/
printf 'not json' > dl/video.mp4
cp "$D/gallerydl_reddit.json" dl/.hidden/
expect_rc 0 "$N" ingest --json dl
[ "$(grep -c '"file":' "$TMP/out")" -eq 7 ] || fail "files read from the folder: $(cat "$TMP/out")"
contains "$TMP/out" '"file":"dl/sub/gallerydl_3450000000000000001.json","format":"gallerydl","read":1,"ingested":0,"duplicates":1'
mkdir empty
expect_rc 1 "$N" ingest empty
contains "$TMP/err" "empty: no .json, .json.xz, .jsonl, .ndjson or .csv file in it"

# a cut .json.xz is an input that cannot be read: exit 1, named
head -c 100 "$D/2024-10-06_03-00-00_UTC.json.xz" > cut.json.xz
expect_rc 1 "$N" ingest cut.json.xz
contains "$TMP/err" "cut.json.xz: the xz stream is cut short"

# What is shown of every stored event, downloaders' included, is derived
# from its hashed raw and agrees with it (evidence audit re-derives each).
# Only X tweets may leave columns unchecked (their raw names the author
# by number; the handle sat in the response's includes): every event a
# downloader's file gave is checked.
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"mismatches":0'
xs=$(sql "SELECT COUNT(*) FROM events WHERE platform = 'x'")
unchecked=$(sed -n 's/.*"shown_unchecked":\([0-9]*\).*/\1/p' "$TMP/out")
[ -n "$unchecked" ] && [ "$unchecked" -le "$xs" ] ||
	fail "$unchecked events shown unchecked, more than the $xs X tweets"
echo ok
