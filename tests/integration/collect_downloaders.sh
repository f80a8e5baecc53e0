#!/bin/sh
# `netra collect` with the downloader modules (tiktok-ytdlp,
# youtube-ytdlp, x-gallerydl, ig-instaloader). First with tools/dl_fake
# installed as the three tools first in PATH (it writes two posts per
# account in each Debian version's format): every account's posts are
# stored through the importers, a failing tool is recorded as that
# account's error with its last line, a second run adds nothing. Then
# the real yt-dlp, with the module's own arguments, against the fake
# platform server on 127.0.0.1 (its generic extractor: no platform is
# reached): it runs, writes its info.json, and ingest refuses that file
# because it is not a TikTok post - the argument vector is one the Debian
# yt-dlp accepts.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
198807202012012003,Siti Rahma,Staf,UJI,PNS,
199001052015032002,Gagal Terus,Staf,UJI,PNS,
EOC
cat > accounts.csv <<'EOC'
nip,platform,handle
198503122010011001,x,budi_s
198503122010011001,instagram,budi.santoso
198503122010011001,youtube,@budi.vlog
198807202012012003,tiktok,@siti_rahma
199001052015032002,tiktok,@gagal
EOC
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

mkdir bin
for t in yt-dlp gallery-dl instaloader; do
	ln -s "$NETRA_BUILD/dl_fake" "bin/$t"
done
start_fake "$NETRA_SRC/tests/collect/scenarios/downloaders.json"
collect_setup
umask 077
: > dl.creds
umask 022
cat > collect.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
lease_seconds: 60
interval: 1
platforms:
  tiktok-ytdlp:
    credentials: dl.creds
  youtube-ytdlp:
    credentials: dl.creds
  x-gallerydl:
    credentials: dl.creds
  ig-instaloader:
    credentials: dl.creds
EOC

mkdir dltmp
PATH="$TMP/bin:$PATH" TMPDIR="$TMP/dltmp" expect_rc 0 "$N" collect --once --json \
	--config collect.yaml
cat "$TMP/out"
[ "$(q "SELECT platform || ':' || COUNT(*) FROM events GROUP BY platform ORDER BY platform" | tr '\n' ' ')" = "instagram:2 tiktok:2 x:2 youtube:2 " ] ||
	{ q "SELECT platform, account, event_id FROM events"; fail "two posts per account"; }
[ "$(q "SELECT COUNT(*) FROM events WHERE account IN ('budi_s', 'budi.santoso', 'budi.vlog', 'siti_rahma')")" -eq 8 ] ||
	fail "accounts"
[ "$(q "SELECT type FROM events WHERE event_id = '1834000000000000002'")" = repost ] ||
	fail "gallery-dl's retweet"
[ "$(q "SELECT COUNT(*) FROM events WHERE source = 'collect:tiktok-ytdlp'")" -eq 2 ] ||
	[ "$(q "SELECT COUNT(*) FROM events WHERE source LIKE 'collect:%'")" -eq 8 ] ||
	fail "source"
q "SELECT message FROM collect_errors" > errors.txt
contains errors.txt "yt-dlp @gagal: exit 1"
contains errors.txt "account not available"
[ -z "$(ls dltmp)" ] || fail "a download directory was left behind"

PATH="$TMP/bin:$PATH" expect_rc 0 "$N" collect --once --json --config collect.yaml
contains "$TMP/out" '"ingested":0,'
[ "$(q "SELECT COUNT(*) FROM events")" -eq 8 ] || fail "second run added events"

# The real yt-dlp, against the fake server.
command -v yt-dlp >/dev/null || fail "yt-dlp is not installed (scripts/deps.sh)"
cat > real.yaml <<EOC
election: election.yaml
margin_days_before: 7
margin_days_after: 3
lease_seconds: 60
interval: 1
platforms:
  tiktok-ytdlp:
    credentials: dl.creds
    base_url: http://127.0.0.1:$FAKE_PORT
EOC
expect_rc 0 "$N" collect --once --json --platform tiktok-ytdlp --config real.yaml
cat "$TMP/out" "$TMP/err"
python3 - "$FAKE_LOG" <<'EOC' || fail "yt-dlp did not ask the fake server"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
assert any(r["path"] == "/@siti_rahma" and r["status"] == 200 for r in log), log
EOC
contains "$TMP/out" '"rejected":1'
contains "$TMP/err" "is not TikTok or YouTube"
echo "collect_downloaders: ok"
