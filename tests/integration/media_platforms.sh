# tests/integration/media_platforms.sh - images of platform exports through
# the real binary (docs/ingest.md, docs/media.md): an X API v2 response
# whose tweet names a photo by attachments.media_keys (the URL is in
# includes.media) and a Meta Graph Instagram item with media_url are
# ingested; the tweet's raw keeps its media objects as received; `netra
# media fetch` downloads the posters from python's http.server on
# 127.0.0.1 (--allow-private); scan turns the poster's text into a finding
# at media[0].ocr_text; the evidence audit derives the same events from
# their raw records.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures"
N=$NETRA_BIN
. "$NETRA_SRC/tests/integration/lib_media.sh"
q() { sql "$1"; }

W="$TMP/www"
mkdir -p "$W"
"$PY" "$NETRA_SRC/tests/media/poster.py" "$W/gisa.jpg" --seed 5 --width 640 \
	--quality 85 --lines "AYO PILIH NOMOR 2|Bersama Gisa Sejahtera"
media_serve "$W"

expect_rc 0 "$N" registry import --units "$FX/registry/units.csv" \
	--employees "$FX/registry/employees.csv" \
	--accounts "$FX/registry/accounts.csv"
# an X API v2 page: the photo is named by key, its URL is in includes.media
cat >"$TMP/x.json" <<EOF
{"data":[{"id":"1840000000000000301","author_id":"86","text":"Lihat ini",
  "created_at":"2024-10-07T03:00:00.000Z","edit_history_tweet_ids":["1840000000000000301"],
  "attachments":{"media_keys":["3_1840000000000000301"]}}],
 "includes":{"users":[{"id":"86","username":"SekarAyu_86","name":"Sekar"}],
  "media":[{"media_key":"3_1840000000000000301","type":"photo","url":"$U/gisa.jpg","width":640,"height":480},
   {"media_key":"3_other","type":"photo","url":"$U/other.jpg"}]},
 "meta":{"result_count":1}}
EOF
cat >"$TMP/ig.json" <<EOF
{"data":[{"id":"17900000000000301","username":"sekar.ayu","caption":"Selamat pagi",
  "media_type":"IMAGE","media_url":"$U/gisa.jpg","timestamp":"2024-10-07T04:00:00+0000",
  "permalink":"https://www.instagram.com/p/Fiktif301/"}]}
EOF
expect_rc 0 "$N" ingest "$TMP/x.json"
expect_rc 0 "$N" ingest "$TMP/ig.json"
raw=$(q "SELECT raw FROM events WHERE event_id = '1840000000000000301'")
echo "$raw" | grep -q '^{"data":{"id":"1840000000000000301"' ||
	fail "the tweet's raw is not the one-tweet response: $raw"
echo "$raw" | grep -q '"width":640' || fail "the media object was changed: $raw"
echo "$raw" | grep -q 'other.jpg' && fail "another tweet's media in raw: $raw"

expect_rc 0 "$N" media fetch --allow-private
contains "$TMP/out" 'media fetch: 2 events, 2 images: 2 fetched (1 new)'
[ "$(q "SELECT COUNT(*) FROM event_media m JOIN events e ON e.id = m.event_id
	WHERE m.sha256 IS NOT NULL AND m.idx = 0 AND m.url = '$U/gisa.jpg'")" -eq 2 ] ||
	fail "the two posts' images were not fetched"
[ "$(q "SELECT raw FROM events WHERE event_id = '1840000000000000301'")" = "$raw" ] ||
	fail "fetch changed the raw event"

echo 'kata-sandi-uji-123' | "$N" user add bk --role bkpp --unit PEMKOT \
	--operator >/dev/null || fail "user add"
expect_rc 0 "$N" scan --election "$FX/chain/election.yaml"
for id in 1840000000000000301 17900000000000301; do
	v=$(q "SELECT v.json FROM verdicts v JOIN events e ON e.id = v.event_id
		WHERE e.event_id = '$id'")
	echo "$v" | grep -q '"field":"media\[0\].ocr_text"' || fail "$id verdict: $v"
	[ "$(q "SELECT COUNT(*) FROM findings f JOIN events e ON e.id = f.event_id
		WHERE e.event_id = '$id'")" -eq 1 ] || fail "no finding for $id"
done
login bk kata-sandi-uji-123
export NETRA_USER=bk NETRA_TOKEN="$(cat "$TMP/tok.bk")"
f=$(q "SELECT f.id FROM findings f JOIN events e ON e.id = f.event_id
	WHERE e.event_id = '1840000000000000301'")
expect_rc 0 "$N" finding show "$f" --as bk --json
contains "$TMP/out" '"field": "media[0].ocr_text"'
contains "$TMP/out" "$U/gisa.jpg"

# the audit derives each event, media included, from its raw again
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"ok":true'
contains "$TMP/out" '"media_fetches":2'
echo "media_platforms: ok"
