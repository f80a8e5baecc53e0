#!/bin/sh
# Several `netra serve` processes over one store, as behind a load
# balancer (issue 11): nothing one server needs lives in another's memory.
# A user logs in through server A and then, through server B, opens a
# finding, acts on it with the page's CSRF-protected form, and calls the
# API (a read and a CSRF-protected action); logging out through B ends the
# session on A too. Failed logins through A slow the account down on B,
# and the self-check's rate limit counts requests to both servers. Runs on
# SQLite and on PostgreSQL (web_multi_pg).
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
command -v curl >/dev/null || fail "curl missing"
N="$NETRA_BIN"
q() { sql "$1"; }
. "$NETRA_SRC/tests/integration/lib_scan.sh"
PW="sandi-uji-multi-2024"

scan_city 200 30
for who in bk:bkpp:PEMKOT opd_a:opd:DINAS-A opd_b:opd:DINAS-B; do
	name=${who%%:*}; rest=${who#*:}
	echo "$PW" | "$N" user add "$name" --role "${rest%%:*}" \
		--unit "${rest#*:}" --operator >/dev/null || fail "user add $name"
done
expect_rc 0 "$N" ingest --quiet events.jsonl
expect_rc 0 "$N" scan --election \
	"$NETRA_SRC/tests/integration/fixtures/chain/election.yaml" --threads 1
F=$(q "SELECT f.id FROM findings f JOIN units u ON u.id = f.assigned_unit_id
	WHERE u.code = 'DINAS-A' AND f.state = 'baru' ORDER BY f.id LIMIT 1")
G=$(q "SELECT f.id FROM findings f JOIN units u ON u.id = f.assigned_unit_id
	WHERE u.code = 'DINAS-A' AND f.state = 'baru' ORDER BY f.id DESC LIMIT 1")
[ -n "$F" ] && [ -n "$G" ] && [ "$F" != "$G" ] || fail "fixture: two findings for DINAS-A"

PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; '"$LIB_EXIT" EXIT
# serve NAME: starts a server; sets URL_NAME. Both servers run on one
# frozen test clock, so a login slow-down cannot run out between the
# request to one server and the request to the other.
CLOCK=$(date +%s)
serve() {
	NETRA_TEST_CLOCK=$CLOCK "$N" serve --listen 127.0.0.1:0 --threads 2 \
		>/dev/null 2>"$1.log" &
	PIDS="$PIDS $!"
	i=0
	while ! grep -q "listening on" "$1.log" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || { cat "$1.log" >&2; fail "server $1 did not start"; }
		sleep 0.1
	done
	eval "URL_$1=\$(sed -n 's/.*listening on \(http[^ ]*\)\/\$/\1/p' $1.log | head -n 1)"
}
serve A
serve B
[ "$URL_A" != "$URL_B" ] || fail "one server"

# http OUT METHOD URL [curl args]: the body to OUT, prints the status
http() {
	out=$1 method=$2 url=$3
	shift 3
	curl -s -o "$out" -w '%{http_code}' -X "$method" "$@" "$url"
}
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -n 1; }

# Log in through A.
J=opd_a.jar
curl -s -c $J -b $J -o f "$URL_A/masuk"
tok=$(csrf_of f)
[ "$(http b POST "$URL_A/masuk" -c $J -b $J --data-urlencode "csrf=$tok" \
	-d username=opd_a --data-urlencode "password=$PW")" = 303 ] || fail "login on A"
# Act through B: the finding page, its form (the session's CSRF token).
[ "$(http page GET "$URL_B/temuan/$F" -b $J)" = 200 ] || fail "B does not know A's session"
contains page 'id="aksi-review"'
stok=$(csrf_of page)
[ -n "$stok" ] || fail "no csrf token on B's page"
[ "$(http b POST "$URL_B/temuan/$F/aksi" -b $J -d aksi=review)" = 403 ] ||
	fail "B took a form without the CSRF token"
[ "$(http b POST "$URL_B/temuan/$F/aksi" -b $J --data-urlencode "csrf=$stok" \
	-d aksi=review)" = 303 ] || { cat b >&2; fail "review through B"; }
[ "$(q "SELECT state FROM findings WHERE id = $F")" = ditinjau_opd ] ||
	fail "the review through B was not stored"
# The API through B with the same session: a read, then an action.
[ "$(http b GET "$URL_B/api/v1/findings/$F" -b $J)" = 200 ] || fail "api read through B"
contains b '"state":"ditinjau_opd"'
[ "$(http b POST "$URL_B/api/v1/findings/$G/review" -b $J)" = 403 ] ||
	fail "api action without the CSRF token"
[ "$(http b POST "$URL_B/api/v1/findings/$G/review" -b $J \
	-H "X-CSRF-Token: $stok")" = 200 ] || { cat b >&2; fail "api review through B"; }
[ "$(q "SELECT state FROM findings WHERE id = $G")" = ditinjau_opd ] ||
	fail "the API review through B was not stored"
# And back on A, which sees what B did.
[ "$(http b GET "$URL_A/api/v1/findings/$G" -b $J)" = 200 ] || fail "api read on A"
contains b '"state":"ditinjau_opd"'
# Logging out through B ends the session everywhere.
[ "$(http b POST "$URL_B/keluar" -b $J --data-urlencode "csrf=$stok")" = 303 ] ||
	fail "logout through B"
[ "$(http b GET "$URL_A/temuan/$F" -b $J)" = 303 ] || fail "A still knows the session"

# Failed logins through A slow opd_b down on B as well.
T=t.jar
curl -s -c $T -b $T -o f "$URL_A/masuk"
tok=$(csrf_of f)
slowed=0
for i in 1 2 3 4 5 6 7 8; do
	code=$(http b POST "$URL_A/masuk" -c $T -b $T --data-urlencode "csrf=$tok" \
		-d username=opd_b -d password=salah-salah-$i)
	[ "$code" = 429 ] && { slowed=1; break; }
	[ "$code" = 401 ] || fail "failed login answered $code"
done
[ "$slowed" = 1 ] || fail "no slow-down on A"
[ "$(http b POST "$URL_B/masuk" -c $T -b $T --data-urlencode "csrf=$tok" \
	-d username=opd_b --data-urlencode "password=$PW")" = 429 ] ||
	fail "B does not know the failures on A"

# The self-check API's limit (30 a minute per client) counts both servers.
i=0
while [ $i -lt 30 ]; do
	url=$URL_A
	[ $((i % 2)) -eq 0 ] || url=$URL_B
	code=$(http b POST "$url/api/v1/check" -H 'Content-Type: application/json' \
		-d '{"text":"halo"}')
	[ "$code" = 200 ] || fail "check $i answered $code"
	i=$((i + 1))
done
[ "$(http b POST "$URL_B/api/v1/check" -H 'Content-Type: application/json' \
	-d '{"text":"halo"}')" = 429 ] || fail "the rate limit is per server"

for p in $PIDS; do
	kill -TERM "$p"
	wait "$p" || fail "a server exited non-zero"
done
PIDS=
echo "web_multi: ok"
