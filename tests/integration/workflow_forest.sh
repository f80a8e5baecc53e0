#!/bin/sh
# A registry that is a forest (every OPD a root, BKPP one of them), the
# usual shape of a staff-system export, through the real binary: registry
# import, an all-units bkpp user (`user add --all-units`) who verifies and
# forwards what an OPD confirmed, an all-units Bawaslu liaison who reads
# it and exports its evidence, `--as` checked on `user add`, and an
# unknown --state being a usage error. The finding is written with
# sqlite3 as scan would write it (routing is tested in test_forest.c).
. "$NETRA_SRC/tests/integration/lib.sh"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"
q() { sql "$1"; }
N=$NETRA_BIN
PW=kata-sandi-uji-123

cat > "$TMP/units.csv" <<'CSV'
code,name,parent_code,kind
DISDIK,Dinas Pendidikan Fiktif,,OPD
DISDIK-SD1,SD Negeri 1 Fiktif,DISDIK,sekolah
BKPP,Badan Kepegawaian Fiktif,,OPD
DINKES,Dinas Kesehatan Fiktif,,OPD
CSV
cat > "$TMP/employees.csv" <<'CSV'
nip,name,position,unit_code,status,supervisor_nip
199001012015031001,Guru Fiktif,Guru,DISDIK-SD1,PNS,
CSV
cat > "$TMP/accounts.csv" <<'CSV'
nip,platform,handle
199001012015031001,x,@guru_fiktif
CSV
expect_rc 0 "$N" registry import --units "$TMP/units.csv" \
	--employees "$TMP/employees.csv" --accounts "$TMP/accounts.csv"

add() { echo "$PW" | auth "$N" user add "$@"; }
# the first BKPP user: the operator's console, explicitly
expect_rc 0 add sari --role bkpp --unit BKPP --all-units \
	--email sari@bkpp.invalid --operator
contains "$TMP/out" "all units"
login sari "$PW"
expect_rc 2 add x1 --role opd --unit DISDIK --all-units --operator
expect_rc 0 add dedi --role opd --unit DISDIK --as sari
login dedi "$PW"
expect_rc 1 add x2 --role bkpp --unit DINKES --as dedi
contains "$TMP/err" "only bkpp users"
expect_rc 1 add x3 --role opd --unit DINKES --as nobody --password-file "$TMP/pw.sari"
contains "$TMP/err" "wrong user name or password"
# an unauthenticated caller cannot act as a bkpp user
bare_add() { echo "$PW" | "$N" user add "$@"; }
expect_rc 2 bare_add x4 --role opd --unit DINKES --as sari
contains "$TMP/err" "needs that user's password"
expect_rc 1 bare_add x4 --role opd --unit DINKES --as sari --password-file /dev/null
printf 'tebakan-sandi-99\n' >"$TMP/guess"
expect_rc 1 bare_add x4 --role opd --unit DINKES --as sari --password-file "$TMP/guess"
contains "$TMP/err" "wrong user name or password"
expect_rc 0 add lia --role bawaslu --unit BKPP --all-units --as sari
login lia "$PW"
# a bkpp user scoped to BKPP alone is told what it will not see
expect_rc 0 add bk_own --role bkpp --unit BKPP --as sari
contains "$TMP/err" "3 other active units are outside its scope"
expect_rc 0 "$N" user list --json --operator
contains "$TMP/out" '"all_units": true'
[ "$(q "SELECT COUNT(*) FROM users WHERE name LIKE 'x%'")" -eq 0 ] ||
	fail "a refused user add wrote a user"

# One finding, as scan makes it, assigned to the school's reviewer.
q "INSERT INTO events (platform, event_id, type, account, text, raw,
     ingested_at) VALUES ('x', 'p1', 'post', '@guru_fiktif',
     'Ayo coblos nomor 2', '{}', 0);
   INSERT INTO verdicts (event_id, rulebook, labels, json, created_at)
     VALUES (1, 'sha256:uji', 'support', '{\"findings\":[]}', 0);
   INSERT INTO findings (verdict_id, event_id, employee_id, unit_id,
     assigned_unit_id, category, rule, severity, state, due_at,
     created_at, updated_at)
     SELECT 1, 1, e.id, e.unit_id, (SELECT id FROM units WHERE
       code = 'DISDIK'), 'support', 'DUKUNGAN-AJAKAN', 'tinggi', 'baru',
       4102444800, 0, 0 FROM employees e;"

expect_rc 0 auth "$N" finding list --as sari --json
contains "$TMP/out" '"id": 1,'
expect_rc 2 auth "$N" finding list --as sari --state bogus
contains "$TMP/err" "unknown state"
expect_rc 0 auth "$N" finding review 1 --as dedi
expect_rc 0 auth "$N" finding confirm 1 --as dedi
# Confirmed: it goes to BKPP, where the all-units user verifies it.
[ "$(q "SELECT u.code FROM findings f JOIN units u
        ON u.id = f.assigned_unit_id WHERE f.id = 1")" = BKPP ] ||
	fail "confirmed finding did not go to BKPP"
expect_rc 1 auth "$N" finding verify 1 --as dedi
expect_rc 0 auth "$N" finding verify 1 --as sari
expect_rc 1 auth "$N" finding show 1 --as lia
contains "$TMP/err" "no finding #1"
expect_rc 0 auth "$N" finding forward 1 --as sari --reason "Teruskan ke Bawaslu"
expect_rc 0 auth "$N" finding show 1 --as lia
contains "$TMP/out" "Guru Fiktif"
expect_rc 0 auth "$N" evidence export 1 "$TMP/bundle" --as lia
[ -s "$TMP/bundle/manifest.json" ] || fail "no bundle"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE actor = 'lia' AND
     action IN ('view', 'evidence_export')")" -eq 2 ] ||
	fail "Bawaslu reads not audited"
