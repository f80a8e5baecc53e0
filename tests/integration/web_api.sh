#!/bin/sh
# tests/integration/web_api.sh - `netra serve` against a real server on
# 127.0.0.1 driven with curl: security headers, sessions and CSRF, login,
# public self-check, public complaints and their triage, API tokens and
# batch ingest, request limits, escaping of hostile posts, scope (another
# unit's finding answers 404). The browser tests (tests/web) cover the
# same pages in Chromium.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_web.sh"
command -v curl >/dev/null || fail "curl missing"
command -v sqlite3 >/dev/null || fail "sqlite3 missing"

web_fixture "$TMP/city"
web_start

# http_code OUT METHOD PATH [curl args]: body to OUT, prints the status
http() {
	out=$1 method=$2 path=$3
	shift 3
	curl -s -o "$out" -w '%{http_code}' -X "$method" "$@" "$WEB_URL$path"
}
# csrf_of FILE: the csrf token of the first form in FILE
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -n 1; }

# ---- headers, unknown paths, methods, traversal
curl -s -D "$TMP/h" -o /dev/null "$WEB_URL/pedoman"
for h in "Content-Security-Policy: default-src 'self'" \
	"X-Content-Type-Options: nosniff" "frame-ancestors 'none'" \
	"Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
	contains "$TMP/h" "$h"
done
[ "$(http "$TMP/b" GET /tidak-ada)" = 404 ] || fail "unknown page"
[ "$(http "$TMP/b" GET /static/../../etc/passwd --path-as-is)" = 404 ] ||
	fail "traversal"
[ "$(http "$TMP/b" GET /static/%2e%2e/%2e%2e/etc/passwd --path-as-is)" = 404 ] ||
	fail "encoded traversal"
[ "$(http "$TMP/b" DELETE /pedoman)" = 405 ] || fail "DELETE"
[ "$(http "$TMP/b" GET /api/v1/nope)" = 404 ] || fail "api 404"
contains "$TMP/b" '"error"'
[ "$(http "$TMP/b" GET /)" = 303 ] || fail "/ without session must redirect"
[ "$(http "$TMP/b" GET /antrean)" = 303 ] || fail "/antrean without session"
[ "$(http "$TMP/b" GET /api/v1/findings)" = 401 ] || fail "api without session"

# ---- pedoman: every rule of the rulebook, with its legal basis
http "$TMP/b" GET /pedoman >/dev/null
for r in $(sed -n 's/^  - id: *//p' "$NETRA_SRC/data/rulebook.yaml"); do
	contains "$TMP/b" "id=\"$r\""
done
contains "$TMP/b" "PP 94/2021"
# every worked example that is a post is judged, and fires its own rule
grep -v '^#' "$NETRA_SRC/data/web/pedoman_contoh.tsv" | grep -v "$(printf '\t')(" |
	cut -f1 | while read -r r; do
	awk -v id="id=\"$r\"" 'index($0, id) {f = 1} f && /<mark>/ {m = 1}
		f && /<\/li>/ {exit !m} END {if (!f) exit 1}' "$TMP/b" ||
		fail "pedoman: the example of $r marks no words"
done

