#!/bin/sh
# The command line's contract: help, version, exit codes 0/1/2.
. "$NETRA_SRC/tests/integration/lib.sh"

expect_rc 0 "$NETRA_BIN" help
contains "$TMP/out" "commands:"
expect_rc 0 "$NETRA_BIN" --version
contains "$TMP/out" "netra "
expect_rc 2 "$NETRA_BIN"
expect_rc 2 "$NETRA_BIN" no-such-command
contains "$TMP/err" "unknown command"
expect_rc 2 "$NETRA_BIN" --bogus-flag stats
expect_rc 2 "$NETRA_BIN" --db
# Every command answers --help with exit 0 and a usage line.
for cmd in $("$NETRA_BIN" help | awk '/^commands:/{f=1;next} /^$/{f=0} f{print $1}'); do
	expect_rc 0 "$NETRA_BIN" "$cmd" --help
	grep -qi "usage" "$TMP/out" || fail "$cmd --help prints no usage"
done
# A --db that names no file is refused by every command that only reads or
# updates a store (a typo must not create an empty store and answer from
# it); the message names the file and the command that creates a store,
# and no file is left behind.
typo="$TMP/tpyo.db"
: >"$TMP/e.jsonl"
for args in "stats" "registry show" "ingest $TMP/e.jsonl" "scan" \
	"finding list --as x" "user list --operator" "escalate" "evidence audit" \
	"report" "hoax list"; do
	# shellcheck disable=SC2086
	expect_rc 1 "$NETRA_BIN" --db "$typo" $args
	contains "$TMP/err" "no store at '$typo'"
	contains "$TMP/err" "registry import"
	[ ! -e "$typo" ] || fail "'$args' created $typo"
done
# The commands that fill a new store create it.
expect_rc 0 "$NETRA_BIN" --db "$typo" hoax import "$TMP/e.jsonl"
[ -f "$typo" ] || fail "hoax import did not create the store"
expect_rc 0 "$NETRA_BIN" --db "$typo" stats
echo "cli_basics: ok"
