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
echo "sandi-rahasia-dinas-c" | "$NETRA_BIN" user add opd_c --role opd \
	--unit DINAS-C --email opd_c@contoh.invalid >/dev/null || fail "user add"
q "SELECT password_hash FROM users WHERE name='opd_c'" | grep -q '^\$argon2id\$' \
	|| fail "hash is not argon2id"
echo "pendek" > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add x1 --role opd --unit DINAS-C < "$TMP/pw"
contains "$TMP/err" "too short"
: > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add x2 --role opd --unit DINAS-C < "$TMP/pw"
echo "sandi-rahasia-panjang" > "$TMP/pw"
expect_rc 2 "$NETRA_BIN" user add x3 --role admin --unit DINAS-C < "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user add opd_c --role opd --unit DINAS-C < "$TMP/pw"
contains "$TMP/err" "exists"
echo "sandi-rahasia-dinas-c" > "$TMP/pw"
expect_rc 0 "$NETRA_BIN" user verify opd_c < "$TMP/pw"
echo "sandi-salah-dinas-c" > "$TMP/pw"
expect_rc 1 "$NETRA_BIN" user verify opd_c < "$TMP/pw"
expect_rc 0 "$NETRA_BIN" user list --json
contains "$TMP/out" '"name": "opd_c"'
grep -q argon2 "$TMP/out" && fail "user list shows a hash"

# finding ids by unit of the employee
fa1=$(q "SELECT id FROM findings WHERE unit_id=3")
fb=$(q "SELECT id FROM findings WHERE unit_id=5")
fc=$(q "SELECT id FROM findings WHERE unit_id=6")

# list is scoped; --as is required
expect_rc 2 "$NETRA_BIN" finding list
expect_rc 0 "$NETRA_BIN" finding list --as opd_b --json
contains "$TMP/out" "\"id\": $fb,"
grep -q "\"id\": $fa1," "$TMP/out" && fail "scope leak: opd_b lists DINAS-A"
expect_rc 0 "$NETRA_BIN" finding list --as opd_a
contains "$TMP/out" "#$fa1 "
expect_rc 1 "$NETRA_BIN" finding list --as opd_b --unit DINAS-A
contains "$TMP/err" "no unit with code 'DINAS-A'"
expect_rc 1 "$NETRA_BIN" finding show "$fa1" --as opd_b
contains "$TMP/err" "no finding #$fa1"
expect_rc 1 "$NETRA_BIN" finding review "$fa1" --as opd_b
# opd_c was added after the seed: DINAS-C's finding still sits with BKPP
expect_rc 1 "$NETRA_BIN" finding review "$fc" --as opd_c
contains "$TMP/err" "assigned to unit BKPP"

# list: a header, pages and counts; filters by category and sort
total=$(q "SELECT count(*) FROM findings")
expect_rc 0 "$NETRA_BIN" finding list --as bkpp1 --limit 2 --sort unit --desc
head -n 1 "$TMP/out" | grep -q '^temuan  *status  *unit  *ditangani' || fail "list has no header"
[ "$(grep -c '^#' "$TMP/out")" -eq 2 ] || fail "--limit 2 shows other than 2 rows"
contains "$TMP/out" "menampilkan 1-2 dari $total temuan; berikutnya: --offset 2"
expect_rc 0 "$NETRA_BIN" finding list --as bkpp1 --limit 2 --offset 2 --json
contains "$TMP/out" "\"total\": $total,"
contains "$TMP/out" '"offset": 2,'
contains "$TMP/out" '"unit_chain": ['
expect_rc 0 "$NETRA_BIN" finding list --as bkpp1 --category hoax
contains "$TMP/out" "dari 0 temuan"
expect_rc 2 "$NETRA_BIN" finding list --as bkpp1 --category nope
expect_rc 2 "$NETRA_BIN" finding list --as bkpp1 --sort nope
expect_rc 2 "$NETRA_BIN" finding list --as bkpp1 --limit 0
expect_rc 2 "$NETRA_BIN" finding list --as bkpp1 --limit 5000
expect_rc 2 "$NETRA_BIN" finding list --as bkpp1 --offset -1

