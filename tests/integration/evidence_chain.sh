# tests/integration/evidence_chain.sh - evidence through the real pipeline:
# registry import -> ingest (which logs each batch with
# evidence_append_pending) -> scan -> export of a finding -> offline
# verify; then the author deletes the post (an ingested delete event) and
# a new bundle says when it was seen gone; re-ingesting adds no leaf. Then
# the decision trail: verdicts, a review and audit entries are logged, and
# deleting or rewriting any of them (or a finding's state, or an event's
# shown text, account, time or type) is reported by the audit.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures"
REG="$FX/registry"
CH="$FX/chain"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"
q() { sql "$1"; }
N=$NETRA_BIN

expect_rc 0 "$N" registry import --units "$REG/units.csv" \
	--employees "$REG/employees.csv" --accounts "$REG/accounts.csv"
expect_rc 0 "$N" ingest "$CH/events.jsonl"
events=$(q 'SELECT COUNT(*) FROM events')
[ "$events" -gt 0 ] || fail "no events ingested"
# Ingest logged every event in its own transaction, and signed a
# checkpoint over them at the end of the run.
[ "$(q 'SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0')" -eq "$events" ] ||
	fail "ingest did not log every event"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"pending":0'
contains "$TMP/out" '"unsigned_leaves":0'
contains "$TMP/out" '"checkpoints":1'
[ -f "${NETRA_EVIDENCE_KEY:-$NETRA_DB.evidence.key}" ] || fail "ingest made no evidence key"
expect_rc 0 "$N" ingest "$CH/events.jsonl"
[ "$(q 'SELECT COUNT(*) FROM evidence_leaves WHERE kind = 0')" -eq "$events" ] ||
	fail "re-ingest added leaves"

echo 'kata-sandi-uji-123' | "$N" user add bk --role bkpp --unit PEMKOT \
	--operator >/dev/null || fail "user add"
