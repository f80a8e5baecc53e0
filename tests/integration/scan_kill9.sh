#!/bin/sh
# Crash safety of `netra scan`: kill -9 while it writes verdicts, scan
# again, and find the store as if one clean scan had run: every event but
# the deletes judged exactly once, every breach verdict with its findings
# and every finding on a verdict (no orphans either way), no finding twice
# for one event and rule, one audit 'create' row and one creation
# transition per finding, and the same verdicts, findings and campaign
# groups as a scan of a copy of the store that was never interrupted.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
ELECTION="$NETRA_SRC/tests/integration/fixtures/chain/election.yaml"
command -v sqlite3 >/dev/null || fail "sqlite3 shell missing"
# The engine's data (rulebook, word lists, model) copied, so every scan of
# this test judges with the same rules even if data/ is being edited.
cp -R "$NETRA_SRC/data" "$TMP/data"
export NETRA_DATA="$TMP/data"
q() { sql "$1"; }
# Enough events that the scan is still running when it is killed: a few
# thousand under the sanitizers, more in an optimised build (faster).
TOTAL=30000
if grep -q '^NETRA_SANITIZE:BOOL=ON' "${NETRA_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
	TOTAL=4000
fi
STAFF=120
BATCH=100

# A fictional city: PEMKOT with two offices, STAFF employees with valid
# NIPs (born 1985, appointed 2010), one x account each.
printf 'code,name,parent_code,kind\nPEMKOT,Pemerintah Kota Uji,,pemda\n' > units.csv
printf 'DINAS-A,Dinas Alfa,PEMKOT,OPD\nDINAS-B,Dinas Beta,PEMKOT,OPD\n' >> units.csv
awk -v n=$STAFF 'BEGIN {
	print "nip,name,position,unit_code,status,supervisor_nip" > "employees.csv"
	print "nip,platform,handle" > "accounts.csv"
	for (i = 1; i <= n; i++) {
		nip = sprintf("1985%02d%02d2010%02d%d%03d", 1 + i % 12,
			      1 + int(i / 12) % 28, 1 + i % 12, 1 + i % 2,
			      1 + int(i / 12))
		printf("%s,Pegawai Uji %d,Staf,%s,PNS,\n", nip, i,
		       i % 2 ? "DINAS-A" : "DINAS-B") > "employees.csv"
		printf("%s,x,staf_%04d\n", nip, i) > "accounts.csv"
	}
}'
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv

# Events by kind (i % 10): a call to vote, clean posts, one campaign text
# copied by many, reposts and likes of the candidates' posts, an attack, a
# comment on a candidate's post, and deletes of earlier posts.
awk -v n=$TOTAL -v staff=$STAFF 'BEGIN {
	for (i = 1; i <= n; i++) {
		acc = sprintf("staf_%04d", 1 + (i * 7) % staff)
		k = i % 10
		t = sprintf("2024-10-%02dT%02d:%02d:00+07:00", 1 + i % 28,
			    7 + i % 12, i % 60)
		head = sprintf("{\"platform\":\"x\",\"id\":\"k%d\",\"account\":\"%s\",\"created_at\":\"%s\"", i, acc, t)
		if (k == 0)
			printf("%s,\"type\":\"post\",\"text\":\"Ayo coblos nomor 1! Pak Baskara pasti menang #BaraMenang %d\"}\n", head, i)
		else if (k == 1 || k == 7)
			printf("%s,\"type\":\"post\",\"text\":\"Rapat koordinasi pelayanan publik hari ini berjalan lancar (%d).\"}\n", head, i)
		else if (k == 2)
			printf("%s,\"type\":\"post\",\"text\":\"Mari dukung Gilang dan Sinta, pilih nomor 2 untuk Sukamakmur yang lebih maju!\"}\n", head)
		else if (k == 3)
			printf("%s,\"type\":\"repost\",\"target\":{\"account\":\"GISA_Sukamakmur\",\"id\":\"gisa-%d\",\"text\":\"Kampanye akbar Gilang-Sinta di lapangan kota\"}}\n", head, i % 7)
		else if (k == 4)
			printf("%s,\"type\":\"post\",\"text\":\"Selamat pagi rekan kerja, semangat melayani warga (%d)\"}\n", head, i)
		else if (k == 5)
			printf("%s,\"type\":\"post\",\"text\":\"Jangan pilih Baskara, janjinya cuma omong kosong %d\"}\n", head, i)
		else if (k == 6)
			printf("%s,\"type\":\"like\",\"target\":{\"account\":\"BARA_Sukamakmur\",\"id\":\"bara-%d\",\"text\":\"Baskara-Ratih menyapa warga\"}}\n", head, i % 5)
		else if (k == 8)
			printf("%s,\"type\":\"delete\",\"target\":{\"id\":\"k%d\"}}\n", head, i - 8)
		else
			printf("%s,\"type\":\"comment\",\"text\":\"Setuju sekali, mantap\",\"target\":{\"account\":\"GISA_Sukamakmur\",\"id\":\"gisa-%d\",\"text\":\"Program kerja GISA untuk warga\"}}\n", head, i % 3)
	}
}' > events.jsonl
expect_rc 0 "$N" ingest --quiet events.jsonl
[ "$(q "SELECT COUNT(*) FROM events")" -eq "$TOTAL" ] || fail "events not all ingested"
DELETES=$(q "SELECT COUNT(*) FROM events WHERE type = 'delete'")
JUDGE=$((TOTAL - DELETES))
[ "$(q "SELECT COUNT(*) FROM events WHERE deleted_at IS NOT NULL")" -gt 0 ] ||
	fail "no post marked deleted"

# A copy of the store, scanned once without interruption, as reference.
# The scan is killed once a few batches are committed.
sqlite3 "$NETRA_DB" ".backup ref.db"

"$N" scan --election "$ELECTION" --batch $BATCH > run1.out 2> run1.err &
pid=$!
i=0
while :; do
	c=$(q "SELECT COUNT(*) FROM verdicts" 2>/dev/null || echo 0)
	[ "${c:-0}" -ge $((5 * BATCH)) ] && break
	kill -0 "$pid" 2>/dev/null || break
	i=$((i + 1))
	[ $i -lt 1200 ] || { kill -9 "$pid"; fail "no verdict after 60 s"; }
	sleep 0.05
done
kill -9 "$pid" 2>/dev/null || {
	cat run1.out run1.err >&2
	fail "scan finished before it could be killed"
}
set +e
wait "$pid"
st=$?
set -e
[ "$st" -ne 0 ] || fail "the killed scan exited 0"
committed=$(q "SELECT COUNT(*) FROM verdicts")
echo "killed with $committed of $JUDGE verdicts committed"
[ "$committed" -gt 0 ] && [ "$committed" -lt "$JUDGE" ] ||
	fail "expected a partial scan, found $committed verdicts"
[ "$((committed % BATCH))" -eq 0 ] || fail "a partial batch was committed"