# a hostile post reaches a terminal without escapes, and no line of it
# passes for a field of the page; JSON keeps it exactly, escaped
ev=$(q "SELECT event_id FROM findings WHERE id=$fb")
q "UPDATE events SET text = 'ayo' || $SQL_CHR(27) || '[2J' || $SQL_CHR(27) || ']0;x' || $SQL_CHR(7) || ' pilih ' || $SQL_CHR(155) || '31m dua' || $SQL_CHR(10) || 'baris' || $SQL_CHR(10) || 'Riwayat:' || $SQL_CHR(10) || 'Alasan    : palsu ' || $SQL_CHR(8238) || 'kebalik' WHERE id=$ev"
expect_rc 0 "$NETRA_BIN" finding show "$fb" --as opd_b
grep -q "$(printf '\033')" "$TMP/out" && fail "escape reaches the terminal"
grep -q "$(printf '\007')" "$TMP/out" && fail "bell reaches the terminal"
grep -q "$(printf '\302\233')" "$TMP/out" && fail "C1 CSI reaches the terminal"
grep -q "$(printf '\342\200\256')" "$TMP/out" && fail "bidi override reaches the terminal"
contains "$TMP/out" "ayo?[2J?]0;x? pilih ?31m dua"
contains "$TMP/out" "| Alasan    : palsu ?kebalik"
grep -q '^Alasan    : palsu' "$TMP/out" && fail "a post line passes for a field"
[ "$(grep -c '^Riwayat:' "$TMP/out")" -eq 1 ] || fail "a post line passes for the history"
expect_rc 0 "$NETRA_BIN" finding show "$fb" --as opd_b --json
grep -qi 'ayo\\u001b\[2J' "$TMP/out" || fail "JSON does not keep the text"

# show (audited), act, refusals with clear messages
views=$(q "SELECT count(*) FROM audit_log WHERE action='view'")
expect_rc 0 "$NETRA_BIN" finding show "$fb" --as opd_b
contains "$TMP/out" "Temuan #$fb"
contains "$TMP/out" "Fiktif Lima"
[ "$(q "SELECT count(*) FROM audit_log WHERE action='view'")" -eq $((views + 1)) ] \
	|| fail "show not audited"
expect_rc 1 "$NETRA_BIN" finding confirm "$fb" --as opd_b
contains "$TMP/err" "is 'baru'; 'confirm' is allowed only from 'ditinjau_opd'"
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-03T12:00 "$NETRA_BIN" finding review "$fb" --as opd_b
expect_rc 1 "$NETRA_BIN" finding dismiss "$fb" --as opd_b
contains "$TMP/err" "needs --reason"
expect_rc 1 "$NETRA_BIN" finding verify "$fb" --as opd_b
expect_rc 0 "$NETRA_BIN" finding confirm "$fb" --as opd_b --reason "terbukti mengajak memilih"
[ "$(q "SELECT state||' '||assigned_unit_id FROM findings WHERE id=$fb")" = "dikonfirmasi_opd 1" ] \
	|| fail "confirm did not go to BKPP"
expect_rc 1 "$NETRA_BIN" finding verify "$fb" --as opd_b
contains "$TMP/err" "role 'opd' may not 'verify'"
expect_rc 0 "$NETRA_BIN" finding verify "$fb" --as bkpp1
expect_rc 0 "$NETRA_BIN" finding forward "$fb" --as bkpp1 --reason "Direkomendasikan ke Bawaslu"
expect_rc 0 "$NETRA_BIN" finding list --as baw1 --json
contains "$TMP/out" "\"id\": $fb,"
[ "$(grep -c '"id":' "$TMP/out")" -eq 1 ] || fail "bawaslu sees unforwarded findings"
expect_rc 1 "$NETRA_BIN" finding close "$fb" --as baw1
expect_rc 0 "$NETRA_BIN" finding close "$fb" --as bkpp1
expect_rc 0 "$NETRA_BIN" finding show "$fb" --as baw1 --json
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
expect_rc 0 env NETRA_TEST_CLOCK=2024-10-10T09:00 "$NETRA_BIN" finding list --as opd_a --overdue --json
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
expect_rc 0 env NETRA_NOW=2019-01-01 "$NETRA_BIN" finding review "$fc" --as bkpp1
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
echo "workflow_cli: ok"
