# tests/integration/media_wait.sh - scan waits for the images of an event
# (docs/media.md, "Waiting for images"; "Retries"), through the real
# binary on fictional posters served from 127.0.0.1:
# - a post whose words are harmless and whose poster names a pair: `netra
#   scan` leaves it unjudged while its image is not read (within the
#   grace), and `netra worker --once --jobs scan,media` fetches, reads and
#   judges it in one round: the finding is at media[0].ocr_text;
# - an image server answering 503 and then 200: the first fetch records
#   nothing for the image (the event stays pending, its attempt counted),
#   the fetch after the back-off reads it, and scan finds the breach; an
#   image that answers 503 every time is refused for good at the sixth
#   attempt, with its reason;
# - `--media-grace 0` judges an event at once, images read or not.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures"
N=$NETRA_BIN
. "$NETRA_SRC/tests/integration/lib_media.sh"
q() { sql "$1"; }
ev_id() { q "SELECT id FROM events WHERE event_id = '$1'"; }
# the findings of event $1 at media[0].ocr_text
poster_finding() {
	q "SELECT COUNT(*) FROM findings f JOIN verdicts v ON v.id = f.verdict_id
		JOIN events e ON e.id = f.event_id WHERE e.event_id = '$1'
		AND v.json LIKE '%\"field\":\"media[0].ocr_text\"%'"
}

W="$TMP/www"
mkdir -p "$W"
"$PY" "$NETRA_SRC/tests/media/poster.py" "$W/gisa.jpg" --seed 5 --width 640 \
	--quality 85 --lines "AYO PILIH NOMOR 2|Bersama Gisa Sejahtera"
media_serve_flaky "$W"

expect_rc 0 "$N" registry import --units "$FX/registry/units.csv" \
	--employees "$FX/registry/employees.csv" \
	--accounts "$FX/registry/accounts.csv"
ev() { # id, hour, media url
	printf '{"platform":"instagram","id":"%s","type":"post","account":"sekar.ayu","created_at":"2024-10-07T%s:00:00+07:00","text":"Selamat pagi semua","media":[{"url":"%s"}]}\n' "$1" "$2" "$3"
}

# --- a poster-only breach waits for its image ---------------------------
ev w1 08 "$UF/gisa.jpg" >"$TMP/a.jsonl"
expect_rc 0 "$N" ingest "$TMP/a.jsonl"
[ "$(q "SELECT COUNT(*) FROM media_pending WHERE event_id = $(ev_id w1)")" -eq 1 ] ||
	fail "the event with an image is not pending"
expect_rc 0 "$N" scan --election "$FX/chain/election.yaml"
contains "$TMP/out" 'scan: 0 events judged'
contains "$TMP/out" 'media: 1 events wait for their images'
[ "$(q "SELECT COUNT(*) FROM verdicts")" -eq 0 ] ||
	fail "scan judged an event whose image was not read"
expect_rc 0 "$N" worker --once --jobs scan,media --allow-private
contains "$TMP/out" 'media: 1 events, 1 images: 1 fetched, 0 refused'
contains "$TMP/out" 'scan: 1 events judged'
[ "$(poster_finding w1)" -eq 1 ] || fail "no finding at media[0].ocr_text"
[ "$(q "SELECT COUNT(*) FROM media_pending")" -eq 0 ] ||
	fail "the fetched event is still pending"
expect_rc 2 "$N" worker --once --jobs scan,pictures
contains "$TMP/err" "'pictures' is not scan, notify, escalate or media"
expect_rc 2 "$N" scan --media-grace -1
contains "$TMP/err" '--media-grace 0 to 604800'

# --- 503, then 200: the retry reads it ----------------------------------
ev w2 09 "$UF/503-1/gisa.jpg" >"$TMP/b.jsonl"
ev w3 10 "$UF/503/gisa.jpg" >>"$TMP/b.jsonl"
expect_rc 0 "$N" ingest "$TMP/b.jsonl"
expect_rc 0 "$N" media fetch --allow-private
contains "$TMP/out" 'media fetch: 2 events, 2 images: 0 fetched (0 new), 0 refused'
contains "$TMP/out" '2 images refused for a transient reason'
[ "$(q "SELECT COUNT(*) FROM event_media WHERE event_id IN ($(ev_id w2), $(ev_id w3))")" -eq 0 ] ||
	fail "a transient refusal was recorded as the image's outcome"
