#!/bin/sh
# `netra registry import|show` and `netra stats` driven through the binary
# with the fixtures in tests/integration/fixtures/registry/: a clean
# import, a failing import that lists every error as file:line and writes
# nothing, a re-import that updates and deactivates, and the audit row.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/registry"

# stat KEY: one count from `netra stats --json`.
stat() {
	"$NETRA_BIN" stats --json | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"
}

expect_rc 2 "$NETRA_BIN" registry import
expect_rc 2 "$NETRA_BIN" registry import --units
expect_rc 2 "$NETRA_BIN" registry frobnicate
expect_rc 0 "$NETRA_BIN" registry import --help
contains "$TMP/out" "usage"

# A failing import: every error, in file and line order, exit 1.
expect_rc 1 "$NETRA_BIN" registry import --units "$FX/units_bad.csv" \
	--employees "$FX/employees_bad.csv" --accounts "$FX/accounts_bad.csv"
for want in \
	"units_bad.csv:3: unknown parent_code 'NOPE'" \
	"units_bad.csv:4: cycle in the unit tree: UNIT-A -> UNIT-B -> UNIT-A" \
	"units_bad.csv:6: duplicate unit code 'PEMKOT' (first on line 2)" \
	"units_bad.csv:7: unknown unit kind 'planet'" \
	"employees_bad.csv:3: NIP 199002292014021001: digits 1-8" \
	"employees_bad.csv:4: unknown unit_code 'ZZZ'" \
	"employees_bad.csv:5: status 'honorer' must be PNS, PPPK or non-ASN" \
	"employees_bad.csv:6: non-ASN staff have no NIP" \
	"employees_bad.csv:7: duplicate staff key '197503152000031002'" \
	"accounts_bad.csv:3: unknown staff '199912312020121001'" \
	"accounts_bad.csv:4: duplicate account x/@danu_sw (first on line 2" \
	"accounts_bad.csv:5: unknown platform 'myspace'" \
	"accounts_bad.csv:6: handle 'bad handle!'" \
	"accounts_bad.csv:7: unterminated quote" \
	"14 errors in registry files; nothing imported"; do
	contains "$TMP/err" "$want"
done
[ "$(grep -c ': ' "$TMP/err")" -eq 15 ] || {
	cat "$TMP/err" >&2
	fail "expected exactly 14 file:line errors and one summary"
}
# Errors are printed in file and line order.
sed -n 's|^.*/\([a-z_]*\.csv\):\([0-9]*\):.*|\1 \2|p' "$TMP/err" | awk '
	{ r = ($1 ~ /^units/) ? 0 : ($1 ~ /^employees/) ? 1 : 2
	  if (r < pr || (r == pr && $2 + 0 < pl)) bad = 1; pr = r; pl = $2 + 0 }
	END { exit bad }' || fail "errors not in file and line order"
[ "$(stat units)" = 0 ] || fail "failed import wrote units"
[ "$(stat employees)" = 0 ] || fail "failed import wrote employees"

# Fields that are not text: a NUL byte, Latin-1 instead of UTF-8. Each is
# an error with file:line and nothing is imported (the good rows neither).
printf 'code,name,parent_code,kind\nPEMKOT,Pemerintah Kota,,pemda\nDISKOMINFO,Dinas\000Kominfo,PEMKOT,OPD\n' \
	>"$TMP/units_nul.csv"
printf 'nip,name,position,unit_code,status,supervisor_nip\n197503152000031002,Jos\351 Fiktif,Staf,PEMKOT,PNS,\n' \
	>"$TMP/emp_latin1.csv"
expect_rc 1 "$NETRA_BIN" registry import --units "$TMP/units_nul.csv" \
	--employees "$TMP/emp_latin1.csv"
contains "$TMP/err" "units_nul.csv:3: field 2 ('name') holds a NUL byte"
contains "$TMP/err" "emp_latin1.csv:2: field 2 ('name') is not valid UTF-8 (byte 0xE9 at offset 3"
contains "$TMP/err" "nothing imported"
[ "$(stat units)" = 0 ] || fail "an import with a NUL byte wrote units"

# The good files: imported, with the summary line.
expect_rc 0 "$NETRA_BIN" registry import --units "$FX/units.csv" \
	--employees "$FX/employees.csv" --accounts "$FX/accounts.csv"
