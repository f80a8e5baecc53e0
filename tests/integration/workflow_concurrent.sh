#!/bin/sh
# Several netra processes acting on one SQLite store at once (two
# reviewers, a cron escalation, a reader) must all succeed: workflow
# transactions take the write lock up front (store_begin_write), so none
# fails with "database is locked", and the store stays consistent.
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
T0=1727928000

"$SEED" --seed "$NETRA_DB" 4 "$T0" >/dev/null || fail "seed"
login bkpp1 rahasia-uji-123
ids=$(sql "SELECT id FROM findings ORDER BY id")
half=$(sql "SELECT count(*) / 2 FROM findings")
first=$(echo "$ids" | head -n "$half")
second=$(echo "$ids" | tail -n +"$((half + 1))")
: > "$TMP/fails"
(for id in $first; do
	auth "$NETRA_BIN" finding review "$id" --as bkpp1 >/dev/null 2>>"$TMP/fails" ||
		echo "review $id" >>"$TMP/fails"
done) &
A=$!
(for id in $second; do
	auth "$NETRA_BIN" finding review "$id" --as bkpp1 >/dev/null 2>>"$TMP/fails" ||
		echo "review $id" >>"$TMP/fails"
done) &
B=$!
(for n in 1 2 3 4; do
	env NETRA_TEST_CLOCK="2024-10-2${n}T09:00" "$NETRA_BIN" escalate >/dev/null 2>>"$TMP/fails" ||
		echo "escalate $n" >>"$TMP/fails"
done) &
C=$!
(for id in $first; do
	auth "$NETRA_BIN" finding show "$id" --as bkpp1 >/dev/null 2>>"$TMP/fails" ||
		echo "show $id" >>"$TMP/fails"
done) &
D=$!
wait $A $B $C $D
[ ! -s "$TMP/fails" ] || { cat "$TMP/fails" >&2; fail "a concurrent command failed"; }
[ "$(sql "SELECT count(*) FROM findings WHERE state <> 'ditinjau_opd'")" -eq 0 ] \
	|| fail "not every finding was reviewed"
"$SEED" --check "$NETRA_DB" >/dev/null || fail "store inconsistent"
echo "workflow_concurrent: ok"
