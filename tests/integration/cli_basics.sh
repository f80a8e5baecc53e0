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
echo "cli_basics: ok"
