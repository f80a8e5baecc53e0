#!/bin/sh
# Ingest's multi-row statements (src/ingest/rows.c: PostgreSQL takes up to
# 256 events per INSERT, store_batch_rows; SQLite one per statement), on
# both backends: new rows counted per statement in a file that mixes new
# and already stored events; the same event twice within one group (the
# second copy, with other text, is a duplicate and the first one's raw is
# what is stored and logged); a malformed line among them reported as
# file:line with the rest stored; deletes whose target is earlier in the
# file (marked) or later (not marked, as before); one evidence leaf per
# stored event, which the audit recomputes from the stored raw. On
# PostgreSQL a statement-level trigger counts the INSERT statements on
# events, so a fall back to one statement per event fails the test.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
PG=0
[ "${NETRA_TEST_STORE:-sqlite}" = postgres ] && PG=1

# 50 registered accounts; 1,000 events g-1..g-1000, one in ten by an
# unregistered warga_* account (ids that are multiples of ten).
registry_x 50
awk -v n=1000 -v accounts=50 -f "$FX/gen_events.awk" > all.jsonl
head -600 all.jsonl > a.jsonl
expect_rc 0 "$N" ingest --json --quiet a.jsonl
contains "$TMP/out" '"read":600,"ingested":540,"duplicates":0,"skipped":60,"rejected":0'

if [ $PG -eq 1 ]; then
	q "CREATE TABLE t_inserts (n BIGINT NOT NULL);
	   INSERT INTO t_inserts VALUES (0);
	   CREATE FUNCTION t_count_insert() RETURNS trigger LANGUAGE plpgsql AS
	   \$\$ BEGIN UPDATE t_inserts SET n = n + 1; RETURN NULL; END \$\$;
	   CREATE TRIGGER t_count_insert AFTER INSERT ON events
	   FOR EACH STATEMENT EXECUTE FUNCTION t_count_insert();" >/dev/null
fi

# b.jsonl: lines 301..1000 of the same events (270 of the registered ones
# stored already, 360 new), and inserted among them: a second copy of
# g-651 right after the first (other text), a malformed line, a delete of
# g-641 (earlier in the file) and one of g-991 (later).
awk 'NR > 300 {
	print
	if (NR == 651)
		print "{\"platform\":\"x\",\"id\":\"g-651\",\"type\":\"post\",\"account\":\"@pegawai_00001\",\"text\":\"salinan kedua\"}"
	if (NR == 700) {
		print "{\"platform\":\"x\",\"id\":"
		print "{\"platform\":\"x\",\"id\":\"d-1\",\"type\":\"delete\",\"account\":\"@pegawai_00002\",\"created_at\":\"2024-10-20T10:00:00+07:00\",\"target\":{\"id\":\"g-641\"}}"
		print "{\"platform\":\"x\",\"id\":\"d-2\",\"type\":\"delete\",\"account\":\"@pegawai_00002\",\"created_at\":\"2024-10-20T10:00:00+07:00\",\"target\":{\"id\":\"g-991\"}}"
	}
}' all.jsonl > b.jsonl
bad=$(grep -n '"id":$' b.jsonl | cut -d: -f1)
raw651=$(grep '"id":"g-651",' all.jsonl)

expect_rc 0 "$N" ingest --json b.jsonl
cat "$TMP/out" "$TMP/err"
# read: 700 + the copy + the malformed line + 2 deletes; stored: 360 new
# + 2 deletes; duplicates: 270 + the copy; skipped: the 70 warga events.
contains "$TMP/out" '"read":704,"ingested":362,"duplicates":271,"skipped":70,"rejected":1'
contains "$TMP/err" "b.jsonl:$bad:"
WANT=$((540 + 362))
[ "$(q "SELECT COUNT(*) FROM events")" -eq $WANT ] || fail "event count"
[ "$(q "SELECT COUNT(DISTINCT event_id) FROM events")" -eq $WANT ] ||
	fail "an event stored twice"
[ "$(q "SELECT raw FROM events WHERE event_id = 'g-651'")" = "$raw651" ] ||
	fail "g-651: the second copy was stored"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = 'g-641' AND deleted_at IS NOT NULL")" -eq 1 ] ||
	fail "g-641 not marked deleted"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = 'g-991' AND deleted_at IS NULL")" -eq 1 ] ||
	fail "g-991, stored after its delete was read, is marked deleted"
[ "$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0")" -eq $WANT ] &&
	[ "$(q "SELECT COUNT(DISTINCT ref) FROM evidence_leaves WHERE kind = 0")" -eq $WANT ] ||
	fail "evidence leaves do not match events one to one"
[ "$(q "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM evidence_leaves l WHERE l.kind = 0 AND l.ref = e.id)")" -eq 0 ] ||
	fail "an event without its leaf"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"pending":0'
contains "$TMP/out" '"mismatches":0'

if [ $PG -eq 1 ]; then
	# 633 registered events (and 2 deletes) in b.jsonl: a group flushes
	# when full (256), before the copy of g-651, at each delete and at
	# the end, in runs of 2^k rows: far fewer statements than events.
	n=$(q "SELECT n FROM t_inserts")
	echo "INSERT statements on events: $n"
	[ "$n" -gt 0 ] && [ "$n" -le 40 ] ||
		fail "$n INSERT statements for 633 events: not multi-row"
fi
echo "ingest_rows: ok"