# The invariants that hold after every commit (set-based queries: the
# store may hold tens of thousands of findings).
consistent() {
	[ "$(q "SELECT COUNT(*) FROM (SELECT event_id FROM verdicts
		GROUP BY event_id HAVING COUNT(*) > 1)")" -eq 0 ] ||
		fail "an event judged twice"
	[ "$(q "SELECT COUNT(*) FROM verdicts v JOIN events e ON e.id = v.event_id
		WHERE e.type = 'delete'")" -eq 0 ] || fail "a delete event judged"
	[ "$(q "SELECT COUNT(*) FROM verdicts v WHERE v.labels <> 'none' AND
		NOT EXISTS (SELECT 1 FROM findings f WHERE f.verdict_id = v.id)")" -eq 0 ] ||
		fail "a breach verdict without its finding"
	[ "$(q "SELECT COUNT(*) FROM verdicts v WHERE v.labels = 'none' AND
		EXISTS (SELECT 1 FROM findings f WHERE f.verdict_id = v.id)")" -eq 0 ] ||
		fail "a finding on a clean verdict"
	[ "$(q "SELECT COUNT(*) FROM findings f LEFT JOIN verdicts v ON
		v.id = f.verdict_id WHERE v.id IS NULL OR v.event_id <> f.event_id")" -eq 0 ] ||
		fail "an orphan finding"
	[ "$(q "SELECT COUNT(*) FROM (SELECT event_id, rule FROM findings
		GROUP BY event_id, rule HAVING COUNT(*) > 1)")" -eq 0 ] ||
		fail "duplicate findings for one event and rule"
	# one audit 'create' row per finding, none for a finding not there
	[ "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND
		object LIKE 'finding:%'")" -eq "$(q "SELECT COUNT(*) FROM findings")" ] ||
		fail "audit 'create' rows and findings differ in number"
	[ "$(q "SELECT COUNT(DISTINCT object) FROM audit_log WHERE
		action = 'create' AND object LIKE 'finding:%' AND
		CAST(substr(object, 9) AS INTEGER) IN (SELECT id FROM findings)")" -eq \
	  "$(q "SELECT COUNT(*) FROM findings")" ] ||
		fail "a finding without its audit 'create' row"
	[ "$(q "SELECT COUNT(*) FROM (SELECT finding_id FROM finding_transitions
		WHERE action = 'create' GROUP BY finding_id HAVING COUNT(*) > 1)")" -eq 0 ] &&
	[ "$(q "SELECT COUNT(DISTINCT t.finding_id) FROM finding_transitions t
		JOIN findings f ON f.id = t.finding_id WHERE t.action = 'create'")" -eq \
	  "$(q "SELECT COUNT(*) FROM findings")" ] ||
		fail "a finding without exactly one creation transition"
}
consistent

expect_rc 0 "$N" scan
cat "$TMP/out"
contains "$TMP/out" "scan: $((JUDGE - committed)) events judged"
consistent
[ "$(q "SELECT COUNT(*) FROM events e WHERE e.type <> 'delete' AND
	NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.event_id = e.id)")" -eq 0 ] ||
	fail "an event not judged"
[ "$(q "SELECT COUNT(*) FROM verdicts")" -eq "$JUDGE" ] || fail "verdict count"
[ "$(q "SELECT COUNT(DISTINCT rulebook) FROM verdicts")" -eq 1 ] ||
	fail "the re-run judged under another rulebook"
[ "$(q "SELECT COUNT(*) FROM findings")" -gt 0 ] || fail "no findings at all"
[ "$(q "SELECT COUNT(*) FROM verdicts WHERE labels = 'none'")" -gt 0 ] ||
	fail "no clean verdict at all"

# The same outcome as an uninterrupted scan.
expect_rc 0 env NETRA_DB="$TMP/ref.db" "$N" scan --election "$ELECTION"
contains "$TMP/out" "scan: $JUDGE events judged"
dump() {
	sqlite3 "$1" "SELECT e.event_id, v.labels, v.candidate FROM verdicts v
		JOIN events e ON e.id = v.event_id ORDER BY e.event_id" > "$2"
	sqlite3 "$1" "SELECT e.event_id, f.rule, f.category, f.employee_id,
		f.unit_id, f.assigned_unit_id, f.group_id FROM findings f
		JOIN events e ON e.id = f.event_id ORDER BY e.event_id, f.rule" >> "$2"
}
dump "$NETRA_DB" killed.txt
dump ref.db ref.txt
cmp -s killed.txt ref.txt || {
	diff ref.txt killed.txt | head -20 >&2
	fail "the interrupted scan differs from an uninterrupted one"
}
# The campaign text copied by many staff is one story.
[ "$(q "SELECT COUNT(DISTINCT f.group_id) FROM findings f JOIN events e ON
	e.id = f.event_id WHERE e.text LIKE 'Mari dukung Gilang%'")" -eq 1 ] ||
	fail "the copied campaign text is not one group"
echo "scan_kill9: ok"
