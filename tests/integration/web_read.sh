#!/bin/sh
# tests/integration/web_read.sh - the read side of `netra serve` beyond
# the review chain (web_api.sh): the queue's keyset cursors on the API
# (`after`/`before`, "next"/"prev") and on the Antrean page (its links
# carry the cursor; old `hal=` links still work); and the read-only API
# of reports, the registry, users and API tokens, each scoped to the
# caller's units (an OPD reviewer never sees another unit's rows) and
# audited where it shows personal data; and BKPP's management of users
# and tokens through the API (CSRF, scope, audit; a disabled user's
# session ends; a revoked token no longer ingests).
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_web.sh"
command -v curl >/dev/null || fail "curl missing"

web_fixture "$TMP/city"
web_start

http() {
	out=$1 method=$2 path=$3
	shift 3
	curl -s -o "$out" -w '%{http_code}' -X "$method" "$@" "$WEB_URL$path"
}
api_login() { # USER JAR [PASSWORD]: prints the session's CSRF token
	curl -s -c "$2" -b "$2" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"${3:-$WEB_PASSWORD}\"}" \
		"$WEB_URL/api/v1/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p'
}
ids() { grep -o '"id":[0-9]*' "$1" | sed 's/.*://'; }
next_of() { sed -n 's/.*"next":"\([a-z0-9-]*\)".*/\1/p' "$1"; }
prev_of() { sed -n 's/.*"prev":"\([a-z0-9-]*\)".*/\1/p' "$1"; }
PS="$TMP/ps.jar" P1="$TMP/p1.jar"
[ -n "$(api_login sari "$PS")" ] && [ -n "$(api_login opd1 "$P1")" ] ||
	fail "login"

# ---- the queue API: page 3 after the cursor of page 2 is page 3 by
# offset, for every sort and direction; back by "prev" is page 2 again
for sort in id due created severity unit state; do
	for desc in 0 1; do
		base="/api/v1/findings?limit=20&sort=$sort&desc=$desc"
		http "$TMP/o2" GET "$base&offset=20" -b "$PS" >/dev/null
		http "$TMP/o3" GET "$base&offset=40" -b "$PS" >/dev/null
		cur=$(next_of "$TMP/o2")
		[ -n "$cur" ] || fail "$sort/$desc: page 2 has no next cursor"
		[ "$(http "$TMP/c3" GET "$base&after=$cur" -b "$PS")" = 200 ] ||
			fail "$sort/$desc: after"
		ids "$TMP/c3" >"$TMP/got"
		ids "$TMP/o3" >"$TMP/want"
		[ -s "$TMP/want" ] && cmp -s "$TMP/got" "$TMP/want" ||
			fail "$sort/$desc: page 3 by cursor differs from by offset"
		[ "$(http "$TMP/c2" GET "$base&before=$(prev_of "$TMP/c3")" \
			-b "$PS")" = 200 ] || fail "$sort/$desc: before"
		ids "$TMP/c2" >"$TMP/got"
		ids "$TMP/o2" >"$TMP/want"
		cmp -s "$TMP/got" "$TMP/want" ||
			fail "$sort/$desc: page 2 by prev differs from by offset"
	done
done
cur=$(next_of "$TMP/o2")
[ "$(http "$TMP/b" GET "/api/v1/findings?sort=due&after=$cur" -b "$PS")" = 400 ] ||
	fail "a cursor of another sort"
contains "$TMP/b" "another sort"
[ "$(http "$TMP/b" GET "/api/v1/findings?sort=state&desc=1&after=$cur&offset=5" \
	-b "$PS")" = 400 ] || fail "cursor and offset"
[ "$(http "$TMP/b" GET "/api/v1/findings?after=id-a-x-1" -b "$PS")" = 400 ] ||
	fail "malformed cursor"
contains "$TMP/b" "malformed cursor"
# the last page has no next
http "$TMP/b" GET "/api/v1/findings?limit=1000" -b "$P1" >/dev/null
contains "$TMP/b" '"next":null'
contains "$TMP/b" '"prev":null'

