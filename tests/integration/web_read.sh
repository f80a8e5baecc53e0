#!/bin/sh
# tests/integration/web_read.sh - the read side of `netra serve` beyond
# the review chain (web_api.sh): the queue's keyset cursors on the API
# (`after`/`before`, "next"/"prev") and on the Antrean page (its links
# carry the cursor; old `hal=` links still work); and the read-only API
# of reports, the registry, users and API tokens, each scoped to the
# caller's units (an OPD reviewer never sees another unit's rows) and
# audited where it shows personal data.
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
api_login() { # USER JAR: prints the session's CSRF token
	curl -s -c "$2" -b "$2" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$WEB_PASSWORD\"}" \
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

web_stop