# ---- self-check: needs the pre-session token; shows words; stores nothing
J="$TMP/anon.jar"
curl -s -c "$J" -b "$J" -o "$TMP/f" "$WEB_URL/cek"
tok=$(csrf_of "$TMP/f")
[ -n "$tok" ] || fail "no csrf field on /cek"
[ "$(http "$TMP/b" POST /cek -d teks=halo)" = 403 ] || fail "cek without token"
before=$(web_q "SELECT (SELECT COUNT(*) FROM events) || '/' ||
	(SELECT COUNT(*) FROM audit_log)")
[ "$(http "$TMP/b" POST /cek -c "$J" -b "$J" --data-urlencode "csrf=$tok" \
	--data-urlencode "teks=Ayo coblos nomor 2 <b>tebal</b> rahasia-unik-123")" = 200 ] ||
	fail "cek"
contains "$TMP/b" "<mark>"
contains "$TMP/b" "DUKUNGAN"
contains "$TMP/b" "&lt;b&gt;tebal&lt;/b&gt;"
grep -q "<b>tebal</b>" "$TMP/b" && fail "cek echoes markup"
after=$(web_q "SELECT (SELECT COUNT(*) FROM events) || '/' ||
	(SELECT COUNT(*) FROM audit_log)")
[ "$before" = "$after" ] || fail "cek stored something ($before -> $after)"
grep -q "rahasia-unik-123" "$TMP/serve.log" && fail "cek text in the log"
web_q "SELECT key FROM rate_counters" | grep -q "127.0.0.1" &&
	fail "rate counter keeps the address"
# API check: text and Event; bad JSON with line and column
[ "$(http "$TMP/b" POST /api/v1/check -H 'Content-Type: application/json' \
	-d '{"text":"Jangan pilih paslon nomor 1, tolak mereka!"}')" = 200 ] ||
	fail "api check"
contains "$TMP/b" '"labels":["attack"]'
[ "$(http "$TMP/b" POST /api/v1/check -H 'Content-Type: application/json' \
	-d '{"platform":"x","id":"1","type":"post","account":"@a","text":"Ayo coblos nomor 3!"}')" = 200 ] ||
	fail "api check event"
contains "$TMP/b" '"support"'
[ "$(http "$TMP/b" POST /api/v1/check -H 'Content-Type: application/json' \
	-d '{"text": "x",}')" = 400 ] || fail "bad json"
contains "$TMP/b" "line 1 column"
[ "$(http "$TMP/b" POST /api/v1/check -d '{"text":"x"}')" = 415 ] ||
	fail "check without JSON content type"

# ---- login: wrong password and unknown user answer alike; cookie flags
A="$TMP/sari.jar"
curl -s -c "$A" -b "$A" -o "$TMP/f" "$WEB_URL/masuk"
tok=$(csrf_of "$TMP/f")
[ "$(http "$TMP/b1" POST /masuk -c "$A" -b "$A" --data-urlencode "csrf=$tok" \
	-d username=sari -d password=salah-sekali)" = 401 ] || fail "bad login"
[ "$(http "$TMP/b2" POST /masuk -c "$A" -b "$A" --data-urlencode "csrf=$tok" \
	-d username=tidakada -d password=salah-sekali)" = 401 ] || fail "bad user"
grep -o 'class="error"[^<]*' "$TMP/b1" >"$TMP/m1"
grep -o 'class="error"[^<]*' "$TMP/b2" >"$TMP/m2"
cmp -s "$TMP/m1" "$TMP/m2" || fail "login tells users apart"
[ "$(http "$TMP/b" POST /masuk -c "$A" -b "$A" -D "$TMP/h" \
	--data-urlencode "csrf=$tok" -d username=sari \
	--data-urlencode "password=$WEB_PASSWORD")" = 303 ] || fail "login"
contains "$TMP/h" "HttpOnly; SameSite=Strict"
cookie=$(sed -n 's/.*netra_sesi=\([0-9a-f]*\);.*/\1/p' "$TMP/h")
web_q "SELECT COUNT(*) FROM web_sessions WHERE token_hash = '$cookie'" |
	grep -qx 0 || fail "session token stored in clear"
[ "$(http "$TMP/b" GET / -b "$A")" = 200 ] || fail "dashboard"
contains "$TMP/b" "<svg"
contains "$TMP/b" "Beranda"
[ "$(http "$TMP/b" GET "/laporan.csv?tabel=aturan" -b "$A" -D "$TMP/h")" = 200 ] ||
	fail "csv"
contains "$TMP/h" "text/csv"
contains "$TMP/b" "rule,count"
[ "$(http "$TMP/b" GET "/laporan?dari=2024-13-01" -b "$A")" = 400 ] ||
	fail "bad date"

# ---- repeated failures slow an account down, never lock it out
T="$TMP/t.jar"
curl -s -c "$T" -b "$T" -o "$TMP/f" "$WEB_URL/masuk"
tok=$(csrf_of "$TMP/f")
slowed=0
for i in 1 2 3 4 5 6 7 8; do
	code=$(http "$TMP/b" POST /masuk -c "$T" -b "$T" --data-urlencode "csrf=$tok" \
		-d username=opd2 -d password=salah-salah-$i)
	[ "$code" = 429 ] && { slowed=1; break; }
	[ "$code" = 401 ] || fail "failed login answered $code"
done
[ "$slowed" = 1 ] || fail "no slow-down after repeated failures"
contains "$TMP/b" "Coba lagi dalam"
wait_s=$(sed -n 's/.*Coba lagi dalam \([0-9]*\) detik.*/\1/p' "$TMP/b")
[ "$wait_s" -le 60 ] || fail "wait of $wait_s s is a lockout"
web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed'" |
	grep -qx 0 && fail "failed logins not audited"
sleep $((wait_s + 1))
[ "$(http "$TMP/b" POST /masuk -c "$T" -b "$T" --data-urlencode "csrf=$tok" \
	-d username=opd2 --data-urlencode "password=$WEB_PASSWORD")" = 303 ] ||
	fail "the right password after the wait"

# ---- forged POST without the session's CSRF token is refused
[ "$(http "$TMP/b" POST /keluar -b "$A")" = 403 ] || fail "logout without csrf"
[ "$(http "$TMP/b" POST /token -b "$A" -d aksi=buat -d nama=x)" = 403 ] ||
	fail "token without csrf"

# ---- API tokens (BKPP) and batch ingest with per-record errors
http "$TMP/f" GET /token -b "$A" >/dev/null
stok=$(csrf_of "$TMP/f")
[ "$(http "$TMP/b" POST /token -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=buat -d nama=pengumpul-uji)" = 200 ] || fail "issue token"
api=$(sed -n 's/.*<code id="token">\([^<]*\)<.*/\1/p' "$TMP/b")
[ -n "$api" ] || fail "no token shown"
web_q "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '$api'" |
	grep -qx 0 || fail "api token stored in clear"
cat >"$TMP/batch.jsonl" <<EOF
{"platform":"x","id":"880000000000000001","type":"post","account":"@$HANDLE","created_at":"2024-10-08T10:00:00+07:00","text":"Ayo coblos nomor 3 ya"}
{"platform":"x","id":"880000000000000002","type":"nope","account":"@$HANDLE"}
{"platform":"x","id":"880000000000000003","type":"post","account":"@orang_luar","created_at":"2024-10-08T10:00:00+07:00","text":"halo"}
EOF
[ "$(http "$TMP/b" POST /api/v1/events --data-binary "@$TMP/batch.jsonl")" = 401 ] ||
	fail "events without token"
[ "$(http "$TMP/b" POST /api/v1/events -H "Authorization: Bearer $api" \
	-H 'Content-Type: application/x-ndjson' --data-binary "@$TMP/batch.jsonl")" = 200 ] ||
	fail "events"
contains "$TMP/b" '"ingested":1'
contains "$TMP/b" '"skipped":1'
contains "$TMP/b" '"rejected":1'
contains "$TMP/b" '"line":2'
http "$TMP/b" POST /api/v1/events -H "Authorization: Bearer $api" \
	--data-binary "@$TMP/batch.jsonl" >/dev/null
contains "$TMP/b" '"duplicates":1'
web_q "SELECT COUNT(*) FROM events WHERE event_id = '880000000000000001'" |
	grep -qx 1 || fail "batch ingest not idempotent"
web_q "SELECT actor FROM audit_log WHERE action = 'ingest'" |
	grep -q "token:pengumpul-uji" || fail "ingest not audited"
tid=$(web_q "SELECT id FROM api_tokens WHERE label = 'pengumpul-uji'")
[ "$(http "$TMP/b" POST /token -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=cabut -d id="$tid")" = 303 ] || fail "revoke"
[ "$(http "$TMP/b" POST /api/v1/events -H "Authorization: Bearer $api" \
	--data-binary "@$TMP/batch.jsonl")" = 401 ] || fail "revoked token works"

# ---- request size limit
head -c 70000 /dev/zero | tr '\0' a >"$TMP/big"
[ "$(http "$TMP/b" POST /api/v1/check -H 'Content-Type: application/json' \
	--data-binary "@$TMP/big")" = 413 ] || fail "no size limit"

# ---- public complaint (multipart with a screenshot checked by content)
curl -s -c "$J" -b "$J" -o "$TMP/f" "$WEB_URL/lapor"
tok=$(csrf_of "$TMP/f")
printf '<svg onload=alert(1)>' >"$TMP/fake.png"
[ "$(http "$TMP/b" POST /lapor -c "$J" -b "$J" -F "csrf=$tok" \
	-F "url=https://x.com/$HANDLE/status/990000000000000001" \
	-F "dilihat=ajakan memilih" -F "gambar=@$TMP/fake.png;type=image/png")" = 400 ] ||
	fail "non-image screenshot accepted"
contains "$TMP/b" "bukan gambar"
printf '\211PNG\r\n\032\n0000IHDR' >"$TMP/real.png"
[ "$(http "$TMP/b" POST /lapor -c "$J" -b "$J" -F "csrf=$tok" \
	-F "url=https://twitter.com/$HANDLE/status/990000000000000001?s=20" \
	-F "dilihat=Pegawai ini mengajak coblos nomor 2" \
	-F "kontak=pelapor-rahasia@contoh.invalid" \
	-F "gambar=@$TMP/real.png;type=text/html")" = 200 ] || fail "complaint"
contains "$TMP/b" 'id="nomor"'
c1=$(sed -n 's/.*nomor <b>\([0-9]*\)<.*/\1/p' "$TMP/b")
[ "$(http "$TMP/b" POST /api/v1/complaints -H 'Content-Type: application/json' \
	-d "{\"url\":\"https://x.com/$HANDLE/status/990000000000000001/\",\"seen\":\"sama\"}")" = 201 ] ||
	fail "api complaint"
web_q "SELECT merged_into FROM complaints WHERE id <> $c1" | grep -qx "$c1" ||
	fail "reports of one post not merged"
web_q "SELECT screenshot_type, employee_id IS NOT NULL, labels FROM complaints
	WHERE id = $c1" | grep -q "^image/png|1|support" || fail "complaint fields"
# triage: contact visible to BKPP only, view audited; link to the finding
[ "$(http "$TMP/b" GET "/aduan/$c1" -b "$A")" = 200 ] || fail "triage page"
contains "$TMP/b" "pelapor-rahasia@contoh.invalid"
contains "$TMP/b" "/temuan/$XSS_FINDING"
web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_complaint'
	AND object = 'complaint:$c1'" | grep -qx 1 || fail "view not audited"
[ "$(http "$TMP/b" GET "/aduan/$c1/tangkapan" -b "$A" -D "$TMP/h")" = 200 ] ||
	fail "screenshot"
contains "$TMP/h" "Content-Type: image/png"
http "$TMP/f" GET "/aduan/$c1" -b "$A" >/dev/null
[ "$(http "$TMP/b" POST "/aduan/$c1" -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=tautkan -d temuan="$XSS_FINDING")" = 303 ] || fail "link"
web_q "SELECT state || ',' || finding_id FROM complaints WHERE id = $c1" |
	grep -qx "ditindaklanjuti,$XSS_FINDING" || fail "complaint not followed up"
web_q "SELECT state FROM complaints WHERE merged_into = $c1" |
	grep -qx ditindaklanjuti || fail "merged report not followed up"
[ "$(http "$TMP/b" POST /api/v1/complaints -H 'Content-Type: application/json' \
	-d '{"account":"@siapa_saja","platform":"x","seen":"aneh"}')" = 201 ] ||
	fail "api complaint 2"
c3=$(web_q "SELECT MAX(id) FROM complaints")
[ "$(http "$TMP/b" POST "/aduan/$c3" -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=tutup -d alasan=)" = 400 ] || fail "close without reason"
[ "$(http "$TMP/b" POST "/aduan/$c3" -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=tutup -d "alasan=akun bukan milik ASN")" = 303 ] || fail "close"

# ---- BKPP makes a finding from a complaint whose captured post the
# engine judged clean: it rests on the captured post (one the complaint
# offers), names who made it and why, is routed like any finding and
# audited, and carries nothing of the reporter
cev=$CLEAN_EVENT cpost=$CLEAN_POST
[ "$(http "$TMP/b" POST /api/v1/complaints -H 'Content-Type: application/json' \
	-d "{\"url\":\"$cpost\",\"seen\":\"ajakan terselubung\",\"contact\":\"pelapor-tiga@contoh.invalid\"}")" = 201 ] ||
	fail "complaint on a clean post"
cc=$(web_q "SELECT MAX(id) FROM complaints")
[ "$(http "$TMP/b" GET "/aduan/$cc" -b "$A")" = 200 ] || fail "triage page 2"
contains "$TMP/b" "name=\"unggahan\" value=\"$cev\""
contains "$TMP/b" 'value="DUKUNGAN-AJAKAN"'
make_finding() { # EVENT RULE REASON: the status of the request
	http "$TMP/b" POST "/aduan/$cc" -b "$A" -D "$TMP/h" \
		--data-urlencode "csrf=$stok" -d aksi=buat -d "unggahan=$1" \
		-d "aturan=$2" --data-urlencode "alasan=$3"
}
[ "$(make_finding "$cev" DUKUNGAN-AJAKAN "")" = 400 ] ||
	fail "a finding from a complaint without a reason"
contains "$TMP/b" "Alasan pembuatan temuan wajib diisi"
[ "$(make_finding "$cev" TIDAK-ADA "ajakan")" = 400 ] || fail "unknown rule"
xev=$(web_q "SELECT event_id FROM findings WHERE id = $XSS_FINDING")
[ "$(make_finding "$xev" DUKUNGAN-AJAKAN "ajakan")" = 404 ] ||
	fail "a finding on a post the complaint does not offer"
[ "$(make_finding "$cev" DUKUNGAN-AJAKAN "Ajakan memilih lewat tagar kampanye")" = 303 ] ||
	fail "finding from a complaint"
made=$(sed -n 's/^Location: \/temuan\/\([0-9]*\).*/\1/p' "$TMP/h" | tr -d '\r')
[ -n "$made" ] || fail "no redirect to the new finding"
web_q "SELECT event_id || '|' || rule || '|' || category || '|' || state ||
	'|' || (assigned_unit_id IS NOT NULL) || '|' || (due_at IS NOT NULL)
	FROM findings WHERE id = $made" |
	grep -qx "$cev|DUKUNGAN-AJAKAN|support|baru|1|1" || fail "the made finding"
web_q "SELECT actor || '|' || reason FROM finding_transitions WHERE
	finding_id = $made AND action = 'create'" |
	grep -qx "sari|Ajakan memilih lewat tagar kampanye" ||
	fail "who made the finding and why not recorded"
web_q "SELECT state || ',' || finding_id FROM complaints WHERE id = $cc" |
	grep -qx "ditindaklanjuti,$made" || fail "complaint not followed up"
web_q "SELECT COUNT(*) FROM audit_log WHERE actor = 'sari' AND
	action = 'triage_complaint' AND object = 'complaint:$cc'" |
	grep -qx 1 || fail "finding from a complaint not audited"
[ "$(make_finding "$cev" DUKUNGAN-AJAKAN "sekali lagi")" = 409 ] ||
	fail "a handled complaint made a second finding"
[ "$(http "$TMP/b" GET "/temuan/$made" -b "$A")" = 200 ] || fail "made finding page"
contains "$TMP/b" "Ajakan memilih lewat tagar kampanye"
[ "$(http "$TMP/made.tar" GET "/temuan/$made/bukti.tar" -b "$A")" = 200 ] ||
	fail "made finding's bundle"
[ "$(http "$TMP/made.json" GET "/api/v1/findings/$made" -b "$A")" = 200 ] ||
	fail "made finding via the api"
for f in "$TMP/b" "$TMP/made.tar" "$TMP/made.json"; do
	grep -q "pelapor-tiga" "$f" && fail "the reporter in $f"
done

# ---- the review chain through the API: opd1 reviews and confirms, BKPP
# verifies and forwards, Bawaslu sees forwarded findings only
api_login() { # USER JAR: prints the session's CSRF token
	curl -s -c "$2" -b "$2" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$WEB_PASSWORD\"}" \
		"$WEB_URL/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
P1="$TMP/p1.jar" PS="$TMP/ps.jar" PB="$TMP/pb.jar"
c1tok=$(api_login opd1 "$P1")
cstok=$(api_login sari "$PS")
cbtok=$(api_login bawaslu "$PB")
[ -n "$c1tok" ] && [ -n "$cstok" ] && [ -n "$cbtok" ] || fail "api login"
[ "$(http "$TMP/b" GET "/api/v1/findings?limit=1000" -b "$P1")" = 200 ] ||
	fail "api list"
contains "$TMP/b" "\"id\":$XSS_FINDING,"
contains "$TMP/b" '"unit_chain":["'"$OPD1_UNIT"
grep -q "\"id\":$OTHER_FINDING," "$TMP/b" && fail "scope leak in the list"
[ "$(http "$TMP/b" GET "/api/v1/findings/$OTHER_FINDING" -b "$P1")" = 404 ] ||
	fail "other unit's finding via api"
[ "$(http "$TMP/b" GET "/temuan/$OTHER_FINDING" -b "$P1")" = 404 ] ||
	fail "other unit's finding page"
[ "$(http "$TMP/b" GET "/temuan/999999999" -b "$P1")" = 404 ] ||
	fail "missing finding page"
views=$(web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view'
	AND object = 'finding:$XSS_FINDING'")
[ "$(http "$TMP/b" GET "/temuan/$XSS_FINDING" -b "$P1")" = 200 ] ||
	fail "finding page"
contains "$TMP/b" "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"
grep -q "<script" "$TMP/b" && fail "stored XSS: <script> in the page"
contains "$TMP/b" "<mark>"
contains "$TMP/b" 'id="aksi-review"'
web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view'
	AND object = 'finding:$XSS_FINDING'" | grep -qx "$((views + 1))" ||
	fail "finding view not audited once"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/review" -b "$P1")" = 403 ] ||
	fail "api action without csrf"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/review" -b "$P1" \
	-H "X-CSRF-Token: $cstok")" = 403 ] || fail "another session's csrf"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/review" -b "$P1" \
	-H "X-CSRF-Token: $c1tok")" = 200 ] || fail "review"
contains "$TMP/b" '"state":"ditinjau_opd"'
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/verify" -b "$P1" \
	-H "X-CSRF-Token: $c1tok")" = 409 ] || fail "opd may not verify"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/confirm" -b "$P1" \
	-H "X-CSRF-Token: $c1tok")" = 200 ] || fail "confirm"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/verify" -b "$PS" \
	-H "X-CSRF-Token: $cstok")" = 200 ] || fail "verify"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/forward" -b "$PS" \
	-H "X-CSRF-Token: $cstok" -H 'Content-Type: application/json' \
	-d '{}')" = 400 ] || fail "forward without a recommendation"
