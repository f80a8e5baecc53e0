#!/bin/sh
# tests/integration/rules_cli.sh - `netra rules check` on a good and bad
# rulebook and profile (line:col errors, exit 1), `netra rules show` in
# Indonesian and as JSON, generated from the rulebook's own rules.
set -u
: "${NETRA_BIN:?}" "${NETRA_SRC:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
R="$NETRA_SRC/data/rulebook.yaml"
$NETRA_BIN rules check "$R" | grep -q "is valid" || fail "default rulebook"
# The operator's command line speaks English only (issue 8).
$NETRA_BIN rules check "$R" | grep -qiE "\b(sah|aturan|buku)\b" &&
	fail "rules check output is not English"
$NETRA_BIN rules check "$NETRA_SRC/data/demo/election.yaml" >"$tmp/p.out" ||
	fail "demo profile"
grep -q "election profile 'pilkada-tirtamaya-2024' is valid: 3 candidate pairs, time zone WIB" \
	"$tmp/p.out" || fail "profile check summary: $(cat "$tmp/p.out")"
sed 's/detect: near/detect: nowhere/' "$R" >"$tmp/r.yaml"
cp -r "$NETRA_SRC/data/cues" "$tmp/cues"
$NETRA_BIN rules check "$tmp/r.yaml" 2>"$tmp/err" && fail "bad rulebook accepted"
grep -q "r.yaml:[0-9]*:[0-9]*: detect: 'nowhere'" "$tmp/err" || fail "error: $(cat "$tmp/err")"
printf 'election:\n  id: x\n  campaign_period: {start: 2029-09-24, end: 2029-11-24}\n  voting_day: 2029-13-01\ncandidates:\n  - {number: 1, names: [A B]}\n' >"$tmp/p.yaml"
$NETRA_BIN rules check "$tmp/p.yaml" 2>"$tmp/err" && fail "bad profile accepted"
grep -q "p.yaml:4:15: voting_day" "$tmp/err" || fail "profile error: $(cat "$tmp/err")"
sed -i 's/2029-13-01/2029-11-28/' "$tmp/p.yaml"
$NETRA_BIN rules check "$tmp/p.yaml" | grep -q "1 candidate pair," || fail "good profile"
$NETRA_BIN rules show --rules "$R" >"$tmp/show" || fail show
grep -q "DILARANG" "$tmp/show" || fail "title"
n=$(grep -c "^  - id:" "$R")
[ "$(grep -c "Kode aturan" "$tmp/show")" -eq "$n" ] || fail "one entry per rule"
grep -q "Dasar hukum  : .*PP 94/2021" "$tmp/show" || fail basis
$NETRA_BIN rules show --json --rules "$R" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d["rules"])>5' 2>/dev/null || \
	$NETRA_BIN rules show --json --rules "$R" | grep -q '"rules":\[{"id":' || fail json
$NETRA_BIN rules --help | grep -q usage || fail help
echo ok