# ---- the Antrean page: "Berikutnya" carries the cursor; following it
# gives page 2, the same rows as the old hal=2 link, which still works
page_ids() { grep -o 'href="/temuan/[0-9]*"' "$1" | sed 's/[^0-9]//g'; }
[ "$(http "$TMP/p1" GET "/antrean?urut=due&turun=1" -b "$PS")" = 200 ] ||
	fail "antrean"
link=$(grep -o 'href="/antrean?[^"]*after=[^"]*"' "$TMP/p1" | head -n 1 |
	sed 's/^href="//; s/"$//; s/&amp;/\&/g')
case $link in *hal=2*) ;; *) fail "no cursor link to page 2: $link" ;; esac
[ "$(http "$TMP/p2" GET "$link" -b "$PS")" = 200 ] || fail "page 2 by cursor"
contains "$TMP/p2" "halaman 2 dari"
[ "$(http "$TMP/h2" GET "/antrean?urut=due&turun=1&hal=2" -b "$PS")" = 200 ] ||
	fail "old hal=2 link"
page_ids "$TMP/p2" >"$TMP/got"
page_ids "$TMP/h2" >"$TMP/want"
[ -s "$TMP/want" ] && cmp -s "$TMP/got" "$TMP/want" ||
	fail "page 2 by cursor differs from hal=2"
link=$(grep -o 'href="/antrean?[^"]*after=[^"]*"' "$TMP/p2" | head -n 1 |
	sed 's/^href="//; s/"$//; s/&amp;/\&/g')
http "$TMP/p3" GET "$link" -b "$PS" >/dev/null
link=$(grep -o 'href="/antrean?[^"]*before=[^"]*"' "$TMP/p3" | head -n 1 |
	sed 's/^href="//; s/"$//; s/&amp;/\&/g')
case $link in *hal=2*) ;; *) fail "no cursor link back to page 2: $link" ;; esac
http "$TMP/b" GET "$link" -b "$PS" >/dev/null
page_ids "$TMP/b" >"$TMP/got"
cmp -s "$TMP/got" "$TMP/want" || fail "back to page 2 by cursor"
[ "$(http "$TMP/b" GET "/antrean?urut=id&after=due-d-1-1" -b "$PS")" = 400 ] ||
	fail "antrean: a cursor of another sort"
echo "web_read: queue cursors ok"

# ---- the report API: the Laporan figures, scoped; JSON and CSV
jnum() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1" | head -n 1; }
for who in "sari $PS" "opd1 $P1"; do
	set -- $who
	[ "$(http "$TMP/r" GET /api/v1/report -b "$2")" = 200 ] || fail "$1 report"
	http "$TMP/q" GET "/api/v1/findings?limit=1" -b "$2" >/dev/null
	[ "$(jnum "$TMP/r" findings)" = "$(jnum "$TMP/q" total)" ] ||
		fail "$1: the report's total differs from the queue's"
	[ "$(http "$TMP/c" GET "/api/v1/report?format=csv" -b "$2")" = 200 ] ||
		fail "$1 report csv"
	head -n 1 "$TMP/c" | grep -q '^unit_code,unit_name,total,' ||
		fail "$1 report csv header"
	[ "$(awk -F, 'NR > 1 {s += $3} END {print s + 0}' "$TMP/c")" = \
		"$(jnum "$TMP/r" findings)" ] || fail "$1: csv units do not add up"
done
# scope: opd1's report names no unit of another OPD, and another OPD's
# report is 404 for opd1
web_q "SELECT u.code FROM units u, units t WHERE t.code = '$OPD1_UNIT'
	AND u.path NOT LIKE t.path || '%'" >"$TMP/foreign"
http "$TMP/r" GET /api/v1/report -b "$P1" >/dev/null
grep -o '"code":"[^"]*"' "$TMP/r" | sed 's/"code":"//; s/"$//' >"$TMP/named"
[ -s "$TMP/named" ] || fail "opd1's report names no unit"
grep -qxFf "$TMP/foreign" "$TMP/named" && fail "opd1's report names another OPD's unit"
[ "$(http "$TMP/b" GET "/api/v1/report?unit=$OPD2_UNIT" -b "$P1")" = 404 ] ||
	fail "opd1 reads another OPD's report"
