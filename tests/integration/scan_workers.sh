#!/bin/sh
# Several scans share one store's work (issue 11): three scans run at once
# on the same events, one is killed with -9 mid-scan, a last scan picks up
# what is left (the killed scan's block at once: its process is gone). Then
# every event has exactly one verdict, every finding exists once, the store
# keeps every invariant of a clean scan (lib_scan.sh), the evidence log
# audits clean, and, from the surviving scans' own counts of judge calls,
# none of them judged an event another scan had judged. Also: judging on
# two threads gives the same verdicts as on one. Runs on both backends.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
ELECTION="$NETRA_SRC/tests/integration/fixtures/chain/election.yaml"
cp -R "$NETRA_SRC/data" "$TMP/data"
export NETRA_DATA="$TMP/data"
q() { sql "$1"; }
TOTAL=20000
if grep -q '^NETRA_SANITIZE:BOOL=ON' "${NETRA_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
	TOTAL=3300
fi
BATCH=50
. "$NETRA_SRC/tests/integration/lib_scan.sh"
scan_city "$TOTAL" 120
expect_rc 0 "$N" ingest --quiet events.jsonl
JUDGE=$(q "SELECT COUNT(*) FROM events WHERE type <> 'delete'")
# The profile is remembered by a first scan of nothing new: give it now so
# that the three scans below all judge under the same rulebook.
expect_rc 0 "$N" rules check "$ELECTION"

start_three "$N" scan --election "$ELECTION" --batch $BATCH --threads 1 \
	--lease-seconds 600
kill_second_mid_scan scan
# The killed scan's lease is on this host and its process is gone: a new
# scan takes its block at once (with a 600 s lease it would wait otherwise).
expect_rc 0 "$N" scan --batch $BATCH --threads 1
cp "$TMP/out" w4.out
all_judged_once "$JUDGE"
judge_calls_add_up "$JUDGE" 's/^scan: \([0-9]*\) events judged.*/\1/p' \
	's/.* \([0-9]*\) judge calls on .*/\1/p' w1.out w3.out w4.out
[ "$(grep -h 'blocks claimed' w1.out w3.out | wc -l)" -eq 2 ] || fail "no work line"
expect_rc 0 "$N" evidence audit
# The queue's counters (migration 012), kept by three concurrent writers
# and one killed, still equal the findings they count.
q "SELECT COUNT(*) FROM (SELECT unit_id, state, category, COUNT(*) AS n
	FROM findings GROUP BY unit_id, state, category) x LEFT JOIN (SELECT
	unit_id, state, category, SUM(n) AS n FROM finding_counts GROUP BY
	unit_id, state, category) c ON c.unit_id = x.unit_id AND
	c.state = x.state AND c.category = x.category
	WHERE c.n IS NULL OR c.n <> x.n" | grep -qx 0 ||
	fail "finding_counts differ from the findings"

# Two judging threads give the same verdicts as one, in the same order.
dump() {
	q "SELECT e.event_id, v.labels, v.candidate, v.json FROM verdicts v
		JOIN events e ON e.id = v.event_id ORDER BY e.id" > "$1"
}
dump shared.txt
for t in 1 2; do
	fresh_store
	expect_rc 0 "$N" registry import --units units.csv \
		--employees employees.csv --accounts accounts.csv
	expect_rc 0 "$N" ingest --quiet events.jsonl
	expect_rc 0 "$N" scan --election "$ELECTION" --threads $t
	contains "$TMP/out" "on $t threads"
	dump "t$t.txt"
done
cmp -s t1.txt t2.txt || fail "two threads judged differently from one"
cmp -s t1.txt shared.txt || fail "shared scans judged differently from one scan"
echo "scan_workers: ok"
