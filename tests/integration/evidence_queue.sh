#!/bin/sh
# The evidence log's pending step (src/evidence/ledger.c) consuming queue
# rows whose ids are not consecutive, as several writers leave them on a
# shared store (their ids interleave): every queued record is logged once
# and its queue row deleted, none left and none logged twice, and the
# audit is clean. On PostgreSQL a statement-level trigger counts the
# DELETE statements on the queue: short runs of ids go 32 to a statement
# (one statement per run of consecutive ids, here per row, before).
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
PG=0
[ "${NETRA_TEST_STORE:-sqlite}" = postgres ] && PG=1

registry_x 5
expect_rc 0 "$N" evidence checkpoint
before=$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 3")
[ "$(q "SELECT COUNT(*) FROM evidence_queue")" -eq 0 ] || fail "queue not empty"

# 200 audit entries (each queued by its trigger), their queue rows then
# moved to every other id, as if another writer had taken the ids between.
q "INSERT INTO audit_log (at, actor, action, object, detail)
   SELECT 1733500000 + n, 'uji', 'uji.catat', 'uji:' || n, NULL
   FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c
         WHERE n < 200) SELECT n FROM c) AS t" >/dev/null
[ "$(q "SELECT COUNT(*) FROM evidence_queue")" -eq 200 ] || fail "not queued"
q "UPDATE evidence_queue SET id = 1000000 + 2 * id" >/dev/null

if [ $PG -eq 1 ]; then
	q "CREATE TABLE t_deletes (n BIGINT NOT NULL);
	   INSERT INTO t_deletes VALUES (0);
	   CREATE FUNCTION t_count_delete() RETURNS trigger LANGUAGE plpgsql AS
	   \$\$ BEGIN UPDATE t_deletes SET n = n + 1; RETURN NULL; END \$\$;
	   CREATE TRIGGER t_count_delete AFTER DELETE ON evidence_queue
	   FOR EACH STATEMENT EXECUTE FUNCTION t_count_delete();" >/dev/null
fi

expect_rc 0 "$N" evidence checkpoint
[ "$(q "SELECT COUNT(*) FROM evidence_queue")" -eq 0 ] ||
	fail "queue rows left: $(q "SELECT COUNT(*) FROM evidence_queue")"
[ "$(q "SELECT COUNT(*) FROM evidence_leaves WHERE kind = 3")" -eq $((before + 200)) ] ||
	fail "audit entries not logged once each"
[ "$(q "SELECT COUNT(DISTINCT ref) FROM evidence_leaves WHERE kind = 3")" -eq $((before + 200)) ] ||
	fail "an audit entry logged twice"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"pending":0'
contains "$TMP/out" '"mismatches":0'

if [ $PG -eq 1 ]; then
	n=$(q "SELECT n FROM t_deletes")
	echo "DELETE statements on evidence_queue: $n"
	[ "$n" -gt 0 ] && [ "$n" -le 10 ] ||
		fail "$n DELETE statements for 200 queue rows in runs of one"
fi
echo "evidence_queue: ok"
