#!/bin/sh
# Crash safety of `netra ingest`: kill -9 mid-ingest, ingest the same file
# again, and find every event exactly once, with the second run reporting
# what the first one committed as duplicates (an event counts as ingested
# only once its batch is committed) and one evidence leaf per event.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
TOTAL=200000
# Fewer on PostgreSQL (a round trip per 256 rows, and the server's own
# CPU per row), still far past the kill.
[ "${NETRA_TEST_STORE:-sqlite}" = postgres ] && TOTAL=40000
ACCOUNTS=200

# 200 registered x accounts pegawai_00001..pegawai_00200, one unit.
registry_x $ACCOUNTS
awk -v n=$TOTAL -v accounts=$ACCOUNTS -f "$FX/gen_events.awk" > events.jsonl
# One event in ten is by an unregistered warga_* account.
WANT=$((TOTAL - TOTAL / 10))

"$N" ingest --quiet --batch 2000 events.jsonl > run1.out 2> run1.err &
pid=$!
kill9_at "$pid" "SELECT COUNT(*) FROM events" 6000
committed=$(q "SELECT COUNT(*) FROM events")
echo "killed with $committed of $WANT events committed"
[ "$committed" -gt 0 ] && [ "$committed" -lt "$WANT" ] ||
	fail "expected a partial ingest, found $committed"
[ "$((committed % 2000))" -eq 0 ] || fail "a partial batch was committed"

expect_rc 0 "$N" ingest --json --quiet events.jsonl
cat "$TMP/out"
contains "$TMP/out" "\"read\":$TOTAL,"
contains "$TMP/out" "\"ingested\":$((WANT - committed)),"
contains "$TMP/out" "\"duplicates\":$committed,"
contains "$TMP/out" "\"skipped\":$((TOTAL / 10)),\"rejected\":0"
[ "$(q "SELECT COUNT(*) FROM events")" -eq "$WANT" ] || fail "event count"
[ "$(q "SELECT COUNT(DISTINCT event_id) FROM events")" -eq "$WANT" ] ||
	fail "duplicate event ids"
[ "$(q "SELECT COUNT(*) FROM events WHERE account LIKE 'warga%'")" -eq 0 ] ||
	fail "unregistered accounts stored"
# Every expected id is there: g-i for every i not a multiple of ten.
[ "$(q "SELECT COUNT(*) FROM events WHERE CAST(substr(event_id, 3) AS INTEGER) % 10 <> 0")" -eq "$WANT" ] ||
	fail "wrong ids stored"
[ "$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0")" -eq "$WANT" ] &&
[ "$(q "SELECT COUNT(DISTINCT ref) FROM evidence_leaves WHERE kind = 0")" -eq "$WANT" ] &&
[ "$(q "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM evidence_leaves l WHERE l.kind = 0 AND l.ref = e.id)")" -eq 0 ] ||
	fail "evidence leaves do not match events one to one"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"pending":0'
contains "$TMP/out" '"mismatches":0'

echo "ingest_kill9: ok"
