#!/bin/sh
# Notifications by SMTP: `netra escalate --smtp` mails one digest per
# reviewer to build/smtp_sink on 127.0.0.1 (a free port), marks the outbox
# rows sent, and sends nothing new on a second run; with the server down
# the mails stay in the outbox with their error and go out on the next run.
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
q() { sql "$1"; }
T0=1727928000 # 2024-10-03T11:00:00+07:00
. "$NETRA_SRC/tests/integration/lib_smtp.sh"

"$SEED" --seed "$NETRA_DB" 1 "$T0" >/dev/null || fail "seed"
fb=$(q "SELECT id FROM findings WHERE unit_id=5")
fx=$(q "SELECT id FROM findings WHERE unit_id=4")

start_sink
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-03T12:00 "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid --json
contains "$TMP/out" '"sent":4'
# opd_a (DINAS-A, BIDANG-A1), opd_x, opd_b, bkpp1 (BKPP, DINAS-C); not baw1
[ "$(nmail)" -eq 4 ] || fail "4 mails expected, got $(nmail)"
m=$(grep -l 'X-Envelope-To: <opd_b@contoh.invalid>' "$TMP/mail"/*.eml) \
	|| fail "no mail to opd_b"
contains "$m" "Subject: [netra] Temuan netralitas ASN: 1 baru"
contains "$m" "From: netra <netra@bkpp.contoh.invalid>"
contains "$m" "Temuan baru untuk ditinjau (1):"
contains "$m" "#$fb "
grep -q "#$fx " "$m" && fail "opd_b was told about SEKSI-A1X's finding"
m=$(grep -l 'X-Envelope-To: <opd_a@contoh.invalid>' "$TMP/mail"/*.eml) \
	|| fail "no mail to opd_a"
contains "$m" "2 baru"
grep -l 'baw1@' "$TMP/mail"/*.eml && fail "bawaslu mailed"
grep -q "Fiktif" "$TMP/mail"/*.eml && fail "personal data in mail"
[ "$(q 'SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL')" -eq 4 ] \
	|| fail "outbox rows not marked sent"

# second run: nothing new
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-03T13:00 "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid --json
contains "$TMP/out" '"sent":0'
[ "$(nmail)" -eq 4 ] || fail "second run sent mail"

# server down: escalation mails fail and are kept with the error
stop_sink
expect_rc 1 env NETRA_TEST_CLOCK=2024-10-09T09:00 "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid --json
contains "$TMP/err" "kept in the outbox"
[ "$(q 'SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL')" -gt 0 ] \
	|| fail "failed mail not recorded"
unsent=$(q 'SELECT count(*) FROM outbox WHERE sent_at IS NULL')
start_sink
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-09T10:00 "$NETRA_BIN" escalate \
	--smtp "smtp://127.0.0.1:$PORT" --from netra@bkpp.contoh.invalid --json
contains "$TMP/out" "\"sent\":$unsent"
[ "$(q 'SELECT count(*) FROM outbox WHERE sent_at IS NULL')" -eq 0 ] \
	|| fail "retry did not send"
m=$(grep -l 'X-Envelope-To: <opd_a@contoh.invalid>' "$TMP/mail"/*.eml | tail -1)
grep -l "eskalasi" "$TMP/mail"/*.eml >/dev/null || fail "no escalation mail"
stop_sink
echo "workflow_smtp: ok"
