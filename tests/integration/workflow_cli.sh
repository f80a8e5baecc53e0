#!/bin/sh
# Workflow through the real binary: users (argon2id, password on stdin),
# finding list/show/actions acting --as a user, scope between units,
# refused transitions with clear messages, and escalation by `netra
# escalate` under the tests' clock switch. Time cannot be forged: --now
# is gone, NETRA_NOW moves nothing, and every audit row written under the
# test switch NETRA_TEST_CLOCK says so. Findings are seeded by workflow_test_seed (the
# wf_fixture.h organisation) since scan is tested elsewhere.
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
q() { sql "$1"; }
T0=1727928000 # 2024-10-03T11:00:00+07:00, a Thursday

"$SEED" --seed "$NETRA_DB" 1 "$T0" >/dev/null || fail "seed"

# users: help, add with a password on stdin, refusals, list, verify
expect_rc 0 "$NETRA_BIN" user --help
contains "$TMP/out" "argon2id"
# user add names who adds: --as a bkpp user, or --operator explicitly
echo "sandi-rahasia-panjang" > "$TMP/pw"
expect_rc 2 "$NETRA_BIN" user add x0 --role opd --unit DINAS-C < "$TMP/pw"
contains "$TMP/err" "--as USER is required"
echo "sandi-rahasia-dinas-c" | "$NETRA_BIN" user add opd_c --role opd \
	--unit DINAS-C --email opd_c@contoh.invalid --operator >/dev/null || fail "user add"
[ "$(q "SELECT actor FROM audit_log WHERE action='user_add' AND object='user:opd_c'")" = \
	"operator:$(id -un)" ] || fail "operator's user add not recorded with the OS user"
q "SELECT password_hash FROM users WHERE name='opd_c'" | grep -q '^\$argon2id\$' \
	|| fail "hash is not argon2id"
echo "pendek" > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add x1 --role opd --unit DINAS-C --operator < "$TMP/pw"
contains "$TMP/err" "too short"
: > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add x2 --role opd --unit DINAS-C --operator < "$TMP/pw"
# weak passwords: one repeated character, spaces, the user name
for weak in aaaaaaaaaaaa "          " ababababababab "x-opd_c2-2024-x"; do
	printf '%s\n' "$weak" > "$TMP/pw"
	expect_rc 1 "$NETRA_BIN" user add opd_c2 --role opd --unit DINAS-C --operator < "$TMP/pw"
done
printf '%s\n' "xx-OPD_C2-2024" > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add opd_c2 --role opd --unit DINAS-C --operator < "$TMP/pw"
contains "$TMP/err" "contains the user name"
echo "sandi-rahasia-panjang" > "$TMP/pw"
expect_rc 2 "$NETRA_BIN" user add x3 --role admin --unit DINAS-C --operator < "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add opd_c --role opd --unit DINAS-C --operator < "$TMP/pw"
contains "$TMP/err" "exists"
echo "sandi-rahasia-dinas-c" > "$TMP/pw"
expect_rc 0 "$NETRA_BIN" user verify opd_c < "$TMP/pw"
# a wrong password and an unknown user: one answer, both audited
echo "sandi-salah-dinas-c" > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user verify opd_c < "$TMP/pw"
cp "$TMP/err" "$TMP/err.wrong"
expect_rc 1 "$NETRA_BIN" user verify tidak_ada < "$TMP/pw"
cmp -s "$TMP/err" "$TMP/err.wrong" || fail "unknown user answers otherwise than a wrong password"
[ "$(q "SELECT count(*) FROM audit_log WHERE action='login_failed'")" -eq 2 ] \
	|| fail "refused attempts not audited"
expect_rc 0 "$NETRA_BIN" user list --json --operator
contains "$TMP/out" '"name": "opd_c"'
grep -q argon2 "$TMP/out" && fail "user list shows a hash"

# authentication: --as needs the user's password or token
expect_rc 1 "$NETRA_BIN" finding list --as opd_b < /dev/null
contains "$TMP/err" "no password for opd_b"
expect_rc 1 "$NETRA_BIN" finding list --as opd_b --password-file "$TMP/pw"
contains "$TMP/err" "wrong user name or password"
echo "rahasia-uji-123" > "$TMP/pw.ok"
expect_rc 0 "$NETRA_BIN" finding list --as opd_b --password-file "$TMP/pw.ok"
expect_rc 0 "$NETRA_BIN" finding list --as opd_b < "$TMP/pw.ok"
expect_rc 1 env NETRA_TOKEN=nt_0000000000000000000000000000000000000000 "$NETRA_BIN" finding list --as opd_b
contains "$TMP/err" "invalid token"
for u in bkpp1 baw1 opd_a opd_x opd_b; do login "$u" rahasia-uji-123; done
expect_rc 1 env NETRA_TOKEN="$(cat "$TMP/tok.opd_a")" "$NETRA_BIN" finding list --as opd_b
contains "$TMP/err" "token of another user"
echo "sandi-rahasia-dinas-c" > "$TMP/pw.c"
login opd_c sandi-rahasia-dinas-c

