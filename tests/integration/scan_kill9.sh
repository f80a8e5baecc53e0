#!/bin/sh
# Crash safety of `netra scan`: kill -9 while it writes verdicts, scan
# again, and find the store as if one clean scan had run: every event but
# the deletes judged exactly once, every breach verdict with its findings
# and every finding on a verdict (no orphans either way), no finding twice
# for one event and rule, one audit 'create' row and one creation
# transition per finding, and the same verdicts, findings and campaign
# groups as a scan of a copy of the store that was never interrupted.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
ELECTION="$NETRA_SRC/tests/integration/fixtures/chain/election.yaml"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
# The engine's data (rulebook, word lists, model) copied, so every scan of
# this test judges with the same rules even if data/ is being edited.
cp -R "$NETRA_SRC/data" "$TMP/data"
export NETRA_DATA="$TMP/data"
q() { sql "$1"; }
# Enough events that the scan is still running when it is killed: a few
# thousand under the sanitizers, more in an optimised build (faster).
TOTAL=30000
if grep -q '^NETRA_SANITIZE:BOOL=ON' "${NETRA_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
	TOTAL=4000
fi
STAFF=120
BATCH=100

. "$NETRA_SRC/tests/integration/lib_scan.sh"
scan_city "$TOTAL" "$STAFF"
expect_rc 0 "$N" ingest --quiet events.jsonl
[ "$(q "SELECT COUNT(*) FROM events")" -eq "$TOTAL" ] || fail "events not all ingested"
DELETES=$(q "SELECT COUNT(*) FROM events WHERE type = 'delete'")
JUDGE=$((TOTAL - DELETES))
[ "$(q "SELECT COUNT(*) FROM events WHERE deleted_at IS NOT NULL")" -gt 0 ] ||
	fail "no post marked deleted"

# A copy of the store, scanned once without interruption, as reference.
# The scan is killed once a few batches are committed.
sqlite3 "$NETRA_DB" ".backup ref.db"

"$N" scan --election "$ELECTION" --batch $BATCH > run1.out 2> run1.err &
pid=$!
i=0
while :; do
	c=$(q "SELECT COALESCE(SUM(judged), 0) FROM scan_marks" 2>/dev/null ||
		echo 0)
	[ "${c:-0}" -ge $((5 * BATCH)) ] && break
	kill -0 "$pid" 2>/dev/null || break
	i=$((i + 1))
	[ $i -lt 1200 ] || { kill -9 "$pid"; fail "no verdict after 60 s"; }
	sleep 0.05
done
kill -9 "$pid" 2>/dev/null || {
	cat run1.out run1.err >&2
	fail "scan finished before it could be killed"
}
set +e
wait "$pid"
st=$?
set -e
[ "$st" -ne 0 ] || fail "the killed scan exited 0"
committed=$(q "SELECT COALESCE(SUM(judged), 0) FROM scan_marks")
echo "killed with $committed of $JUDGE events judged and committed"
[ "$committed" -gt 0 ] && [ "$committed" -lt "$JUDGE" ] ||
	fail "expected a partial scan, found $committed verdicts"
[ "$((committed % BATCH))" -eq 0 ] || fail "a partial batch was committed"

scan_consistent

expect_rc 0 "$N" scan
cat "$TMP/out"
contains "$TMP/out" "scan: $((JUDGE - committed)) events judged"
scan_consistent
[ "$(q "SELECT COUNT(*) FROM events e WHERE $MARKS_OF <> 1")" -eq 0 ] ||
	fail "an event not judged exactly once"
[ "$(q "SELECT SUM(judged) FROM scan_marks")" -eq "$JUDGE" ] ||
	fail "judged count in the marks"
[ "$(q "SELECT COUNT(DISTINCT rulebook) FROM scan_marks")" -eq 1 ] ||
	fail "the re-run judged under another rulebook"
[ "$(q "SELECT COUNT(*) FROM findings")" -gt 0 ] || fail "no findings at all"
[ "$(q "SELECT COUNT(*) FROM verdicts")" -lt "$JUDGE" ] ||
	fail "no clean verdict at all"

# The same outcome as an uninterrupted scan.
expect_rc 0 env NETRA_DB="$TMP/ref.db" "$N" scan --election "$ELECTION"
contains "$TMP/out" "scan: $JUDGE events judged"
dump() {
	sqlite3 "$1" "SELECT e.event_id, v.labels, v.candidate FROM verdicts v
		JOIN events e ON e.id = v.event_id ORDER BY e.event_id" > "$2"
	sqlite3 "$1" "SELECT e.event_id, f.rule, f.category, f.employee_id,
		f.unit_id, f.assigned_unit_id, f.group_id FROM findings f
		JOIN events e ON e.id = f.event_id ORDER BY e.event_id, f.rule" >> "$2"
}
dump "$NETRA_DB" killed.txt
dump ref.db ref.txt
cmp -s killed.txt ref.txt || {
	diff ref.txt killed.txt | head -20 >&2
	fail "the interrupted scan differs from an uninterrupted one"
}
# The campaign text copied by many staff is one story.
[ "$(q "SELECT COUNT(DISTINCT f.group_id) FROM findings f JOIN events e ON
	e.id = f.event_id WHERE e.text LIKE 'Mari dukung Gilang%'")" -eq 1 ] ||
	fail "the copied campaign text is not one group"
echo "scan_kill9: ok"