contains "$TMP/out" "units 6 added, 0 updated, 0 deactivated"
contains "$TMP/out" "employees 7 added"
contains "$TMP/out" "accounts 7 added"
contains "$TMP/err" "employees.csv:6: warning: NIP 199507172022212001"
[ "$(stat units)" = 6 ] || fail "units not 6"
[ "$(stat employees)" = 7 ] || fail "employees not 7"
[ "$(stat accounts)" = 7 ] || fail "accounts not 7"

# show: the tree with own/total counts, a subtree, JSON.
expect_rc 0 "$NETRA_BIN" registry show
contains "$TMP/out" "PEMKOT  Pemerintah Kota Sukamakmur [pemda]  staff 0/7  accounts 0/7"
contains "$TMP/out" "    DISKOMINFO-IKP  Bidang Informasi dan Komunikasi Publik [bidang]  staff 1/3  accounts 1/4"
expect_rc 0 "$NETRA_BIN" registry show --unit KEC-SERUNI --json
contains "$TMP/out" '"code":"KEC-SERUNI"'
contains "$TMP/out" '"staff":2,"staff_total":3,"accounts":2,"accounts_total":2'
grep -q PEMKOT "$TMP/out" && fail "subtree shows its parent"
expect_rc 1 "$NETRA_BIN" registry show --unit NOPE
contains "$TMP/err" "no active unit"

# Same files again: nothing added or updated.
expect_rc 0 "$NETRA_BIN" registry import --units "$FX/units.csv" \
	--employees "$FX/employees.csv" --accounts "$FX/accounts.csv"
contains "$TMP/out" "units 0 added, 0 updated, 0 deactivated; employees 0 added, 0 updated, 0 deactivated; accounts 0 added, 0 updated, 0 deactivated"

# Bagus left (employees file without him): he and his account become
# inactive, not deleted; a dry run first changes nothing.
grep -v '^199202292019031003' "$FX/employees.csv" >"$TMP/employees2.csv"
expect_rc 0 "$NETRA_BIN" registry import --dry-run --employees "$TMP/employees2.csv"
[ "$(stat employees)" = 7 ] || fail "dry run wrote"
expect_rc 0 "$NETRA_BIN" registry import --employees "$TMP/employees2.csv"
contains "$TMP/out" "employees 0 added, 0 updated, 1 deactivated; accounts 0 added, 0 updated, 1 deactivated"
[ "$(stat employees)" = 6 ] || fail "employees not 6 after he left"
[ "$(stat accounts)" = 6 ] || fail "accounts not 6 after he left"

# An account file naming him now fails and changes nothing.
expect_rc 1 "$NETRA_BIN" registry import --accounts "$FX/accounts.csv"
contains "$TMP/err" "accounts.csv:5: unknown staff '199202292019031003' (no active employee)"
[ "$(stat accounts)" = 6 ] || fail "failed account import changed accounts"

# Every successful import left an audit row (checked with sqlite3 when
# it is installed).
if command -v sqlite3 >/dev/null 2>&1; then
	n=$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'registry.import'")
	[ "$n" = 3 ] || fail "expected 3 audit rows, found $n"
fi

# A unit's own time zone (a timezone column): stored, inherited below it
# by deadlines (docs/registry.md); an unknown zone fails at file:line and
# changes nothing.
sed '1s/$/,timezone/; 2s/$/,WITA/; 3s/$/,Asia\/Jayapura/; 4,$s/$/,/' \
	"$FX/units.csv" >"$TMP/units_tz.csv"
expect_rc 0 "$NETRA_BIN" registry import --units "$TMP/units_tz.csv"
[ "$(sql "SELECT timezone FROM units WHERE code = 'PEMKOT'")" = WITA ] ||
	fail "unit zone not stored"
[ "$(sql "SELECT timezone FROM units WHERE code = 'DISKOMINFO'")" = Asia/Jayapura ] ||
	fail "IANA zone not stored"
[ "$(sql "SELECT COUNT(*) FROM units WHERE timezone IS NULL")" -gt 0 ] ||
	fail "empty zones"
sed '3s/Asia\/Jayapura$/Bulan\/Purnama/' "$TMP/units_tz.csv" >"$TMP/units_bad.csv"
expect_rc 1 "$NETRA_BIN" registry import --units "$TMP/units_bad.csv"
contains "$TMP/err" "units_bad.csv:3: unknown time zone 'Bulan/Purnama'"
[ "$(sql "SELECT timezone FROM units WHERE code = 'DISKOMINFO'")" = Asia/Jayapura ] ||
	fail "a failed import changed a zone"

expect_rc 0 "$NETRA_BIN" stats
contains "$TMP/out" "active employees"
echo "registry_import: ok"
