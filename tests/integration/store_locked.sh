#!/bin/sh
# tests/integration/store_locked.sh - a write that finds the store locked
# by another writer (here a sqlite3 shell holding BEGIN EXCLUSIVE, as a
# concurrent ingest would) fails with a message that says who holds the
# lock (its pid and command line), that netra waited its busy timeout
# ($NETRA_BUSY_TIMEOUT, 1 s here), and what to do; nothing is half
# written, and the same command succeeds once the lock is gone.
. "$NETRA_SRC/tests/integration/lib.sh"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"
FX="$NETRA_SRC/tests/integration/fixtures"
expect_rc 0 "$NETRA_BIN" registry import --units "$FX/registry/units.csv" \
	--employees "$FX/registry/employees.csv" \
	--accounts "$FX/registry/accounts.csv"
mkfifo "$TMP/hold"
sqlite3 "$NETRA_DB" <"$TMP/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$TMP/hold"
printf 'BEGIN EXCLUSIVE;\nINSERT INTO settings(key, value) VALUES (%s, %s);\n' \
	"'test.lock'" "'1'" >&3
# wait until the shell holds the write lock
i=0
while sqlite3 -cmd ".timeout 0" "$NETRA_DB" "BEGIN IMMEDIATE; ROLLBACK;" \
	>/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the sqlite3 shell did not take the lock"
	sleep 0.05
done
before=$(sqlite3 -cmd ".timeout 5000" "$NETRA_DB" "SELECT COUNT(*) FROM events")
expect_rc 1 env NETRA_BUSY_TIMEOUT=1 "$NETRA_BIN" ingest "$FX/chain/events.jsonl"
contains "$TMP/err" "is locked: process $holder (sqlite3"
contains "$TMP/err" "waiting 1 s (its busy timeout)"
contains "$TMP/err" "run this command again once that one has finished"
# release: the shell rolls back and exits
printf 'ROLLBACK;\n.quit\n' >&3
exec 3>&-
wait "$holder" || true
[ "$(sqlite3 "$NETRA_DB" "SELECT COUNT(*) FROM events")" -eq "$before" ] ||
	fail "a locked ingest wrote events"
expect_rc 0 env NETRA_BUSY_TIMEOUT=1 "$NETRA_BIN" ingest "$FX/chain/events.jsonl"
[ "$(sqlite3 "$NETRA_DB" "SELECT COUNT(*) FROM events")" -gt "$before" ] ||
	fail "ingest after the lock was released stored nothing"
echo "store_locked: ok"
