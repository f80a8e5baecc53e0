#!/bin/sh
# A worker asked to stop (SIGTERM) in the middle of a scan with two
# threads (one reading ahead on its own connection, one judging, this one
# writing): it commits the batch it is writing, judges nothing more, gives
# its blocks back and exits 0; its judge calls equal the events it
# judged. A scan afterwards judges the rest, every event once. Runs on
# SQLite and PostgreSQL (worker_stop_pg).
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
ELECTION="$NETRA_SRC/tests/integration/fixtures/chain/election.yaml"
cp -R "$NETRA_SRC/data" "$TMP/data"
export NETRA_DATA="$TMP/data"
q() { sql "$1" || fail "query failed: $1"; }
. "$NETRA_SRC/tests/integration/lib_scan.sh"
TOTAL=20000
if grep -q '^NETRA_SANITIZE:BOOL=ON' "${NETRA_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
	TOTAL=5000
fi
BATCH=50

scan_city "$TOTAL" 60
expect_rc 0 "$N" ingest --quiet events.jsonl
JUDGE=$(q "SELECT COUNT(*) FROM events WHERE type <> 'delete'")

"$N" worker --once --jobs scan --election "$ELECTION" --batch $BATCH \
	--threads 2 > w.out 2> w.err &
pid=$!
i=0
until [ "$(q "SELECT COALESCE(SUM(judged), 0) FROM scan_marks")" -ge \
	$((4 * BATCH)) ]; do
	kill -0 "$pid" 2>/dev/null || { cat w.out w.err >&2; fail "the worker ended before it was stopped"; }
	i=$((i + 1))
	[ $i -lt 2400 ] || fail "nothing judged after 120 s"
	sleep 0.05
done
kill -TERM "$pid"
set +e
wait "$pid"
st=$?
set -e
[ "$st" -eq 0 ] || { cat w.out w.err >&2; fail "the stopped worker exited $st"; }
judged=$(sed -n 's/^scan: \([0-9]*\) events judged, .*/\1/p' w.out)
calls=$(sed -n 's/^scan: [0-9]* events judged, \([0-9]*\) judge calls.*/\1/p' w.out)
[ -n "$judged" ] && [ -n "$calls" ] || { cat w.out >&2; fail "no summary"; }
echo "stopped after $judged of $JUDGE events, $calls judge calls"
[ "$judged" -lt "$JUDGE" ] || fail "the worker was not stopped mid-scan"
[ "$calls" -eq "$judged" ] || fail "$calls judge calls for $judged events judged"
[ "$(q "SELECT SUM(judged) FROM scan_marks")" -eq "$judged" ] ||
	fail "marks and the worker's count differ"
[ "$(q "SELECT COUNT(*) FROM scan_leases")" -eq 0 ] || fail "a lease kept"
scan_consistent

expect_rc 0 "$N" scan --threads 2
contains "$TMP/out" "scan: $((JUDGE - judged)) events judged"
all_judged_once "$JUDGE"
expect_rc 0 "$N" evidence audit
echo "worker_stop: ok"
