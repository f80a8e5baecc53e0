#!/bin/sh
# The whole chain on a small fictional city: registry import -> ingest ->
# scan -> routed findings -> review -> report; scan is idempotent, and
# --rescan under a changed rulebook keeps the old verdicts.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures"
REG="$FX/registry"
CH="$FX/chain"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
q() { sql "$1"; }

expect_rc 0 "$NETRA_BIN" registry import --units "$REG/units.csv" \
	--employees "$REG/employees.csv" --accounts "$REG/accounts.csv"
expect_rc 0 "$NETRA_BIN" ingest "$CH/events.jsonl"
[ "$(q 'SELECT COUNT(*) FROM events')" -eq 6 ] || fail "6 registered events expected"

echo "kata-sandi-bkpp-2024" | "$NETRA_BIN" user add admin --role bkpp --unit PEMKOT --operator >/dev/null
echo "kata-sandi-opd-2024" | "$NETRA_BIN" user add kominfo --role opd --unit DISKOMINFO --operator >/dev/null
echo "kata-sandi-kec-2024" | "$NETRA_BIN" user add seruni --role opd --unit KEC-SERUNI --operator >/dev/null
login admin kata-sandi-bkpp-2024
login kominfo kata-sandi-opd-2024
login seruni kata-sandi-kec-2024

# Scan needs a profile the first time; it is remembered after.
expect_rc 1 "$NETRA_BIN" scan
expect_rc 0 "$NETRA_BIN" scan --election "$CH/election.yaml"
contains "$TMP/out" "6 events judged"
[ "$(q 'SELECT SUM(judged) FROM scan_marks')" -eq 6 ] || fail "six events judged"
# The stored verdict of an event: its verdict row, else "none" when a scan
# mark covers it (a clean verdict has no row: migration 022).
labels() {
	q "SELECT COALESCE((SELECT v.labels FROM verdicts v WHERE v.event_id = e.id
		ORDER BY v.id DESC LIMIT 1), CASE WHEN EXISTS (SELECT 1 FROM
		scan_marks m WHERE m.lo <= e.id AND m.hi >= e.id) THEN 'none'
		ELSE 'unjudged' END) FROM events e WHERE e.event_id = '$1'"
}
[ "$(q 'SELECT COUNT(*) FROM verdicts')" -eq "$(q "SELECT COUNT(*) FROM
	verdicts WHERE labels <> 'none'")" ] || fail "a verdict row for a clean event"
# c1 support (1), c2 attack (2), c5 like of a candidate account: support (2).
[ "$(labels c1)" = support ] || fail "c1 not support"
[ "$(labels c2)" = attack ] || fail "c2 not attack"
[ "$(labels c3)" = none ] || fail "c3 flagged"
[ "$(labels c4)" = none ] || fail "neutral call to vote flagged"
[ "$(labels c5)" = support ] || fail "like of candidate account not support"
# Findings are bound to the employee's unit and routed to the nearest reviewer.
[ "$(q "SELECT COUNT(*) FROM findings f JOIN events e ON e.id=f.event_id WHERE e.event_id IN ('c3','c4')")" -eq 0 ] || fail "findings for clean events"
[ "$(q "SELECT u.code FROM findings f JOIN events e ON e.id=f.event_id JOIN units u ON u.id=f.assigned_unit_id WHERE e.event_id='c1' LIMIT 1")" = DISKOMINFO ] || fail "c1 not routed to DISKOMINFO's reviewer"
[ "$(q "SELECT state FROM findings f JOIN events e ON e.id=f.event_id WHERE e.event_id='c1' LIMIT 1")" = baru ] || fail "new finding not 'baru'"