login bk kata-sandi-uji-123
export NETRA_USER=bk NETRA_TOKEN="$(cat "$TMP/tok.bk")"
expect_rc 0 "$N" scan --election "$CH/election.yaml"
fid=$(q "SELECT f.id FROM findings f JOIN events e ON e.id = f.event_id
	 WHERE e.event_id = 'c1' LIMIT 1")
[ -n "$fid" ] || fail "no finding for c1"
# The key made at the first ingest signs the export's checkpoint.
expect_rc 0 "$N" evidence export "$fid" "$TMP/b1"
expect_rc 0 "$N" evidence pubkey
pub=$(cat "$TMP/out")
expect_rc 0 "$N" evidence verify "$TMP/b1" --key "$pub" --json
contains "$TMP/out" '"valid":true'
contains "$TMP/out" '"event_id":"c1"'
contains "$TMP/out" '"deleted_at":null'
cmp -s "$TMP/b1/event.raw" /dev/null && fail "empty raw event"
grep -qF '"id":"c1"' "$TMP/b1/event.raw" || fail "raw event is not c1's"

# The author deletes the post; the delete event is logged as well.
printf '%s\n' '{"platform":"instagram","id":"d-c1","type":"delete","account":"sekar.ayu","created_at":"2024-10-09T08:00:00+07:00","target":{"account":"sekar.ayu","id":"c1"}}' >"$TMP/del.jsonl"
expect_rc 0 "$N" ingest "$TMP/del.jsonl"
[ -n "$(q "SELECT deleted_at FROM events WHERE event_id = 'c1'")" ] ||
	fail "c1 not marked deleted"
expect_rc 0 "$N" evidence export "$fid" "$TMP/b2"
expect_rc 0 "$N" evidence verify "$TMP/b2" --key "$pub"
contains "$TMP/out" "seen gone"
contains "$TMP/out" "deleted by its author, seen gone"
expect_rc 0 "$N" evidence checkpoint
expect_rc 0 "$N" evidence audit
contains "$TMP/out" "OK:"

# The decision trail is in the log. Scan logged its verdicts and the
# findings' creation with each batch; a review (CLI or web) only queues
# its transition and audit rows, and the next cron run (escalate) or
# checkpoint appends them.
[ "$(q 'SELECT COUNT(*) FROM evidence_leaves WHERE kind = 1')" -eq \
	"$(q 'SELECT COUNT(*) FROM verdicts')" ] || fail "verdicts not logged"
expect_rc 0 "$N" finding review "$fid"
[ "$(q 'SELECT COUNT(*) FROM evidence_queue')" -gt 0 ] ||
	fail "the review queued nothing"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"ok":true'
expect_rc 0 "$N" escalate
[ "$(q 'SELECT COUNT(*) FROM evidence_queue')" -eq 0 ] ||
	fail "escalate left the queue"
expect_rc 0 "$N" evidence checkpoint
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"ok":true'
contains "$TMP/out" '"pending":0'
# The bundle carries the history: creation and review, each proven.
expect_rc 0 "$N" evidence export "$fid" "$TMP/b4"
expect_rc 0 "$N" evidence verify "$TMP/b4" --key "$pub" --json
contains "$TMP/out" '"valid":true'
contains "$TMP/out" '"transitions":2'
contains "$TMP/b4/history.json" '"action": "review"'

# Each tampering below is made on a copy of the store (append-only
# triggers dropped, as an attacker with the file or the database would)
# and reported. restore: back to the snapshot taken here.
if [ "${NETRA_TEST_STORE:-sqlite}" = postgres ]; then
	db=${NETRA_DB##*/}
	PG_DBS="$PG_DBS ${db}_clean"
	psql -q -X -d "$PG_ADMIN" -c "CREATE DATABASE ${db}_clean TEMPLATE $db" ||
		fail "snapshot"
	restore() {
		psql -q -X -d "$PG_ADMIN" -c "DROP DATABASE $db WITH (FORCE)" \
			-c "CREATE DATABASE $db TEMPLATE ${db}_clean" >/dev/null ||
			fail "restore"
	}
	unguard="DROP TRIGGER audit_log_append_only ON audit_log;
	   DROP TRIGGER finding_transitions_append_only ON finding_transitions;"
	drop_queue="DROP TRIGGER evidence_queue_audit ON audit_log;"
else
	cp "$NETRA_DB" "$TMP/clean.db"
	restore() { cp "$TMP/clean.db" "$NETRA_DB"; }
	unguard="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
	   DROP TRIGGER finding_transitions_no_update;
	   DROP TRIGGER finding_transitions_no_delete;"
	drop_queue="DROP TRIGGER evidence_queue_audit;"
fi
tamper() {
	restore
	q "$unguard $1"
	expect_rc 1 "$N" evidence audit
	contains "$TMP/out" "TAMPERED"
	contains "$TMP/out" "$2"
}
tid=$(q "SELECT MAX(id) FROM finding_transitions WHERE finding_id = $fid")
aid=$(q "SELECT MAX(id) FROM audit_log")
# The review undone: its transition deleted, the finding reset.
tamper "DELETE FROM finding_transitions WHERE id = $tid;
	UPDATE findings SET state = 'baru' WHERE id = $fid" \
	"transition $tid is gone from the store"
# The state reset alone.
tamper "UPDATE findings SET state = 'baru' WHERE id = $fid" \
	"finding $fid is 'baru' but its last transition"
# A transition rewritten: who did it.
tamper "UPDATE finding_transitions SET actor = 'orang_lain' WHERE id = $tid" \
	"transition $tid, leaf"
# An audit entry deleted, or rewritten.
tamper "DELETE FROM audit_log WHERE id = $aid" "audit entry $aid is gone"
tamper "UPDATE audit_log SET actor = 'x' WHERE id = $aid" "audit entry $aid, leaf"
# A row slipped in with the queue trigger dropped.
tamper "$drop_queue
	INSERT INTO audit_log (at, actor, action, object) VALUES (1, 'x', 'view', 'finding:1')" \
	"audit_log rows were never logged nor queued"
# A verdict rewritten.
tamper "UPDATE verdicts SET labels = 'none' WHERE id = 1" "verdict 1, leaf"

# What reviewers read is what was hashed: a rewritten text column is
# reported by the audit, flagged by the finding view (which shows the
# text of the raw record), and refused by export.
restore
real=$(q "SELECT text FROM events WHERE event_id = 'c1'")
q "UPDATE events SET text = 'Teks palsu yang disisipkan' WHERE event_id = 'c1'"
expect_rc 1 "$N" evidence audit
contains "$TMP/out" "stored text no longer says what its raw record says"
expect_rc 0 "$N" finding show "$fid"
contains "$TMP/out" "PERINGATAN"
contains "$TMP/out" "$real"
grep -q "Teks palsu" "$TMP/out" && fail "the view shows the rewritten text"
expect_rc 0 "$N" finding show "$fid" --json
contains "$TMP/out" '"differs": ['
expect_rc 1 "$N" evidence export "$fid" "$TMP/b3"
contains "$TMP/err" "stored text no longer says"
[ ! -e "$TMP/b3" ] || fail "a refused export left a bundle"
for col in "account = 'orang_lain'" "created_at = 1" "type = 'like'"; do
	restore
	q "UPDATE events SET $col WHERE event_id = 'c1'"
	expect_rc 1 "$N" evidence audit
	contains "$TMP/out" "no longer says what its raw record says"
done
restore
expect_rc 0 "$N" evidence audit
echo "evidence_chain: ok"