[ "$(http "$TMP/b" GET "/api/v1/report?from=2024-13-01" -b "$P1")" = 400 ] ||
	fail "a bad date"
[ "$(http "$TMP/b" GET "/api/v1/report?format=csv&table=rules&unit=$OPD1_UNIT" \
	-b "$P1")" = 200 ] || fail "rules csv"
head -n 1 "$TMP/b" | grep -qx 'rule,count' || fail "rules csv header"
[ "$(http "$TMP/b" GET /api/v1/report)" = 401 ] || fail "report without session"

# ---- the registry API: units and staff, scoped; staff views audited
[ "$(http "$TMP/u" GET /api/v1/units -b "$P1")" = 200 ] || fail "units"
contains "$TMP/u" "\"code\":\"$OPD1_UNIT\""
grep -o '"code":"[^"]*"' "$TMP/u" | sed 's/"code":"//; s/"$//' >"$TMP/named"
grep -qxFf "$TMP/foreign" "$TMP/named" && fail "opd1 sees another OPD's units"
[ "$(http "$TMP/b" GET "/api/v1/units?unit=$OPD2_UNIT" -b "$P1")" = 404 ] ||
	fail "opd1 reads another OPD's tree"
staff_unit=$(web_q "SELECT u.code FROM units u JOIN employees e ON
	e.unit_id = u.id, units t WHERE t.code = '$OPD1_UNIT'
	AND u.path LIKE t.path || '%' GROUP BY u.code ORDER BY COUNT(*) DESC
	LIMIT 1")
views=$(web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_staff'")
[ "$(http "$TMP/s" GET "/api/v1/staff?unit=$staff_unit" -b "$P1")" = 200 ] ||
	fail "staff"
contains "$TMP/s" '"nip":'
contains "$TMP/s" '"accounts":[{"platform":'
[ "$(web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_staff'
	AND actor = 'opd1' AND object = 'unit:$staff_unit'")" -ge 1 ] &&
[ "$(web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_staff'")" = \
	$((views + 1)) ] || fail "staff view not audited once"
other_staff=$(web_q "SELECT u.code FROM units u JOIN employees e ON
	e.unit_id = u.id, units t WHERE t.code = '$OPD2_UNIT'
	AND u.path LIKE t.path || '%' LIMIT 1")
[ "$(http "$TMP/b" GET "/api/v1/staff?unit=$other_staff" -b "$P1")" = 404 ] ||
	fail "opd1 reads another OPD's staff"
[ "$(http "$TMP/b" GET "/api/v1/staff" -b "$P1")" = 400 ] || fail "staff without unit"

# ---- users and tokens: BKPP only (404 to anyone else); users audited
[ "$(http "$TMP/b" GET /api/v1/users -b "$P1")" = 404 ] || fail "opd1 lists users"
[ "$(http "$TMP/b" GET /api/v1/tokens -b "$P1")" = 404 ] || fail "opd1 lists tokens"
[ "$(http "$TMP/b" GET /api/v1/users -b "$PS")" = 200 ] || fail "users"
contains "$TMP/b" '"name":"opd2"'
grep -q 'argon2' "$TMP/b" && fail "users list shows a hash"
[ "$(web_q "SELECT COUNT(*) FROM audit_log WHERE action = 'view_users'
	AND actor = 'sari'")" = 1 ] || fail "users view not audited"
[ "$(http "$TMP/b" GET /api/v1/tokens -b "$PS")" = 200 ] || fail "tokens"
contains "$TMP/b" '"tokens":['
echo "web_read: report, registry, users and tokens API ok"

# ---- user and token management through the API (BKPP, CSRF)
cstok=$(api_login sari "$PS")
c1tok=$(api_login opd1 "$P1")
js() { curl -s -o "$TMP/b" -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@"; }
[ "$(js -b "$PS" -d '{"name":"opd3","role":"opd","unit":"'"$OPD2_UNIT"'","password":"rahasia-uji-tiga-2024"}' \
	"$WEB_URL/api/v1/users")" = 403 ] || fail "user add without csrf"
[ "$(js -b "$P1" -H "X-CSRF-Token: $c1tok" -d '{"name":"opd3","role":"opd","unit":"'"$OPD2_UNIT"'","password":"rahasia-uji-tiga-2024"}' \
	"$WEB_URL/api/v1/users")" = 404 ] || fail "opd1 adds a user"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3","role":"opd","unit":"'"$OPD2_UNIT"'","password":"pendek"}' \
	"$WEB_URL/api/v1/users")" = 400 ] || fail "a short password"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3","role":"opd","unit":"'"$OPD2_UNIT"'","password":"rahasia-uji-tiga-2024"}' \
	"$WEB_URL/api/v1/users")" = 201 ] || { cat "$TMP/b" >&2; fail "user add"; }
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3","role":"opd","unit":"'"$OPD2_UNIT"'","password":"rahasia-uji-tiga-2024"}' \
	"$WEB_URL/api/v1/users")" = 409 ] || fail "user added twice"
P3="$TMP/p3.jar"
[ -n "$(api_login opd3 "$P3" rahasia-uji-tiga-2024)" ] || fail "opd3 login"
[ "$(http "$TMP/b" GET /api/v1/units -b "$P3")" = 200 ] || fail "opd3 units"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3"}' \
	"$WEB_URL/api/v1/users/disable")" = 200 ] || fail "user disable"