# finding ids by unit of the employee
fa1=$(q "SELECT id FROM findings WHERE unit_id=3")
fb=$(q "SELECT id FROM findings WHERE unit_id=5")
fc=$(q "SELECT id FROM findings WHERE unit_id=6")

# list is scoped; --as is required
expect_rc 2 "$NETRA_BIN" finding list < /dev/null
contains "$TMP/err" "--as USER is required"
expect_rc 0 auth "$NETRA_BIN" finding list --as opd_b --json
contains "$TMP/out" "\"id\": $fb,"
grep -q "\"id\": $fa1," "$TMP/out" && fail "scope leak: opd_b lists DINAS-A"
expect_rc 0 auth "$NETRA_BIN" finding list --as opd_a
contains "$TMP/out" "#$fa1 "
expect_rc 1 auth "$NETRA_BIN" finding list --as opd_b --unit DINAS-A
contains "$TMP/err" "no unit with code 'DINAS-A'"
expect_rc 1 auth "$NETRA_BIN" finding show "$fa1" --as opd_b
contains "$TMP/err" "no finding #$fa1"
expect_rc 1 auth "$NETRA_BIN" finding review "$fa1" --as opd_b
# opd_c was added after the seed: DINAS-C's finding still sits with BKPP
expect_rc 1 auth "$NETRA_BIN" finding review "$fc" --as opd_c
contains "$TMP/err" "assigned to unit BKPP"

# list: a header, pages and counts; filters by category and sort
total=$(q "SELECT count(*) FROM findings")
expect_rc 0 auth "$NETRA_BIN" finding list --as bkpp1 --limit 2 --sort unit --desc
head -n 1 "$TMP/out" | grep -q '^temuan  *status  *unit  *ditangani' || fail "list has no header"
[ "$(grep -c '^#' "$TMP/out")" -eq 2 ] || fail "--limit 2 shows other than 2 rows"
contains "$TMP/out" "menampilkan 1-2 dari $total temuan; berikutnya: --offset 2"
expect_rc 0 auth "$NETRA_BIN" finding list --as bkpp1 --limit 2 --offset 2 --json
contains "$TMP/out" "\"total\": $total,"
contains "$TMP/out" '"offset": 2,'
contains "$TMP/out" '"unit_chain": ['
expect_rc 0 auth "$NETRA_BIN" finding list --as bkpp1 --category hoax
contains "$TMP/out" "dari 0 temuan"
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --category nope
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --sort nope
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --limit 0
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --limit 5000
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --offset -1

# a hostile post reaches a terminal without escapes, and no line of it
# passes for a field of the page; JSON keeps it exactly, escaped
ev=$(q "SELECT event_id FROM findings WHERE id=$fb")
q "UPDATE events SET text = 'ayo' || $SQL_CHR(27) || '[2J' || $SQL_CHR(27) || ']0;x' || $SQL_CHR(7) || ' pilih ' || $SQL_CHR(155) || '31m dua' || $SQL_CHR(10) || 'baris' || $SQL_CHR(10) || 'Riwayat:' || $SQL_CHR(10) || 'Alasan    : palsu ' || $SQL_CHR(8238) || 'kebalik' WHERE id=$ev"
expect_rc 0 auth "$NETRA_BIN" finding show "$fb" --as opd_b
grep -q "$(printf '\033')" "$TMP/out" && fail "escape reaches the terminal"
grep -q "$(printf '\007')" "$TMP/out" && fail "bell reaches the terminal"
grep -q "$(printf '\302\233')" "$TMP/out" && fail "C1 CSI reaches the terminal"
grep -q "$(printf '\342\200\256')" "$TMP/out" && fail "bidi override reaches the terminal"
contains "$TMP/out" "ayo?[2J?]0;x? pilih ?31m dua"
contains "$TMP/out" "| Alasan    : palsu ?kebalik"
grep -q '^Alasan    : palsu' "$TMP/out" && fail "a post line passes for a field"
[ "$(grep -c '^Riwayat:' "$TMP/out")" -eq 1 ] || fail "a post line passes for the history"
expect_rc 0 auth "$NETRA_BIN" finding show "$fb" --as opd_b --json
grep -qi 'ayo\\u001b\[2J' "$TMP/out" || fail "JSON does not keep the text"

