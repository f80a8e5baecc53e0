#!/bin/sh
# kill -9 during transitions: a loop of `netra finding` actions is killed
# at an arbitrary moment; afterwards every finding's state must equal its
# last transition, and every transition must have its audit row (one
# transaction for the change, the history and the audit log).
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
T0=1727928000

"$SEED" --seed "$NETRA_DB" 10 "$T0" >/dev/null || fail "seed"
login bkpp1 rahasia-uji-123
ids=$(sql "SELECT id FROM findings ORDER BY id")
for round in 1 2 3; do
	(
		for id in $ids; do
			for a in review confirm verify forward close; do
				auth "$NETRA_BIN" finding $a "$id" --as bkpp1 \
					--reason "uji kill" >/dev/null 2>&1 || true
			done
		done
	) &
	LOOP=$!
	sleep "0.$((round * 3))"
	kill -STOP "$LOOP" 2>/dev/null || true
	pkill -9 -P "$LOOP" 2>/dev/null || true
	kill -9 "$LOOP" 2>/dev/null || true
	wait "$LOOP" 2>/dev/null || true
	"$SEED" --check "$NETRA_DB" || fail "inconsistent after kill -9 (round $round)"
done
# the store still works and some transitions happened
done_=$(sql "SELECT count(*) FROM findings WHERE state <> 'baru'")
[ "$done_" -gt 0 ] || fail "no transition happened before the kills"
expect_rc 0 auth "$NETRA_BIN" finding list --as bkpp1
echo "workflow_kill: ok ($done_ findings moved)"