[ "$(http "$TMP/b" POST "/api/v1/findings/$XSS_FINDING/forward" -b "$PS" \
	-H "X-CSRF-Token: $cstok" -H 'Content-Type: application/json' \
	-d '{"reason":"Rekomendasi: pemeriksaan oleh Bawaslu"}')" = 200 ] ||
	fail "forward"
[ "$(http "$TMP/b" GET "/api/v1/findings?limit=1000" -b "$PB")" = 200 ] ||
	fail "bawaslu list"
contains "$TMP/b" '"total":1,'
contains "$TMP/b" "\"id\":$XSS_FINDING,"
[ "$(http "$TMP/b" GET "/api/v1/findings/$OTHER_FINDING" -b "$PB")" = 404 ] ||
	fail "bawaslu sees a finding not forwarded"
[ "$(http "$TMP/b" GET "/api/v1/findings?state=nope" -b "$PB")" = 400 ] ||
	fail "bad filter"
[ "$(http "$TMP/b" GET "/antrean?status=diteruskan" -b "$PB")" = 200 ] ||
	fail "bawaslu queue page"
contains "$TMP/b" "/temuan/$XSS_FINDING"

# ---- triage through the API: BKPP only, CSRF, the same rules as the
# pages (a finding from a clean captured post needs a rule and a reason)
row=$(web_q "SELECT ev.id || ' ' || ev.url FROM events ev JOIN accounts a
	ON a.id = ev.account_id WHERE a.employee_id IS NOT NULL AND
	ev.platform = 'x' AND ev.type = 'post' AND ev.url IS NOT NULL AND
	EXISTS (SELECT 1 FROM scan_marks m WHERE m.lo <= ev.id AND m.hi >= ev.id) AND
	NOT EXISTS (SELECT 1 FROM findings f WHERE f.event_id = ev.id)
	ORDER BY ev.id LIMIT 1")
ev2=${row%% *} post2=${row#* }
[ -n "$ev2" ] || fail "fixture: no second clean captured post"
[ "$(http "$TMP/b" POST /api/v1/complaints -H 'Content-Type: application/json' \
	-d "{\"url\":\"$post2\",\"seen\":\"serangan\",\"contact\":\"pelapor-empat@contoh.invalid\"}")" = 201 ] ||
	fail "complaint for the api triage"
ca=$(web_q "SELECT MAX(id) FROM complaints")
[ "$(http "$TMP/b" GET /api/v1/complaints -b "$PS")" = 200 ] || fail "api triage list"
contains "$TMP/b" "\"id\":$ca,"
grep -q "pelapor-empat" "$TMP/b" && fail "the triage list shows the reporter"
[ "$(http "$TMP/b" GET /api/v1/complaints -b "$P1")" = 404 ] ||
	fail "an opd user lists complaints through the api"
[ "$(http "$TMP/b" GET "/api/v1/complaints/$ca" -b "$PS")" = 200 ] ||
	fail "api triage one"
contains "$TMP/b" "pelapor-empat@contoh.invalid"
contains "$TMP/b" "\"id\":$ev2,"
[ "$(http "$TMP/b" POST "/api/v1/complaints/$ca/finding" -b "$PS" \
	-H 'Content-Type: application/json' \
	-d "{\"event\":$ev2,\"rule\":\"SERANGAN-AJAKAN\",\"reason\":\"x\"}")" = 403 ] ||
	fail "api triage without csrf"
api_made() { # REASON
	http "$TMP/b" POST "/api/v1/complaints/$ca/finding" -b "$PS" \
		-H "X-CSRF-Token: $cstok" -H 'Content-Type: application/json' \
		-d "{\"event\":$ev2,\"rule\":\"SERANGAN-AJAKAN\",\"reason\":\"$1\"}"
}
[ "$(api_made "")" = 400 ] || fail "api finding without a reason"
[ "$(api_made "Serangan terselubung")" = 201 ] || fail "api finding from a complaint"
made2=$(sed -n 's/.*"finding":\([0-9]*\).*/\1/p' "$TMP/b")
web_q "SELECT actor || '|' || reason FROM finding_transitions WHERE
	finding_id = $made2 AND action = 'create'" |
	grep -qx "sari|Serangan terselubung" || fail "api finding: who and why"
[ "$(api_made "lagi")" = 409 ] || fail "api: a handled complaint made a finding"

# ---- the evidence bundle as zip and tar unpacks into a folder that
# `netra evidence verify` accepts; outside scope it is 404
command -v unzip >/dev/null || fail "unzip missing"
pub=$("$NETRA_BIN" evidence pubkey)
[ "$(http "$TMP/bukti.tar" GET "/temuan/$XSS_FINDING/bukti.tar" -b "$PB" \
	-D "$TMP/h")" = 200 ] || fail "tar bundle"
contains "$TMP/h" "application/x-tar"
mkdir "$TMP/tar" && tar -xf "$TMP/bukti.tar" -C "$TMP/tar"
expect_rc 0 "$NETRA_BIN" evidence verify "$TMP/tar/bukti-$XSS_FINDING" --key "$pub"
[ "$(http "$TMP/bukti.zip" GET "/temuan/$XSS_FINDING/bukti.zip" -b "$PS")" = 200 ] ||
	fail "zip bundle"
mkdir "$TMP/zip" && unzip -q "$TMP/bukti.zip" -d "$TMP/zip"
expect_rc 0 "$NETRA_BIN" evidence verify "$TMP/zip/bukti-$XSS_FINDING" --key "$pub"
grep -rq "pelapor-rahasia" "$TMP/zip" "$TMP/tar" && fail "reporter in a bundle"
[ "$(http "$TMP/b" GET "/temuan/$OTHER_FINDING/bukti.zip" -b "$PB")" = 404 ] ||
	fail "bundle outside scope"
web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_export'
	AND object = 'finding:$XSS_FINDING'" | grep -qx 2 ||
	fail "bundle downloads not audited"

# ---- opd users never see complaints; a reporter's contact never leaks
O="$TMP/opd1.jar"
curl -s -c "$O" -b "$O" -o "$TMP/f" "$WEB_URL/masuk"
tok=$(csrf_of "$TMP/f")
http "$TMP/b" POST /masuk -c "$O" -b "$O" --data-urlencode "csrf=$tok" \
	-d username=opd1 --data-urlencode "password=$WEB_PASSWORD" >/dev/null
[ "$(http "$TMP/b" GET "/aduan/$c1" -b "$O")" = 404 ] || fail "opd sees complaint"
[ "$(http "$TMP/b" GET /aduan -b "$O")" = 404 ] || fail "opd sees triage"

# ---- registry browser scoped; users (BKPP); own password
[ "$(http "$TMP/b" GET /pegawai -b "$O")" = 200 ] || fail "pegawai"
contains "$TMP/b" "$OPD1_UNIT"
grep -q "unit=$OPD2_UNIT\"" "$TMP/b" && fail "registry scope leak"
[ "$(http "$TMP/b" GET "/pegawai?unit=$OPD2_UNIT" -b "$O")" = 404 ] ||
	fail "other OPD's registry"
# a unit of one's own scope lists its staff and accounts; the view of this
# personal data is audited
staff=$(web_q "SELECT e.name FROM employees e JOIN units u ON u.id = e.unit_id
	WHERE u.code = '$OPD1_UNIT' AND e.active = 1 ORDER BY e.name LIMIT 1")
[ "$(http "$TMP/b" GET "/pegawai?unit=$OPD1_UNIT" -b "$O")" = 200 ] ||
	fail "own unit's staff"
contains "$TMP/b" 'id="staf"'
[ -z "$staff" ] || contains "$TMP/b" "$staff"
web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_staff' AND
	actor = 'opd1' AND object = 'unit:$OPD1_UNIT'" | grep -qx 1 ||
	fail "staff view not audited"
[ "$(http "$TMP/b" GET /pengguna -b "$O")" = 404 ] || fail "opd sees users"
http "$TMP/f" GET /pengguna -b "$A" >/dev/null
contains "$TMP/f" "opd1"
stok=$(csrf_of "$TMP/f")
[ "$(http "$TMP/b" POST /pengguna -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=tambah -d nama=opd3 -d peran=opd -d "unit=$OPD2_UNIT" \
	--data-urlencode "sandi=$WEB_PASSWORD-3")" = 200 ] || fail "add user"
contains "$TMP/b" "Selesai"
web_q "SELECT role FROM users WHERE name = 'opd3'" | grep -qx opd ||
	fail "user not added"
[ "$(http "$TMP/b" POST /pengguna -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=tambah -d nama=pendek -d peran=opd -d "unit=$OPD2_UNIT" \
	-d sandi=aaaa)" = 400 ] || fail "weak password accepted"
[ "$(http "$TMP/b" GET / -b "$O")" = 200 ] || fail "opd1 session"
[ "$(http "$TMP/b" POST /pengguna -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=nonaktifkan -d nama=opd1)" = 200 ] || fail "disable"
[ "$(http "$TMP/b" GET / -b "$O")" = 303 ] || fail "disabled user's session lives"
http "$TMP/b" POST /pengguna -b "$A" --data-urlencode "csrf=$stok" \
	-d aksi=aktifkan -d nama=opd1 >/dev/null
http "$TMP/f" GET /sandi -b "$T" >/dev/null
ttok=$(csrf_of "$TMP/f")
[ "$(http "$TMP/b" POST /sandi -b "$T" --data-urlencode "csrf=$ttok" \
	-d lama=bukan-sandinya -d baru=sandi-baru-kedua-2024 \
	-d ulang=sandi-baru-kedua-2024)" = 403 ] || fail "wrong current password"
[ "$(http "$TMP/b" POST /sandi -b "$T" --data-urlencode "csrf=$ttok" \
	--data-urlencode "lama=$WEB_PASSWORD" -d baru=sandi-baru-kedua-2024 \
	-d ulang=sandi-baru-kedua-2024)" = 200 ] || { grep -o "class=.error[^<]*" "$TMP/b"; fail "password change"; }
contains "$TMP/b" "Kata sandi diganti"
[ "$(http "$TMP/b" GET / -b "$T")" = 200 ] || fail "own session ended"

# ---- logout ends the session in the store
http "$TMP/f" GET / -b "$A" >/dev/null
stok=$(csrf_of "$TMP/f")
[ "$(http "$TMP/b" POST /keluar -b "$A" --data-urlencode "csrf=$stok")" = 303 ] ||
	fail "logout"
[ "$(http "$TMP/b" GET / -b "$A")" = 303 ] || fail "session alive after logout"

# ---- the employee a complaint is about never sees it, even as BKPP (nor
# who filed it); a BKPP user of one OPD sees no other OPD's captured posts
# through a complaint and may not list or revoke the API tokens
page_login() { # USER JAR
	curl -s -c "$2" -b "$2" -o "$TMP/f" "$WEB_URL/masuk"
	ptok=$(csrf_of "$TMP/f")
	[ "$(http "$TMP/b" POST /masuk -c "$2" -b "$2" --data-urlencode "csrf=$ptok" \
		-d "username=$1" --data-urlencode "password=$WEB_PASSWORD")" = 303 ] ||
		fail "login $1"
}
self_nip=$(web_q "SELECT e.nip FROM employees e JOIN accounts a ON
	a.employee_id = e.id WHERE a.handle = '$HANDLE' LIMIT 1")
self_unit=$(web_q "SELECT u.code FROM employees e JOIN accounts a ON
	a.employee_id = e.id JOIN units u ON u.id = e.unit_id
	WHERE a.handle = '$HANDLE' LIMIT 1")
other_unit=$(web_q "SELECT t.code FROM units t, units s WHERE
	s.code = '$self_unit' AND t.parent_id IS NULL AND
	s.path NOT LIKE t.path || '%' AND t.code <> 'BKPP' LIMIT 1")
[ -n "$self_nip" ] && [ -n "$other_unit" ] || fail "fixture: no NIP or other OPD"
echo "$WEB_PASSWORD" | "$NETRA_BIN" user add bkself --role bkpp \
	--unit "$self_unit" --nip "$self_nip" --operator >/dev/null ||
	fail "user add bkself"
echo "$WEB_PASSWORD" | "$NETRA_BIN" user add bkother --role bkpp \
	--unit "$other_unit" --operator >/dev/null || fail "user add bkother"
S="$TMP/self.jar" X="$TMP/other.jar"
page_login bkself "$S"
page_login bkother "$X"
[ "$(http "$TMP/b" GET "/aduan/$c1" -b "$S")" = 404 ] ||
	fail "the reported employee sees the complaint about them"
[ "$(http "$TMP/b" GET /aduan -b "$S")" = 200 ] || fail "bkself triage list"
grep -q "pelapor-rahasia" "$TMP/b" && fail "the reported employee sees the reporter"
[ "$(http "$TMP/b" POST /api/v1/complaints -H 'Content-Type: application/json' \
	-d '{"url":"https://x.com/orang_lain/status/990000000000000002","account":"@orang_lain","platform":"x","seen":"x"}')" = 201 ] ||
	fail "complaint naming nobody"
cx=$(web_q "SELECT MAX(id) FROM complaints")
[ "$(http "$TMP/b" GET "/aduan/$cx" -b "$X")" = 200 ] || fail "unlinked complaint"
grep -q "$HANDLE" "$TMP/b" && fail "a complaint showed another OPD's captured post"
[ "$(http "$TMP/b" GET /token -b "$X")" = 200 ] &&
	fail "a BKPP user of one OPD lists the API tokens"
# A body for batch ingest without a token is refused before it is read.
head -c 6000000 /dev/zero | tr '\0' 'a' > "$TMP/big.jsonl"
[ "$(http "$TMP/b" POST /api/v1/events --data-binary "@$TMP/big.jsonl")" = 401 ] ||
	fail "large unauthenticated batch not refused"

# ---- a sign-in drops the session id the browser came with (session
# fixation) and purges expired sessions and old rate-limit windows
F="$TMP/fix.jar"
page_login bkother "$F"
old=$(awk '$6 == "netra_sesi" {print $7}' "$F")
[ -n "$old" ] || fail "no session cookie in the jar"
web_q "INSERT INTO web_sessions(token_hash, user_name, csrf, created_at,
	expires_at, absolute_at) VALUES ('basi', 'sari', 'x', 1, 2, 3)"
web_q "INSERT INTO rate_counters(key, window_start, count) VALUES
	('cek:basi', 60, 5)"
# the browser still holds $old when it signs in again
G="$TMP/fresh.jar"
curl -s -c "$G" -o "$TMP/f" "$WEB_URL/masuk"
ptok=$(csrf_of "$TMP/f")
pra=$(awk '$6 == "netra_pra" {print $7}' "$G")
[ "$(http "$TMP/b" POST /masuk -D "$TMP/h" -b "netra_pra=$pra; netra_sesi=$old" \
	--data-urlencode "csrf=$ptok" -d username=bkother \
	--data-urlencode "password=$WEB_PASSWORD")" = 303 ] || fail "second sign-in"
new=$(sed -n 's/.*netra_sesi=\([0-9a-f]*\);.*/\1/p' "$TMP/h")
[ -n "$new" ] && [ "$new" != "$old" ] || fail "sign-in kept the session id"
[ "$(http "$TMP/b" GET / -b "netra_sesi=$old")" = 303 ] ||
	fail "the session the browser came with survives a new sign-in"
[ "$(http "$TMP/b" GET / -b "netra_sesi=$new")" = 200 ] || fail "new session"
web_q "SELECT COUNT(*) FROM web_sessions WHERE token_hash = 'basi'" |
	grep -qx 0 || fail "expired session not purged at sign-in"
web_q "SELECT COUNT(*) FROM rate_counters WHERE key = 'cek:basi'" |
	grep -qx 0 || fail "old rate-limit window not purged at sign-in"

# ---- behind the operator's proxy, the public limits count an IPv6
# client by its /64 (another address of it is the same client) and an
# IPv4 client by its address
web_stop
web_start --trusted-proxy 127.0.0.1
cek() { # ADDRESS: the status of one self-check from ADDRESS
	http "$TMP/b" POST /api/v1/check -H 'Content-Type: application/json' \
		-H "X-Forwarded-For: $1" -d '{"text":"halo"}'
}
# the window is a minute: start well inside one
sec=$(date +%S | sed 's/^0//')
[ "$sec" -lt 50 ] || sleep $((61 - sec))
i=0
while [ $i -lt 30 ]; do
	i=$((i + 1))
	[ "$(cek "2001:db8:7:9::$i")" = 200 ] || fail "check $i of one /64"
done
[ "$(cek "2001:db8:7:9:ffff::1")" = 429 ] ||
	fail "another address of the same /64 is not rate-limited"
[ "$(cek "2001:db8:7:a::1")" = 200 ] || fail "another /64 is limited"
[ "$(cek "192.0.2.9")" = 200 ] || fail "an IPv4 client is limited"

web_stop
echo "web_api: ok"
