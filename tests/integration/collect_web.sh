#!/bin/sh
# /cakupan, the coverage page of `netra serve` (web/page_collect.c), after
# a collection against the fake platform server: a BKPP user of every
# unit sees every unit and the whole total; an OPD reviewer sees their
# unit only, with a total summed over it alone (no count of another
# unit's accounts leaks into it); unit names are escaped; the page needs
# a session.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_collect.sh"
. "$NETRA_SRC/tests/integration/lib_web.sh"
command -v curl >/dev/null || fail "curl missing"
cd "$TMP"
N="$NETRA_BIN"
PW="sandi-uji-cakupan-2024"

printf 'code,name,parent_code,kind\nBKPP,Badan Kepegawaian,,OPD\nUJI,Dinas Uji,,OPD\nLAIN,Dinas <b>Lain</b> & Co,,OPD\n' > units.csv
cat > employees.csv <<'EOC'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
199203142019032004,Agus Susanto,Staf,LAIN,PNS,
EOC
printf 'nip,platform,handle\n198503122010011001,x,budi_s\n199203142019032004,x,akun_sus\n' > accounts.csv
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv
echo "$PW" | "$N" user add sari --role bkpp --unit BKPP --all-units --operator >/dev/null
echo "$PW" | "$N" user add opdu --role opd --unit UJI --operator >/dev/null

start_fake "$NETRA_SRC/tests/collect/scenarios/x_basic.json"
collect_setup
expect_rc 0 "$N" collect --once --config collect.yaml
stop_fake

web_start
trap 'kill "$WEB_PID" 2>/dev/null || true; rm -rf "$TMP"' EXIT
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -n 1; }
login() { # login USER JAR
	curl -s -c "$2" -b "$2" -o "$TMP/f" "$WEB_URL/masuk"
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$2" -b "$2" \
		--data-urlencode "csrf=$(csrf_of "$TMP/f")" -d "username=$1" \
		--data-urlencode "password=$PW" "$WEB_URL/masuk")
	[ "$code" = 303 ] || fail "login $1: $code"
}
get() { curl -s -o "$2" -w '%{http_code}' -b "$1" "$WEB_URL/cakupan"; }

[ "$(curl -s -o /dev/null -w '%{http_code}' "$WEB_URL/cakupan")" = 303 ] ||
	fail "/cakupan without a session"

login sari "$TMP/sari.jar"
[ "$(get "$TMP/sari.jar" "$TMP/s.html")" = 200 ] || fail "sari /cakupan"
contains "$TMP/s.html" "Cakupan pemantauan"
contains "$TMP/s.html" '<tr class="total"><td>x</td><td>Semua unit</td><td class="num">2</td>'
contains "$TMP/s.html" "<td>Dinas Uji</td><td class=\"num\">1</td>"
contains "$TMP/s.html" "Dinas &lt;b&gt;Lain&lt;/b&gt; &amp; Co"
grep -q "<b>Lain" "$TMP/s.html" && fail "unit name not escaped"
# the total: 2 watched, 11 events today, 0 errors, 1 unreachable, none
# possibly renamed, none silent
grep -q '<td class="num">11</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">0</td></tr>' "$TMP/s.html" ||
	{ cat "$TMP/s.html"; fail "sari's total"; }

login opdu "$TMP/opdu.jar"
[ "$(get "$TMP/opdu.jar" "$TMP/o.html")" = 200 ] || fail "opdu /cakupan"
contains "$TMP/o.html" "<td>Dinas Uji</td>"
grep -q "Lain" "$TMP/o.html" && fail "another unit shown to an OPD reviewer"
contains "$TMP/o.html" '<tr class="total"><td>x</td><td>Semua unit</td><td class="num">1</td>'
grep -q '<td class="num">11</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td></tr>' "$TMP/o.html" ||
	{ cat "$TMP/o.html"; fail "opdu's total counts outside the scope"; }
web_stop
echo "collect_web: ok"
