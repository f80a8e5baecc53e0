# tests/integration/lib.sh - shared helpers for the integration tests (not a
# test itself: ctest runs only files without a leading "lib").
# Sourced with `. "$NETRA_SRC/tests/integration/lib.sh"`.
set -eu
: "${NETRA_BIN:?NETRA_BIN must name the netra binary}"
: "${NETRA_SRC:?NETRA_SRC must name the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/netra-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export NETRA_DB="$TMP/netra.db"

# skip REASON: ends the test as skipped. 77 is the SKIP_RETURN_CODE that
# CMakeLists.txt sets on every integration test, so ctest reports
# "Skipped" (never "Passed") when an input such as ../shared is missing.
skip() {
	echo "SKIPPED: $*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_rc CODE CMD...: runs CMD, fails unless it exits with CODE.
expect_rc() {
	want=$1
	shift
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || {
		cat "$TMP/out" "$TMP/err" >&2
		fail "'$*' exited $got, expected $want"
	}
}

# contains FILE TEXT: fails unless FILE contains TEXT.
contains() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "$1 does not contain '$2'"
	}
}
