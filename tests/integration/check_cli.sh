#!/bin/sh
# tests/integration/check_cli.sh - `netra check` as a command: one text
# argument, JSONL from stdin, --text lines, malformed lines reported as
# FILE:LINE on stderr and skipped, exit codes, --help.
set -u
: "${NETRA_BIN:?}" "${NETRA_SRC:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat >"$tmp/e.yaml" <<'Y'
election:
  id: pilkada-contoh-2029
  campaign_period: {start: 2029-09-24, end: 2029-11-24}
  voting_day: 2029-11-28
candidates:
  - number: 1
    names: ["Agus Santoso", "Wulan Sari"]
    aliases: [AGWU]
    accounts: [{platform: instagram, handle: aguswulan.official}]
  - number: 2
    names: ["Bima Prakoso", "Citra Lestari"]
    aliases: [BICI]
Y
N="$NETRA_BIN check --election $tmp/e.yaml"
$NETRA_BIN check --help | grep -q "usage: netra check" || fail help
out=$($N "ayo coblos BICI nomor 2") || fail "one text"
echo "$out" | grep -q '"labels":\["support"\],"candidate":2' || fail "text: $out"
printf '%s\n' '{"platform":"instagram","id":"a1","type":"post","account":"budi.s","text":"Selamat pagi semua"}' \
	'not json' \
	'{"platform":"instagram","id":"a2","type":"like","account":"budi.s","target":{"account":"aguswulan.official"}}' \
	>"$tmp/in.jsonl"
$N "$tmp/in.jsonl" >"$tmp/out" 2>"$tmp/err" || fail "jsonl exit"
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "two verdicts expected"
grep -q "in.jsonl:2:" "$tmp/err" || fail "bad line not reported: $(cat "$tmp/err")"
grep -q '"id":"a1","labels":\["none"\]' "$tmp/out" || fail "a1"
grep -q '"id":"a2","labels":\["support"\],"candidate":1' "$tmp/out" || fail "a2"
$N - <"$tmp/in.jsonl" >/dev/null 2>&1 || fail "stdin"
printf 'jangan pilih AGWU\nselamat pagi\n' | $N --text - >"$tmp/t" || fail text
grep -q '"id":"1","labels":\["attack"\]' "$tmp/t" || fail "text line 1"
grep -q '"id":"2","labels":\["none"\]' "$tmp/t" || fail "text line 2"
# a handle that breaks X's rules, a numeric id: judged as given (event
# handles are checked loosely; only the registry applies platform rules)
echo '{"platform":"x","id":77,"type":"post","account":"a.b.c","text":"coblos BICI"}' \
	| $N - >"$tmp/len" 2>"$tmp/lenerr" || fail lenient
grep -q '"id":"77","labels":\["support"\]' "$tmp/len" || fail "lenient: $(cat "$tmp/len")"
# debunks: a forward of a smear is the hoax alone (its allegation is not
# also an attack); quoting the fact check while calling it a hoax is none
echo '{"id":"d1","claim":"Bima Prakoso pernah ditangkap polisi karena kasus korupsi dana desa","verdict":"salah","explanation":"Polisi tidak pernah menangkap Bima Prakoso; foto yang beredar orang lain.","url":"https://example.org/cek/d1"}' >"$tmp/d.jsonl"
H="$N --hoaxes $tmp/d.jsonl"
printf '%s\n' \
	'{"platform":"x","id":"h1","type":"post","account":"budi.s","text":"Info dari grup sebelah: Bima Prakoso pernah ditangkap polisi, kasus korupsi dana desa. Sebarkan!"}' \
	'{"platform":"x","id":"h2","type":"quote","account":"budi.s","text":"tuh kan hoaks, jangan asal sebar","target":{"account":"cekfakta","text":"[SALAH] Bima Prakoso pernah ditangkap polisi karena kasus korupsi dana desa"}}' \
	'{"platform":"x","id":"h3","type":"quote","account":"budi.s","text":"ini bukan hoaks, sebarkan!","target":{"account":"warga","text":"Bima Prakoso korupsi dana desa, jangan pilih Bima Prakoso"}}' \
	>"$tmp/h.jsonl"
$H "$tmp/h.jsonl" >"$tmp/hout" || fail "hoax run"
grep -q '"id":"h1","labels":\["hoax"\],"candidate":null' "$tmp/hout" || fail "h1: $(cat "$tmp/hout")"
grep -q '"id":"h2","labels":\["none"\]' "$tmp/hout" || fail "h2: $(cat "$tmp/hout")"
# vouching for the shared smear is no rebuttal
grep -q '"id":"h3","labels":\["attack"' "$tmp/hout" || fail "h3: $(cat "$tmp/hout")"
echo 'garbage' >"$tmp/bad.jsonl"
$N "$tmp/bad.jsonl" >/dev/null 2>&1 && fail "all lines bad must exit 1"
$NETRA_BIN check --election /nonexistent.yaml "x" >/dev/null 2>&1 && fail "missing profile"
$NETRA_BIN check --bogus >/dev/null 2>&1; [ $? -eq 2 ] || fail "usage exit 2"
# issue 8: a single word that names no file is a mistyped path, not a
# post (it was judged as the text "nosuchfile.jsonl", exit 0); -t (or
# --text-arg) judges a text whatever it looks like; a directory is no input
cd "$tmp"
$N nosuchfile.jsonl >"$tmp/o" 2>"$tmp/e"; st=$?
[ $st -eq 1 ] || fail "a missing file exits $st: $(cat "$tmp/o")"
[ ! -s "$tmp/o" ] || fail "a missing file was judged: $(cat "$tmp/o")"
grep -q "nosuchfile.jsonl: no such file" "$tmp/e" || fail "no-such-file message: $(cat "$tmp/e")"
out=$($N -t nosuchfile.jsonl) || fail "-t exit"
echo "$out" | grep -q '"id":"1","labels":\["none"\]' || fail "-t: $out"
out=$($N --text-arg "ayo coblos BICI nomor 2") || fail "--text-arg exit"
echo "$out" | grep -q '"candidate":2' || fail "--text-arg: $out"
$N "$tmp" >/dev/null 2>"$tmp/e"; [ $? -eq 1 ] || fail "a directory must exit 1"
grep -q "is a directory" "$tmp/e" || fail "directory message"
$N -t "x" "$tmp/in.jsonl" >/dev/null 2>&1; [ $? -eq 2 ] || fail "-t and a file: usage"
# without --election, stderr says the demo profile is used, and which
$NETRA_BIN check -t "selamat pagi" >/dev/null 2>"$tmp/e" || fail "demo run"
grep -q "using the demo profile .*demo/election.yaml" "$tmp/e" || fail "demo notice: $(cat "$tmp/e")"
$N -t "selamat pagi" >/dev/null 2>"$tmp/e" || fail "profile run"
[ ! -s "$tmp/e" ] || fail "a notice with --election: $(cat "$tmp/e")"
echo ok
