#!/bin/sh
# tests/integration/escalate_secrets.sh - SMTP credentials are never stored
# or printed: a password in the --smtp URL does not reach outbox.last_error,
# stdout or stderr when sending fails (the URL shows as smtp://***@host);
# errors stored by older versions are scrubbed; credentials come from a
# file only its owner may read (group- or world-readable is refused) or
# from the environment. No SMTP server listens: every send fails.
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"
q() { sqlite3 "$NETRA_DB" "$1"; }
T0=1727928000
"$SEED" --seed "$NETRA_DB" 1 "$T0" >/dev/null || fail "seed"
# the discard port: nothing listens on it here, so every send fails
PORT=9
PW='Rahasia-SMTP-42x'

# An error stored by an older version, with the password in it.
q "INSERT INTO outbox(recipient, subject, body, created_at, attempts,
	last_error) VALUES ('lama@contoh.invalid', 's', 'b', 1, 1,
	'smtp smtp://netra:$PW@127.0.0.1:$PORT to lama@contoh.invalid: failed')"

expect_rc 1 "$NETRA_BIN" escalate --smtp "smtp://netra:$PW@127.0.0.1:$PORT" \
	--from netra@bkpp.contoh.invalid
contains "$TMP/err" "kept in the outbox"
contains "$TMP/err" "warning: the --smtp URL holds a password"
grep -F -- "$PW" "$TMP/out" "$TMP/err" && fail "password printed"
[ "$(q "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL")" -gt 1 ] ||
	fail "failed mail not recorded"
[ "$(q "SELECT count(*) FROM outbox WHERE last_error LIKE '%$PW%' OR last_error LIKE '%netra:%'")" -eq 0 ] ||
	fail "password or user stored in outbox.last_error"
q "SELECT last_error FROM outbox WHERE last_error IS NOT NULL LIMIT 1" >"$TMP/e"
contains "$TMP/e" "smtp://127.0.0.1:$PORT"

# The credentials file: refused unless only its owner may read it.
printf 'netra:%s\n' "$PW" >"$TMP/cred"
chmod 644 "$TMP/cred"
expect_rc 1 "$NETRA_BIN" escalate --smtp "smtp://127.0.0.1:$PORT" \
	--from netra@bkpp.contoh.invalid --smtp-credentials "$TMP/cred"
contains "$TMP/err" "only you may read (mode 0644; chmod 600"
grep -F -- "$PW" "$TMP/out" "$TMP/err" && fail "password printed"
chmod 640 "$TMP/cred"
expect_rc 1 env NETRA_SMTP_CREDENTIALS="$TMP/cred" "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid
contains "$TMP/err" "mode 0640"
chmod 600 "$TMP/cred"
expect_rc 1 "$NETRA_BIN" escalate --smtp "smtp://127.0.0.1:$PORT" \
	--from netra@bkpp.contoh.invalid --smtp-credentials "$TMP/cred"
contains "$TMP/err" "kept in the outbox"
grep -q "only you may read" "$TMP/err" && fail "a 0600 file refused"
grep -F -- "$PW" "$TMP/out" "$TMP/err" && fail "password printed"
printf 'no colon here\n' >"$TMP/cred2"
chmod 600 "$TMP/cred2"
expect_rc 1 "$NETRA_BIN" escalate --smtp "smtp://127.0.0.1:$PORT" \
	--from netra@bkpp.contoh.invalid --smtp-credentials "$TMP/cred2"
contains "$TMP/err" "cred2:1: expected one line USER:PASSWORD"
# The environment: --smtp-user with $NETRA_SMTP_PASSWORD.
expect_rc 1 env NETRA_SMTP_PASSWORD="$PW" "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid \
	--smtp-user netra
grep -F -- "$PW" "$TMP/out" "$TMP/err" && fail "password printed"
[ "$(q "SELECT count(*) FROM outbox WHERE last_error LIKE '%$PW%'")" -eq 0 ] ||
	fail "password stored"
echo "escalate_secrets: ok"
