# tests/integration/demo_small.sh - the demo generator (tools/demo_gen) on a
# small city: output is deterministic (same seed, same bytes; another seed,
# other bytes), every generated NIP and unit passes `netra registry import`,
# and `netra ingest` accounts for every line of the events file
# (ingested + duplicates + skipped + rejected = lines).
. "$NETRA_SRC/tests/integration/lib.sh"
: "${NETRA_BUILD:?NETRA_BUILD must name the build directory}"
GEN="$NETRA_BUILD/demo_gen"
[ -x "$GEN" ] || fail "$GEN is not built"

gen() {
	"$GEN" --out "$TMP/$1" --seed "$2" --staff 300 --events 5000 \
		--bad-every 1000 --election "$NETRA_SRC/data/demo/election.yaml" \
		2>"$TMP/$1.log" || { cat "$TMP/$1.log" >&2; fail "demo_gen $*"; }
}

gen a 7
gen b 7
gen c 8
for f in units.csv employees.csv accounts.csv events.jsonl truth.csv; do
	cmp -s "$TMP/a/$f" "$TMP/b/$f" || fail "$f differs between two runs"
done
cmp -s "$TMP/a/events.jsonl" "$TMP/c/events.jsonl" &&
	fail "events.jsonl is the same for seeds 7 and 8"
cmp -s "$TMP/a/employees.csv" "$TMP/c/employees.csv" &&
	fail "employees.csv is the same for seeds 7 and 8"

# The sizes asked for.
[ "$(($(wc -l <"$TMP/a/employees.csv") - 1))" -eq 300 ] ||
	fail "expected 300 staff"
lines=$(wc -l <"$TMP/a/events.jsonl")
[ "$lines" -eq 5000 ] || fail "expected 5000 events, got $lines"

# NIPs checked here independently of netra: 18 digits, a real birth date,
# appointment 18 to 30 years after birth (PPPK: 2019-2024), gender 1/2,
# sequence 001-999; non-ASN staff carry a staff id instead.
awk -F, 'NR > 1 && $1 !~ /^NA-[0-9]+$/ {
	nip = $1
	if (length(nip) != 18 || nip !~ /^[0-9]+$/) {
		print "not 18 digits: " nip; bad = 1; next
	}
	y = substr(nip, 1, 4) + 0; m = substr(nip, 5, 2) + 0
	d = substr(nip, 7, 2) + 0; ay = substr(nip, 9, 4) + 0
	am = substr(nip, 13, 2) + 0; gd = substr(nip, 15, 1)
	sq = substr(nip, 16, 3) + 0
	split("31 28 31 30 31 30 31 31 30 31 30 31", dm, " ")
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
	lim = dm[m] + (m == 2 && leap)
	if (m < 1 || m > 12 || d < 1 || d > lim) {
		print "bad birth date: " nip; bad = 1
	}
	if (am < 1 || am > 12 || ay * 12 + am <= y * 12 + m + 12 * 17 ||
	    ay > 2024) { print "bad appointment: " nip; bad = 1 }
	if (gd != "1" && gd != "2") { print "bad gender: " nip; bad = 1 }
	if (sq < 1 || sq > 999) { print "bad sequence: " nip; bad = 1 }
	n++
}
END { if (bad || n < 100) exit 1 }' "$TMP/a/employees.csv" >"$TMP/nip.txt" ||
	fail "invalid NIPs: $(head -5 "$TMP/nip.txt")"

# The registry imports as a whole (all or nothing): every NIP is valid,
# every unit and supervisor resolves, every handle is accepted.
expect_rc 0 "$NETRA_BIN" registry import --units "$TMP/a/units.csv" \
	--employees "$TMP/a/employees.csv" --accounts "$TMP/a/accounts.csv"
"$NETRA_BIN" stats --json >"$TMP/stats.json"
contains "$TMP/stats.json" '"employees":300'
accounts=$(($(wc -l <"$TMP/a/accounts.csv") - 1))
contains "$TMP/stats.json" "\"accounts\":$accounts"

# Ingest accounts for every line; the planted malformed ones are rejected.
expect_rc 0 "$NETRA_BIN" ingest --quiet --json --rejects "$TMP/rejects" \
	"$TMP/a/events.jsonl"
cp "$TMP/out" "$TMP/summary.json"
# num KEY: the number after "KEY": in the one-line JSON summary.
num() {
	sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" "$TMP/summary.json"
}
ingested=$(num ingested)
duplicates=$(num duplicates)
skipped=$(num skipped)
rejected=$(num rejected)
if [ -z "$ingested" ] || [ -z "$duplicates" ] || [ -z "$skipped" ] ||
	[ -z "$rejected" ]; then
	fail "unexpected summary: $(cat "$TMP/summary.json")"
fi
sum=$((ingested + duplicates + skipped + rejected))
[ "$sum" -eq "$lines" ] ||
	fail "ingested + duplicates + skipped + rejected = $sum, not $lines"
[ "$rejected" -eq 5 ] || fail "expected the 5 planted bad lines rejected"
[ "$duplicates" -eq 0 ] || fail "the generator wrote duplicate event ids"
[ "$ingested" -gt 0 ] || fail "nothing was ingested"
[ "$skipped" -gt 0 ] || fail "events of unregistered accounts not skipped"
"$NETRA_BIN" stats --json >"$TMP/stats.json"
contains "$TMP/stats.json" "\"events\":$ingested,"
exit 0
