#!/bin/sh
# The importers of the downloaders' metadata read what the Debian tools
# really write (the netra collect downloader modules and `netra ingest
# DIR` rely on it), without reaching any platform: yt-dlp 2023.03.04
# re-writes a TikTok and a YouTube info dict it loads (--load-info-json,
# --skip-download --write-info-json: its own writer, its own added
# fields), instaloader 4.9.5 saves a post with save_structure_to_file
# (the .json.xz its CLI writes); netra ingests each as a post of the
# registered account. gallery-dl's field names are checked against its
# source (docs/collect.md), since it cannot write a post offline.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
for t in yt-dlp instaloader; do
	command -v "$t" >/dev/null || fail "$t is not installed (scripts/deps.sh)"
done

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'CSV'
nip,name,position,unit_code,status,supervisor_nip
198807202012012003,Siti Rahma,Staf,UJI,PNS,
199203142019032004,Dewi Lestari,Staf,UJI,PNS,
CSV
cat > accounts.csv <<'CSV'
nip,platform,handle
198807202012012003,tiktok,@siti_rahma
198807202012012003,instagram,siti.rahma
199203142019032004,youtube,https://www.youtube.com/@dewi.lestari
CSV
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

# yt-dlp writes its info.json from a dict shaped as its TikTok and YouTube
# extractors return them (fields as in their sources, fictional values)
mkdir in dl
cat > in/tt.info.json <<'JSON'
{"id": "7400000000000100001", "title": "Ayo ke TPS", "description": "Ayo ke TPS tanggal 27 #Pilkada2024", "uploader": "siti_rahma", "creator": "Siti R", "uploader_id": "6691488002098119685", "uploader_url": "https://www.tiktok.com/@siti_rahma", "timestamp": 1727856060, "webpage_url": "https://www.tiktok.com/@siti_rahma/video/7400000000000100001", "extractor": "TikTok", "extractor_key": "TikTok", "formats": [{"format_id": "download_addr-0", "url": "http://127.0.0.1:9/v.mp4", "ext": "mp4"}]}
JSON
cat > in/yt.info.json <<'JSON'
{"id": "vidreal0001", "title": "Vlog kuliner", "description": "Sate taichan di BSD", "uploader": "Dewi Lestari", "uploader_id": "@dewi.lestari", "uploader_url": "https://www.youtube.com/@dewi.lestari", "channel_id": "UCaaaaaaaaaaaaaaaaaaaaa1", "channel_url": "https://www.youtube.com/channel/UCaaaaaaaaaaaaaaaaaaaaa1", "upload_date": "20241002", "webpage_url": "https://www.youtube.com/watch?v=vidreal0001", "extractor": "youtube", "extractor_key": "Youtube", "formats": [{"format_id": "18", "url": "http://127.0.0.1:9/v.mp4", "ext": "mp4"}]}
JSON
for f in tt yt; do
	expect_rc 0 yt-dlp --ignore-config --no-progress --skip-download \
		--write-info-json --load-info-json "in/$f.info.json" \
		-o '%(id)s.%(ext)s' -P dl
done
[ -f dl/7400000000000100001.info.json ] && [ -f dl/vidreal0001.info.json ] ||
	fail "yt-dlp wrote no info.json: $(cat "$TMP/err")"
# its own fields are there: this is yt-dlp's output, not the input
grep -q '"_version"' dl/7400000000000100001.info.json ||
	fail "not yt-dlp's writer"

# instaloader's own writer (what its CLI calls for every post)
cat > il.py <<'PY'
import sys, instaloader
node = {"__typename": "GraphImage", "id": "3100000000000000077",
        "shortcode": "CfAkE0077",
        "owner": {"id": "41000000", "username": "siti.rahma"},
        "taken_at_timestamp": 1727856000,
        "edge_media_to_caption": {"edges": [{"node": {
            "text": "Foto bersama warga #Pilkada2024"}}]},
        "is_video": False}
L = instaloader.Instaloader(quiet=True)
instaloader.save_structure_to_file(instaloader.Post(L.context, node),
                                   sys.argv[1])
PY
expect_rc 0 /usr/bin/python3 il.py dl/2024-10-02_08-00-00_UTC.json.xz

expect_rc 0 "$N" ingest --json dl
contains "$TMP/out" '"format":"ytdlp","read":1,"ingested":1'
contains "$TMP/out" '"format":"instaloader","read":1,"ingested":1'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 3 ] || fail "three posts stored"
[ "$(q "SELECT account FROM events WHERE platform = 'tiktok'")" = siti_rahma ] ||
	fail "TikTok: the account is yt-dlp's uploader"
[ "$(q "SELECT account FROM events WHERE platform = 'youtube'")" = dewi.lestari ] ||
	fail "YouTube: the account is yt-dlp's uploader_id @handle"
[ "$(q "SELECT event_id FROM events WHERE platform = 'instagram'")" = 3100000000000000077 ] ||
	fail "Instagram: the post id is instaloader's node.id"
[ "$(q "SELECT created_at FROM events WHERE platform = 'tiktok'")" -eq 1727856060 ] ||
	fail "TikTok: the time is yt-dlp's timestamp"
echo ok
