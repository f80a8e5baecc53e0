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
sqlite_lock_hold
holder=$LOCK_HOLDER
before=$(sqlite3 -cmd ".timeout 5000" "$NETRA_DB" "SELECT COUNT(*) FROM events")
expect_rc 1 env NETRA_BUSY_TIMEOUT=1 "$NETRA_BIN" ingest "$FX/chain/events.jsonl"
contains "$TMP/err" "is locked: process $holder (sqlite3"
contains "$TMP/err" "waiting 1 s (its busy timeout)"
contains "$TMP/err" "run this command again once that one has finished"
sqlite_lock_release
[ "$(sqlite3 "$NETRA_DB" "SELECT COUNT(*) FROM events")" -eq "$before" ] ||
	fail "a locked ingest wrote events"
expect_rc 0 env NETRA_BUSY_TIMEOUT=1 "$NETRA_BIN" ingest "$FX/chain/events.jsonl"
[ "$(sqlite3 "$NETRA_DB" "SELECT COUNT(*) FROM events")" -gt "$before" ] ||
	fail "ingest after the lock was released stored nothing"
echo "store_locked: ok"