# show (audited), act, refusals with clear messages
views=$(q "SELECT count(*) FROM audit_log WHERE action='view'")
expect_rc 0 auth "$NETRA_BIN" finding show "$fb" --as opd_b
contains "$TMP/out" "Temuan #$fb"
contains "$TMP/out" "Fiktif Lima"
[ "$(q "SELECT count(*) FROM audit_log WHERE action='view'")" -eq $((views + 1)) ] \
	|| fail "show not audited"
expect_rc 1 auth "$NETRA_BIN" finding confirm "$fb" --as opd_b
contains "$TMP/err" "is 'baru'; 'confirm' is allowed only from 'ditinjau_opd'"
expect_rc 0 auth env NETRA_TEST_CLOCK=2024-10-03T12:00 "$NETRA_BIN" finding review "$fb" --as opd_b
expect_rc 1 auth "$NETRA_BIN" finding dismiss "$fb" --as opd_b
contains "$TMP/err" "needs --reason"
expect_rc 1 auth "$NETRA_BIN" finding verify "$fb" --as opd_b
expect_rc 0 auth "$NETRA_BIN" finding confirm "$fb" --as opd_b --reason "terbukti mengajak memilih"
[ "$(q "SELECT state||' '||assigned_unit_id FROM findings WHERE id=$fb")" = "dikonfirmasi_opd 1" ] \
	|| fail "confirm did not go to BKPP"
expect_rc 1 auth "$NETRA_BIN" finding verify "$fb" --as opd_b
contains "$TMP/err" "role 'opd' may not 'verify'"
expect_rc 0 auth "$NETRA_BIN" finding verify "$fb" --as bkpp1
expect_rc 0 auth "$NETRA_BIN" finding forward "$fb" --as bkpp1 --reason "Direkomendasikan ke Bawaslu"
expect_rc 0 auth "$NETRA_BIN" finding list --as baw1 --json
contains "$TMP/out" "\"id\": $fb,"
[ "$(grep -c '"id":' "$TMP/out")" -eq 1 ] || fail "bawaslu sees unforwarded findings"
expect_rc 1 auth "$NETRA_BIN" finding close "$fb" --as baw1
expect_rc 0 auth "$NETRA_BIN" finding close "$fb" --as bkpp1
expect_rc 0 auth "$NETRA_BIN" finding show "$fb" --as baw1 --json
contains "$TMP/out" '"state": "selesai"'
contains "$TMP/out" '"action": "forward"'
contains "$TMP/out" "Direkomendasikan ke Bawaslu"
[ "$(q "SELECT count(*) FROM audit_log WHERE object='finding:$fb' AND action IN ('review','confirm','verify','forward','close')")" -eq 5 ] \
	|| fail "five audited transitions expected"

# settings: holidays and the deadline
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-03T12:00 "$NETRA_BIN" escalate \
	--holidays "$NETRA_SRC/data/holidays-2024.txt" --deadline-days 3
contains "$TMP/out" "holidays: 29 read"
[ "$(q "SELECT name FROM holidays WHERE day='2024-11-27'")" = \
	"Pemungutan suara Pilkada serentak 2024" ] || fail "holiday not loaded"
expect_rc 2 "$NETRA_BIN" escalate --deadline-days 0

# escalation: a month later every open OPD-level finding has moved up
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-07T09:00 "$NETRA_BIN" escalate --json
contains "$TMP/out" '"escalated":0'
expect_rc 0 auth env NETRA_TEST_CLOCK=2024-10-10T09:00 "$NETRA_BIN" finding list --as opd_a --overdue --json
contains "$TMP/out" "\"id\": $fa1,"
expect_rc 0 env NETRA_TEST_CLOCK=2024-11-05T09:00 "$NETRA_BIN" escalate --json
grep -q '"escalated":0' "$TMP/out" && fail "nothing escalated"
[ "$(q "SELECT assigned_unit_id FROM findings WHERE id=$fa1")" -eq 1 ] \
	|| fail "DINAS-A finding not escalated to BKPP"
[ "$(q "SELECT count(*) FROM outbox")" -gt 0 ] || fail "no mail queued"
"$SEED" --check "$NETRA_DB" >/dev/null || fail "store inconsistent"

