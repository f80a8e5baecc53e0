#!/bin/sh
# tests/integration/web_refresh.sh - `netra serve` keeps the self-check's
# engine current (web/engine.c): a debunk imported while the server runs
# makes the self-check flag a draft that repeats it, which it did not
# before, without a restart; requests keep being answered while the new
# engine is built; a profile broken in place keeps the engine the server
# has (and says so), and a repaired one is taken again.
. "$NETRA_SRC/tests/integration/lib.sh"
. "$NETRA_SRC/tests/integration/lib_web.sh"
command -v curl >/dev/null || fail "curl missing"
export NETRA_DATA="$NETRA_SRC/data"

cat >"$TMP/a.jsonl" <<'JSONL'
{"id":"k1","claim":"Pemungutan suara di Kota Sukamaju diundur ke 9 Desember karena kotak suara hilang","verdict":"salah","explanation":"KPU menegaskan jadwal tetap."}
JSONL
cat >"$TMP/b.jsonl" <<'JSONL'
{"id":"k2","claim":"Air minum yang dibagikan di TPS mengandung obat bius yang membuat pemilih pingsan","verdict":"salah","explanation":"Uji lab tidak menemukan zat berbahaya."}
JSONL
DRAFT='{"text":"Hati-hati, air minum yang dibagikan di TPS mengandung obat bius yang membuat pemilih pingsan"}'
cp "$NETRA_SRC/data/demo/election.yaml" "$TMP/pilkada.yaml"
"$NETRA_BIN" hoax import "$TMP/a.jsonl" >/dev/null || fail "hoax import a"
"$NETRA_BIN" scan --election "$TMP/pilkada.yaml" >/dev/null || fail "scan"
web_start --refresh-seconds 1 --trusted-proxy 127.0.0.1

n=0
# check [OUT]: the self-check's answer to the draft, in OUT ($TMP/v) (each
# call from its own client address, so the per-client limit never answers
# instead)
check() {
	n=$((n + 1))
	curl -s -o "${1:-$TMP/v}" -w '%{http_code}' \
		-H 'Content-Type: application/json' \
		-H "X-Forwarded-For: 10.9.$((n / 200)).$((n % 200 + 1))" \
		-d "$DRAFT" "$WEB_URL/api/v1/check"
}
# until_label WANT: polls the self-check (at most 60 s) until its labels
# are WANT
until_label() {
	i=0
	while :; do
		[ "$(check)" = 200 ] || { cat "$TMP/v" >&2; fail "self-check"; }
		grep -q "\"labels\":\[\"$1\"\]" "$TMP/v" && return 0
		i=$((i + 1))
		[ $i -lt 120 ] || { cat "$TMP/v" "$TMP/serve.log" >&2; fail "never $1"; }
		sleep 0.5
	done
}

[ "$(check)" = 200 ] || fail "self-check"
contains "$TMP/v" '"labels":["none"]'

# requests go on while the engine is rebuilt; none fails
( n=5000
while [ ! -f "$TMP/stop" ]; do
	check "$TMP/v.loop" >>"$TMP/codes"
	echo >>"$TMP/codes"
done ) &
loop=$!
"$NETRA_BIN" hoax import "$TMP/b.jsonl" >/dev/null || fail "hoax import b"
until_label hoax
contains "$TMP/v" '"id":"k2"'
contains "$TMP/serve.log" "engine was rebuilt"
touch "$TMP/stop"
wait "$loop"
grep -v '^$' "$TMP/codes" | grep -qv '^200$' &&
	fail "a self-check failed during the rebuild: $(sort "$TMP/codes" | uniq -c)"

# the profile broken in place: the server keeps its engine
printf 'election: [unterminated\n' >"$TMP/pilkada.yaml"
i=0
until grep -q "keeps its engine" "$TMP/serve.log"; do
	i=$((i + 1))
	[ $i -lt 120 ] || { cat "$TMP/serve.log" >&2; fail "broken profile not seen"; }
	sleep 0.5
done
[ "$(check)" = 200 ] || fail "self-check after a broken profile"
contains "$TMP/v" '"labels":["hoax"]'
# repaired, and a debunk withdrawn by re-import under another claim: the
# engine is built again from the repaired profile
cp "$NETRA_SRC/data/demo/election.yaml" "$TMP/pilkada.yaml"
cat >"$TMP/b.jsonl" <<'JSONL'
{"id":"k2","claim":"Kotak suara di Kecamatan Tirtalaya sudah terisi penuh sebelum pemungutan dimulai","verdict":"salah","explanation":"Kotak suara disegel kosong."}
JSONL
"$NETRA_BIN" hoax import "$TMP/b.jsonl" >/dev/null || fail "hoax re-import"
until_label none
web_stop
echo "web_refresh: ok"
