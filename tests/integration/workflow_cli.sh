#!/bin/sh
# Workflow through the real binary: users (argon2id, password on stdin),
# finding list/show/actions acting --as a user, scope between units,
# refused transitions with clear messages, and escalation by `netra
# escalate --now`. Findings are seeded by workflow_test_seed (the
# wf_fixture.h organisation) since scan is tested elsewhere.
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
q() { sqlite3 "$NETRA_DB" "$1"; }
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
contains "$TMP/err" "outside"
expect_rc 1 "$NETRA_BIN" finding show "$fa1" --as opd_b
contains "$TMP/err" "outside"
expect_rc 1 "$NETRA_BIN" finding review "$fa1" --as opd_b
# opd_c was added after the seed: DINAS-C's finding still sits with BKPP
expect_rc 1 "$NETRA_BIN" finding review "$fc" --as opd_c
contains "$TMP/err" "assigned to unit BKPP"

# show (audited), act, refusals with clear messages
views=$(q "SELECT count(*) FROM audit_log WHERE action='view'")
expect_rc 0 "$NETRA_BIN" finding show "$fb" --as opd_b
contains "$TMP/out" "Temuan #$fb"
contains "$TMP/out" "Fiktif Lima"
[ "$(q "SELECT count(*) FROM audit_log WHERE action='view'")" -eq $((views + 1)) ] \
	|| fail "show not audited"
expect_rc 1 "$NETRA_BIN" finding confirm "$fb" --as opd_b
contains "$TMP/err" "is 'baru'; 'confirm' is allowed only from 'ditinjau_opd'"
expect_rc 0 "$NETRA_BIN" finding review "$fb" --as opd_b --now 2024-10-03T12:00
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
expect_rc 0 "$NETRA_BIN" escalate --holidays "$NETRA_SRC/data/holidays-2024.txt" \
	--deadline-days 3 --now 2024-10-03T12:00
contains "$TMP/out" "holidays: 29 read"
[ "$(q "SELECT name FROM holidays WHERE day='2024-11-27'")" = \
	"Pemungutan suara Pilkada serentak 2024" ] || fail "holiday not loaded"
expect_rc 2 "$NETRA_BIN" escalate --deadline-days 0

# escalation: a month later every open OPD-level finding has moved up
expect_rc 0 "$NETRA_BIN" escalate --now 2024-10-07T09:00 --json
contains "$TMP/out" '"escalated":0'
expect_rc 0 "$NETRA_BIN" finding list --as opd_a --overdue --json --now 2024-10-10T09:00
contains "$TMP/out" "\"id\": $fa1,"
expect_rc 0 "$NETRA_BIN" escalate --now 2024-11-05T09:00 --json
grep -q '"escalated":0' "$TMP/out" && fail "nothing escalated"
[ "$(q "SELECT assigned_unit_id FROM findings WHERE id=$fa1")" -eq 1 ] \
	|| fail "DINAS-A finding not escalated to BKPP"
[ "$(q "SELECT count(*) FROM outbox")" -gt 0 ] || fail "no mail queued"
"$SEED" --check "$NETRA_DB" >/dev/null || fail "store inconsistent"
echo "workflow_cli: ok"
