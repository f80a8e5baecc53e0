#!/bin/sh
# tests/integration/skip_shared.sh - a quality test whose inputs are
# missing (../shared: the eval scorer, the red-team scorer, the training
# data) ends as skipped, exit 77, which ctest reports as "Skipped" (the
# SKIP_RETURN_CODE set on every integration test), never as "Passed".
. "$NETRA_SRC/tests/integration/lib.sh"
it="$NETRA_SRC/tests/integration"
for t in check_eval redteam model_retrain; do
	set +e
	NETRA_SHARED="$TMP/no-such-shared" sh "$it/$t.sh" >"$TMP/out" 2>&1
	rc=$?
	set -e
	[ "$rc" -eq 77 ] || { cat "$TMP/out" >&2; fail "$t.sh exited $rc without ../shared, expected 77"; }
	contains "$TMP/out" "SKIPPED:"
done
# ctest knows 77 means skipped for these tests.
if [ -n "${NETRA_BUILD:-}" ] && [ -f "$NETRA_BUILD/CTestTestfile.cmake" ]; then
	(cd "$NETRA_BUILD" && ctest --show-only=json-v1 -R 'integration/check_eval$') \
		>"$TMP/ctest.json"
	contains "$TMP/ctest.json" '"SKIP_RETURN_CODE"'
fi