# The same text posted by two staff reads as one story with its accounts.
f1=$(q "SELECT f.id FROM findings f JOIN events e ON e.id=f.event_id WHERE e.event_id='c1' LIMIT 1")
expect_rc 0 auth "$NETRA_BIN" finding show "$f1" --as kominfo
contains "$TMP/out" "Konten sama"
contains "$TMP/out" "@bagus.pram"
# The employee's direct superior, as the registry names them (the
# reviewer of first resort), beside the employee.
sup=$(q "SELECT s.name FROM findings f JOIN employees e ON e.id = f.employee_id
	JOIN employees s ON s.staff_key = e.supervisor_key WHERE f.id = $f1")
[ -n "$sup" ] || fail "fixture: c1's author has no superior in the registry"
contains "$TMP/out" "Atasan    : $sup"
expect_rc 0 auth "$NETRA_BIN" finding show "$f1" --as kominfo --json
contains "$TMP/out" '"same_content"'

# A second scan judges nothing new.
expect_rc 0 "$NETRA_BIN" scan
contains "$TMP/out" "0 events judged"

# The Kecamatan reviewer sees none of Diskominfo's findings.
expect_rc 0 auth "$NETRA_BIN" finding list --as seruni --json
grep -q '"total": 0,' "$TMP/out" || fail "scope leak: seruni sees findings"
grep -q '"findings": \[\]' "$TMP/out" || fail "scope leak: seruni sees findings"
expect_rc 0 auth "$NETRA_BIN" finding list --as kominfo --json
contains "$TMP/out" "DUKUNGAN"

# Review and dismiss one, then the report counts the states.
fid=$(q "SELECT f.id FROM findings f JOIN events e ON e.id=f.event_id WHERE e.event_id='c2' LIMIT 1")
expect_rc 0 auth "$NETRA_BIN" finding review "$fid" --as kominfo
expect_rc 0 auth "$NETRA_BIN" finding dismiss "$fid" --as kominfo --reason "Akun sudah diklarifikasi: bukan milik pegawai"
expect_rc 0 "$NETRA_BIN" report --format csv
head -1 "$TMP/out" | grep -q '^unit_code,unit_name,total,support,attack,hate_speech,hoax,baru' || fail "report CSV header"
grep '^DISKOMINFO,' "$TMP/out" > "$TMP/row" || fail "no DISKOMINFO row"
total=$(q "SELECT COUNT(*) FROM findings")
[ "$(cut -d, -f3 "$TMP/row")" -eq "$total" ] || fail "report total differs from the store"
[ "$(cut -d, -f10 "$TMP/row")" -eq 1 ] || fail "report: one ditolak expected"
expect_rc 0 "$NETRA_BIN" report --format html
contains "$TMP/out" "<svg"
contains "$TMP/out" "Dinas Komunikasi dan Informatika"
contains "$TMP/out" "Dukungan"
expect_rc 0 auth "$NETRA_BIN" report --format csv --as seruni
grep -q '^DISKOMINFO' "$TMP/out" && fail "report scope leak"
# Dates are WIB days, both ends inclusive: c2 (2024-10-08 09:00) alone.
expect_rc 0 "$NETRA_BIN" report --table daily --from 2024-10-08 --to 2024-10-08
c2=$(q "SELECT COUNT(*) FROM findings f JOIN events e ON e.id=f.event_id WHERE e.event_id='c2' AND f.category='attack'")
[ "$(cat "$TMP/out")" = "date,support,attack,hate_speech,hoax
2024-10-08,0,$c2,0,0" ] || { cat "$TMP/out"; fail "report date range"; }
expect_rc 2 "$NETRA_BIN" report --from 2024-13-45

# Rescan under a changed rulebook: new verdicts, old ones kept.
# (the rulebook names its word lists relative to itself: copy them too)
cp "$NETRA_SRC/data/rulebook.yaml" "$TMP/rules.yaml"
cp -R "$NETRA_SRC/data/cues" "$TMP/cues"
echo "# revised" >> "$TMP/rules.yaml"
expect_rc 0 "$NETRA_BIN" scan --rules "$TMP/rules.yaml"
contains "$TMP/out" "0 events judged"
nfind=$(q 'SELECT COUNT(*) FROM findings')
nflag=$(q 'SELECT COUNT(*) FROM verdicts')
expect_rc 0 "$NETRA_BIN" scan --rescan
contains "$TMP/out" "6 events judged"
contains "$TMP/out" "0 findings created"
[ "$(q 'SELECT SUM(judged) FROM scan_marks')" -eq 12 ] || fail "old judgements not kept"
[ "$(q 'SELECT COUNT(*) FROM verdicts')" -eq "$((2 * nflag))" ] || fail "old verdicts not kept"
[ "$(q 'SELECT COUNT(*) FROM findings')" -eq "$nfind" ] || fail "rescan duplicated findings"
[ "$(q 'SELECT COUNT(DISTINCT rulebook) FROM verdicts')" -eq 2 ] &&
[ "$(q 'SELECT COUNT(DISTINCT rulebook) FROM scan_marks')" -eq 2 ] || fail "two rulebooks expected"
# Each rulebook version keeps the texts that produced its verdicts.
[ "$(q "SELECT COUNT(*) FROM rulebooks WHERE content LIKE '%Baskara Wijayakusuma%'")" -eq 2 ] ||
	fail "rulebook rows lack the profile text"
[ "$(q "SELECT COUNT(*) FROM rulebooks WHERE content LIKE '%# revised%'")" -eq 1 ] ||
	fail "the revised rulebook text is not kept"
[ "$(q "SELECT value FROM settings WHERE key='region.timezone'")" = WIB ] ||
	fail "a profile without timezone is WIB"
# Deadlines fall at the region's midnight: the same chain in a region in
# WIT (the profile's timezone) gives deadlines at 00:00 WIT (15:00 UTC).
sed 's/^  region: .*/&\n  timezone: WIT/' "$CH/election.yaml" >"$TMP/wit.yaml"
grep -q 'timezone: WIT' "$TMP/wit.yaml" || fail "WIT profile not written"
fresh_store
expect_rc 0 "$NETRA_BIN" registry import --units "$REG/units.csv" \
	--employees "$REG/employees.csv" --accounts "$REG/accounts.csv"
expect_rc 0 "$NETRA_BIN" ingest "$CH/events.jsonl"
expect_rc 0 "$NETRA_BIN" scan --election "$TMP/wit.yaml"
[ "$(q "SELECT value FROM settings WHERE key='region.timezone'")" = WIT ] ||
	fail "scan did not take the profile's zone"
[ "$(q "SELECT COUNT(*) FROM findings")" -gt 0 ] || fail "no findings in WIT"
[ "$(q "SELECT COUNT(*) FROM findings WHERE (due_at + 9 * 3600) % 86400 <> 0")" -eq 0 ] ||
	fail "a deadline is not at midnight WIT"
echo "chain_scan_report: ok"
