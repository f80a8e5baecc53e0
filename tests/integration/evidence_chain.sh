# tests/integration/evidence_chain.sh - evidence through the real pipeline:
# registry import -> ingest (which logs each batch with
# evidence_append_pending) -> scan -> export of a finding -> offline
# verify; then the author deletes the post (an ingested delete event) and
# a new bundle says when it was seen gone; re-ingesting adds no leaf.
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
[ "$(q 'SELECT COUNT(*) FROM evidence_leaves')" -eq "$events" ] ||
	fail "ingest did not log every event"
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"pending":0'
contains "$TMP/out" '"unsigned_leaves":0'
contains "$TMP/out" '"checkpoints":1'
[ -f "${NETRA_EVIDENCE_KEY:-$NETRA_DB.evidence.key}" ] || fail "ingest made no evidence key"
expect_rc 0 "$N" ingest "$CH/events.jsonl"
[ "$(q 'SELECT COUNT(*) FROM evidence_leaves')" -eq "$events" ] ||
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
echo "evidence_chain: ok"