[ "$(q "SELECT attempts || ' ' || last_error FROM media_pending WHERE event_id = $(ev_id w2)")" = "1 HTTP status 503" ] ||
	fail "the attempt was not counted: $(q "SELECT * FROM media_pending")"
# not due yet: a second fetch at once leaves them
expect_rc 0 "$N" media fetch --allow-private
contains "$TMP/out" 'media fetch: 0 events'
expect_rc 0 "$N" scan
contains "$TMP/out" 'scan: 0 events judged'
contains "$TMP/out" 'media: 2 events wait'
# two minutes on, the first retry is due (after one minute)
now=$(date +%s)
expect_rc 0 env NETRA_TEST_CLOCK=$((now + 120)) "$N" media fetch --allow-private
contains "$TMP/out" 'media fetch: 2 events, 2 images: 1 fetched (0 new), 0 refused'
contains "$TMP/out" '1 images refused for a transient reason'
[ "$(q "SELECT COUNT(*) FROM event_media WHERE event_id = $(ev_id w2) AND sha256 IS NOT NULL")" -eq 1 ] ||
	fail "the retry did not record the image"
expect_rc 0 "$N" scan
contains "$TMP/out" 'scan: 1 events judged'
[ "$(poster_finding w2)" -eq 1 ] || fail "the retried poster made no finding"
# the image that answers 503 each time: attempts 3 to 6, each after its
# back-off (4, 16, 64, 256 minutes), then refused for good
for d in 1 2 3 4; do
	expect_rc 0 env NETRA_TEST_CLOCK=$((now + d * 86400)) "$N" media fetch --allow-private
	contains "$TMP/out" 'media fetch: 1 events'
done
contains "$TMP/out" '0 fetched (0 new), 1 refused'
[ "$(q "SELECT error FROM event_media WHERE event_id = $(ev_id w3)")" = \
	"HTTP status 503 (attempt 6 of 6; not tried again)" ] ||
	fail "the last attempt's refusal: $(q "SELECT * FROM event_media")"
[ "$(q "SELECT COUNT(*) FROM media_pending")" -eq 0 ] ||
	fail "a refused event is still pending"
[ "$(grep -c 'GET /503/gisa.jpg' "$TMP/flaky.err")" -eq 6 ] ||
	fail "the always-503 image was asked $(grep -c 'GET /503/gisa.jpg' "$TMP/flaky.err") times, not 6"
expect_rc 0 "$N" scan
contains "$TMP/out" 'scan: 1 events judged'

# --- grace 0: judged at once ---------------------------------------------
ev w4 11 "$UF/gisa.jpg" >"$TMP/c.jsonl"
expect_rc 0 "$N" ingest "$TMP/c.jsonl"
expect_rc 0 "$N" scan
contains "$TMP/out" 'scan: 0 events judged'
expect_rc 0 "$N" scan --media-grace 0
contains "$TMP/out" 'scan: 1 events judged'
[ "$(poster_finding w4)" -eq 0 ] || fail "a poster not fetched made a finding"

# many posts with pictures in one batch (PostgreSQL: multi-row INSERTs
# record them 32 a statement) all wait, the deletes and plain posts not
i=0
while [ $i -lt 70 ]; do
	ev "b$i" 12 "$UF/gisa.jpg"
	printf '{"platform":"instagram","id":"t%s","type":"post","account":"sekar.ayu","created_at":"2024-10-07T12:00:00+07:00","text":"Tanpa gambar"}\n' "$i"
	i=$((i + 1))
done >"$TMP/d.jsonl"
printf '{"platform":"instagram","id":"del1","type":"delete","account":"sekar.ayu","created_at":"2024-10-07T13:00:00+07:00","target":{"id":"b1"},"media":[{"url":"%s"}]}\n' "$UF/gisa.jpg" >>"$TMP/d.jsonl"
expect_rc 0 "$N" ingest "$TMP/d.jsonl"
[ "$(q "SELECT COUNT(*) FROM media_pending p JOIN events e ON e.id = p.event_id
	WHERE e.event_id LIKE 'b%'")" -eq 70 ] || fail "not every post with a picture waits"
[ "$(q "SELECT COUNT(*) FROM media_pending p JOIN events e ON e.id = p.event_id
	WHERE e.event_id NOT LIKE 'b%' AND e.event_id <> 'w4'")" -eq 0 ] ||
	fail "a post without pictures or a delete waits"

expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"ok":true'
echo "media_wait: ok"