[ "$(http "$TMP/b" GET /api/v1/units -b "$P3")" = 401 ] ||
	fail "a disabled user's session lives on"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3"}' \
	"$WEB_URL/api/v1/users/frobnicate")" = 404 ] || fail "unknown user action"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3"}' \
	"$WEB_URL/api/v1/users/enable")" = 200 ] || fail "user enable"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"name":"opd3","password":"rahasia-baru-tiga-2024"}' \
	"$WEB_URL/api/v1/users/reset")" = 200 ] || fail "password reset"
[ -n "$(api_login opd3 "$P3" rahasia-baru-tiga-2024)" ] ||
	fail "opd3 login with the reset password"
[ "$(web_q "SELECT COUNT(*) FROM audit_log WHERE actor = 'sari' AND action IN
	('user_add', 'user_disable', 'user_enable', 'password_reset')")" -ge 4 ] ||
	fail "user management not audited"
# a token issued through the API ingests, and revoked it no longer does
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" -d '{"label":"kolektor-api"}' \
	"$WEB_URL/api/v1/tokens")" = 201 ] || fail "token issue"
tok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$TMP/b")
tid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/b")
[ -n "$tok" ] && [ -n "$tid" ] || fail "token issue answer"
http "$TMP/b" GET /api/v1/tokens -b "$PS" >/dev/null
contains "$TMP/b" '"label":"kolektor-api"'
grep -qF "$tok" "$TMP/b" && fail "the token list shows the secret"
[ "$(http "$TMP/b" POST /api/v1/events -H "Authorization: Bearer $tok" \
	--data-binary '{"platform":"x","id":"77","type":"post","account":"@tidakada","text":"halo"}')" = 200 ] ||
	fail "ingest with the API-issued token"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" "$WEB_URL/api/v1/tokens/$tid/revoke")" = 200 ] ||
	fail "token revoke"
[ "$(js -b "$PS" -H "X-CSRF-Token: $cstok" "$WEB_URL/api/v1/tokens/$tid/revoke")" = 404 ] ||
	fail "token revoked twice"
[ "$(http "$TMP/b" POST /api/v1/events -H "Authorization: Bearer $tok" \
	--data-binary '{"platform":"x","id":"78","type":"post","account":"@tidakada","text":"halo"}')" = 401 ] ||
	fail "a revoked token still ingests"
[ "$(js -b "$P1" -H "X-CSRF-Token: $c1tok" -d '{"label":"x"}' \
	"$WEB_URL/api/v1/tokens")" = 404 ] || fail "opd1 issues a token"
echo "web_read: user and token management API ok"

web_stop