# Time cannot be forged. --now is no option of any command that writes.
expect_rc 2 "$NETRA_BIN" escalate --now 2019-01-01
expect_rc 2 "$NETRA_BIN" finding review "$fa1" --as opd_a --now 2019-01-01
expect_rc 2 "$NETRA_BIN" report --now 2019-01-01
# NETRA_NOW moves nothing: the review below is recorded at the real time,
# after the finding was made, and its audit row is not marked.
start=$(date +%s)
[ "$(q "SELECT state FROM findings WHERE id=$fc")" = baru ] || fail "fc not new"
expect_rc 0 auth env NETRA_NOW=2019-01-01 "$NETRA_BIN" finding review "$fc" --as bkpp1
at=$(q "SELECT at FROM finding_transitions WHERE finding_id=$fc AND action='review'")
[ "$at" -ge "$start" ] || fail "NETRA_NOW moved the clock: review at $at"
q "SELECT detail FROM audit_log WHERE object='finding:$fc' AND action='review'" \
	>"$TMP/detail"
grep -q '"clock"' "$TMP/detail" && fail "real-clock audit row marked as test"
# Every audit row written under the test switch (the 2024 times after the
# seed's T0) says so.
[ "$(q "SELECT count(*) FROM audit_log WHERE at > $T0 AND at < 1735689600
	AND (detail IS NULL OR detail NOT LIKE '%\"clock\":\"test\"%')")" -eq 0 ] ||
	fail "an audit row from the test clock is not marked"
[ "$(q "SELECT count(*) FROM audit_log WHERE detail LIKE '%\"clock\":\"test\"%'")" -gt 0 ] ||
	fail "no audit row marked clock:test"
# A report is dated honestly with --as-of (it writes nothing).
expect_rc 0 "$NETRA_BIN" report --as-of 2024-10-03 --table units
expect_rc 2 "$NETRA_BIN" report --as-of kemarin

# user administration by BKPP, within its scope; own password change
expect_rc 1 auth "$NETRA_BIN" user disable opd_x --as opd_a
contains "$TMP/err" "only bkpp users"
expect_rc 0 auth "$NETRA_BIN" user disable opd_c --as bkpp1
expect_rc 1 auth "$NETRA_BIN" finding list --as opd_c
expect_rc 1 "$NETRA_BIN" user verify opd_c < "$TMP/pw.c"
expect_rc 0 auth "$NETRA_BIN" user list --as bkpp1
contains "$TMP/out" "(inactive)"
expect_rc 0 auth "$NETRA_BIN" user enable opd_c --as bkpp1
expect_rc 0 auth "$NETRA_BIN" finding list --as opd_c
expect_rc 0 auth "$NETRA_BIN" user list --as opd_a
contains "$TMP/out" "2 users"
grep -q opd_b "$TMP/out" && fail "user list shows another unit's user"
printf 'sandi-rahasia-dinas-c\nsandi-baru-dinas-c1\n' > "$TMP/chg"
expect_rc 0 "$NETRA_BIN" user passwd opd_c < "$TMP/chg"
expect_rc 1 "$NETRA_BIN" user passwd opd_c < "$TMP/chg"
contains "$TMP/err" "wrong user name or password"
echo "sandi-reset-dinas-c2" > "$TMP/pw"
expect_rc 0 auth "$NETRA_BIN" user reset opd_c --as bkpp1 < "$TMP/pw"
expect_rc 0 "$NETRA_BIN" user verify opd_c < "$TMP/pw"
expect_rc 0 auth "$NETRA_BIN" user revoke opd_c --as bkpp1
contains "$TMP/out" "1 token revoked"
expect_rc 1 auth "$NETRA_BIN" finding list --as opd_c
contains "$TMP/err" "invalid token"
[ "$(q "SELECT count(*) FROM audit_log WHERE action IN ('user_disable','user_enable','password_change','password_reset','token_revoke')")" -eq 5 ] \
	|| fail "user administration not audited"
# conflicts of interest: a user linked to an employee never sees findings
# about them
expect_rc 0 auth "$NETRA_BIN" finding show "$fb" --as opd_b
expect_rc 1 auth "$NETRA_BIN" user link opd_b --nip NO-SUCH --as bkpp1
contains "$TMP/err" "no employee"
expect_rc 0 auth "$NETRA_BIN" user link opd_b --nip K5 --as bkpp1
expect_rc 1 auth "$NETRA_BIN" finding show "$fb" --as opd_b
contains "$TMP/err" "no finding #$fb"
expect_rc 0 auth "$NETRA_BIN" user list --as bkpp1 --json
contains "$TMP/out" '"nip": "K5"'
echo "workflow_cli: ok"
