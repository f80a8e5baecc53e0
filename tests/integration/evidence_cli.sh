# tests/integration/evidence_cli.sh - `netra evidence` end to end through
# the binary: init, pubkey, checkpoint, export, offline verify (valid, every
# file with sampled bytes flipped, wrong key, missing file, a FIFO or a
# symbolic link in place of a file), audit of an intact and of a tampered
# store, a deleted post, owner-only modes of the store, key and bundle, the
# warning about a key beside the store, and usage/help exits.
# Rows are inserted with sqlite3 as ingest and scan would write them, so
# this test depends only on the evidence code. All data is fictional.
. "$NETRA_SRC/tests/integration/lib.sh"
command -v sqlite3 >/dev/null || skip "no sqlite3 shell"

N=$NETRA_BIN
db=$NETRA_DB
umask 022
q() { sqlite3 "$db" "$1"; }

# flip FILE POS: XOR the byte at offset POS with 0x01, in place.
flip() {
	byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $((byte ^ 1)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

expect_rc 0 "$N" evidence --help
contains "$TMP/out" "netra evidence export FINDING DIR"
expect_rc 2 "$N" evidence
expect_rc 2 "$N" evidence frobnicate
expect_rc 2 "$N" evidence export 1
expect_rc 2 "$N" evidence export x "$TMP/b"
expect_rc 2 "$N" evidence verify "$TMP/b"

# Before any key: pubkey says so. An empty debunk import creates (and
# migrates) the store; stats would refuse a store that does not exist.
: >"$TMP/none.jsonl"
expect_rc 0 "$N" hoax import "$TMP/none.jsonl"
expect_rc 1 "$N" evidence pubkey
contains "$TMP/err" "evidence init"

q "INSERT INTO units (code, name, kind, path, updated_at)
     VALUES ('DISKOMINFO', 'Dinas Fiktif', 'dinas', '/1/', 0),
            ('DISHUB', 'Dinas Fiktif Lain', 'dinas', '/2/', 0);
   INSERT INTO employees (staff_key, name, status, unit_id, updated_at)
     VALUES ('199001012020011001', 'Sari Fiktif', 'PNS', 1, 0);"
i=1
while [ $i -le 40 ]; do
	q "INSERT INTO events (platform, event_id, type, account, raw,
	     ingested_at) VALUES ('x', 'e$i', 'post', '@sari_fiktif',
	     '{\"platform\":\"x\",\"id\":\"e$i\",\"text\":\"unggahan $i\",\"media\":[{\"sha256\":\"$(printf '%064d' $i)\"}]}',
	     1730000000 + $i);"
	i=$((i + 1))
done
q "INSERT INTO verdicts (event_id, rulebook, labels, json, created_at)
     VALUES (17, 'sha256:abc', 'support',
     '{\"id\":\"e17\",\"labels\":[\"support\"],\"rulebook\":\"sha256:abc\"}', 0);
   INSERT INTO findings (verdict_id, event_id, employee_id, unit_id,
     category, rule, severity, created_at, updated_at)
     VALUES (1, 17, 1, 1, 'support', 'DUKUNGAN-AJAKAN', 'tinggi', 0, 0);
   INSERT INTO finding_transitions (finding_id, at, actor, action, to_state)
     VALUES (1, 0, 'system', 'create', 'baru');"

# Export is for a user (--as or $NETRA_USER), within the user's units
# (bawaslu: forwarded findings only), and audited: a bundle holds the
# post of an identified member of staff.
for u in "bk bkpp DISKOMINFO" "lain opd DISHUB" "baw bawaslu DISKOMINFO"; do
	set -- $u
	echo 'kata-sandi-uji-123' | "$N" user add "$1" --role "$2" \
		--unit "$3" --operator >/dev/null || fail "user add $1"
	login "$1" kata-sandi-uji-123
done
expect_rc 2 "$N" evidence export 1 "$TMP/bx" </dev/null
contains "$TMP/err" "--as USER"
expect_rc 1 auth "$N" evidence export 1 "$TMP/bx" --as lain
contains "$TMP/err" "no finding #1"
expect_rc 1 auth "$N" evidence export 1 "$TMP/bx" --as baw
contains "$TMP/err" "no finding #1"
[ ! -e "$TMP/bx" ] || fail "a refused export wrote a bundle"
export NETRA_USER=bk NETRA_TOKEN="$(cat "$TMP/tok.bk")"

# The store holds personal data: 0600 under umask 022 (its -wal and -shm,
# gone once the store is closed, are checked by tests/evidence).
[ "$(stat -c %a "$db")" = 600 ] || fail "$db is not 0600"
expect_rc 0 "$N" evidence init
contains "$TMP/out" "created evidence key"
[ "$(stat -c %a "$db.evidence.key")" = 600 ] || fail "key file not 0600"
# The key beside the store is warned about; one kept elsewhere is not.
contains "$TMP/err" "warning: the evidence signing key"
mkdir "$TMP/keys"
expect_rc 0 "$N" evidence pubkey
expect_rc 1 "$N" evidence init --key-file "$TMP/keys/other.key"
! grep -q "warning: the evidence" "$TMP/err" ||
	fail "a key kept elsewhere was warned about"
expect_rc 0 "$N" evidence init
contains "$TMP/out" "present"
expect_rc 0 "$N" evidence pubkey
pub=$(cat "$TMP/out")
[ ${#pub} -eq 64 ] || fail "pubkey is not 64 hex digits: $pub"
expect_rc 0 "$N" evidence pubkey --json
contains "$TMP/out" "\"pubkey\":\"$pub\""

expect_rc 0 "$N" evidence checkpoint --json
contains "$TMP/out" '"tree_size":'
expect_rc 0 "$N" evidence audit --json
contains "$TMP/out" '"ok":true'
contains "$TMP/out" '"events":40'
contains "$TMP/out" '"verdicts":1'
contains "$TMP/out" '"transitions":1'
contains "$TMP/out" '"findings":1'
contains "$TMP/out" '"pending":0'

b=$TMP/bundle
expect_rc 0 "$N" evidence export 1 "$b"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE actor = 'bk' AND
     action = 'evidence_export' AND object = 'finding:1'")" -eq 1 ] ||
	fail "export not audited"
for f in manifest.json manifest.sig event.raw event.json verdicts.json \
	proof.json checkpoint.txt pubkey.txt; do
	[ -s "$b/$f" ] || fail "bundle lacks $f"
done
expect_rc 0 "$N" evidence verify "$b" --key "$pub"
contains "$TMP/out" "VALID"
contains "$TMP/out" "the bundle is whole and its event is in the signed evidence log"
echo "$pub" >"$TMP/pub.txt"
expect_rc 0 "$N" evidence verify "$b" --key "$TMP/pub.txt" --json
contains "$TMP/out" '"valid":true'
contains "$TMP/out" '"event_id":"e17"'
contains "$TMP/out" '"media":1'
# Verification needs nothing but the bundle and the key.
expect_rc 0 env NETRA_DB=/nonexistent/x.db "$N" evidence verify "$b" --key "$pub"

# Every file, sampled bytes flipped: invalid each time, with a reason.
cp -r "$b" "$TMP/orig"
for f in "$b"/*; do
	name=$(basename "$f")
	size=$(wc -c <"$f")
	step=$((size / 9 + 1))
	pos=0
	while [ $pos -lt "$size" ]; do
		flip "$f" $pos
		expect_rc 1 "$N" evidence verify "$b" --key "$pub"
		contains "$TMP/out" "INVALID"
		cp "$TMP/orig/$name" "$f"
		pos=$((pos + step))
	done
	mv "$f" "$TMP/moved"
	expect_rc 1 "$N" evidence verify "$b" --key "$pub"
	mv "$TMP/moved" "$f"
done
expect_rc 0 "$N" evidence verify "$b" --key "$pub"
# The bundle is owner-only (a directory 0700, files 0600) under umask 022.
[ "$(stat -c %a "$b")" = 700 ] || fail "bundle directory is not 0700"
for f in "$b"/*; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is not 0600"
done
# A FIFO in place of a file is refused at once (it used to hang verify
# for ever); a symbolic link is never followed out of the bundle.
command -v timeout >/dev/null || fail "timeout(1) is missing"
mv "$b/event.json" "$TMP/event.json"
mkfifo "$b/event.json"
expect_rc 1 timeout 20 "$N" evidence verify "$b" --key "$pub"
contains "$TMP/out" "not a regular file"
rm "$b/event.json"
ln -s "$TMP/event.json" "$b/event.json"
expect_rc 1 timeout 20 "$N" evidence verify "$b" --key "$pub"
contains "$TMP/out" "symbolic link"
rm "$b/event.json"
mv "$TMP/event.json" "$b/event.json"
expect_rc 0 "$N" evidence verify "$b" --key "$pub"
other=$(printf '%064d' 0)
expect_rc 1 "$N" evidence verify "$b" --key "$other"
expect_rc 2 "$N" evidence verify "$b" --key nothex

# Export errors: non-empty directory, unknown finding.
expect_rc 1 "$N" evidence export 1 "$b"
contains "$TMP/err" "not empty"
expect_rc 1 "$N" evidence export 99 "$TMP/b99"
contains "$TMP/err" "no finding #99"

# A post deleted by its author: the bundle says when it was seen gone.
q "UPDATE events SET deleted_at = 1731000000 WHERE id = 17"
expect_rc 0 "$N" evidence export 1 "$TMP/b2"
expect_rc 0 "$N" evidence verify "$TMP/b2" --key "$pub"
contains "$TMP/out" "seen gone 2024-11-07"
contains "$TMP/b2/manifest.json" '"deleted_at": 1731000000'
expect_rc 0 "$N" evidence audit

# Tampering with the store: audit names the event; export refuses.
q "UPDATE events SET raw = replace(raw, 'unggahan 23', 'unggahan 24')
   WHERE id = 23"
expect_rc 1 "$N" evidence audit
contains "$TMP/out" "TAMPERED"
contains "$TMP/out" "event 23 (x e23)"
expect_rc 1 "$N" evidence audit --json
contains "$TMP/out" '"ok":false'
contains "$TMP/out" '"event":23'
q "UPDATE events SET raw = replace(raw, 'unggahan 24', 'unggahan 23')
   WHERE id = 23"
expect_rc 0 "$N" evidence audit
q "UPDATE events SET raw = raw || ' ' WHERE id = 17"
expect_rc 1 "$N" evidence export 1 "$TMP/b3"
contains "$TMP/err" "no longer matches"
[ ! -e "$TMP/b3" ] || fail "a refused export left $TMP/b3"
echo "evidence_cli: ok"
