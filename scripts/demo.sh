#!/bin/sh
# scripts/demo.sh - what `make demo` runs after building build/netra: makes
# the fictional demo city (build/demo_gen) in ./demo/ unless it is there
# already, loads it into a fresh demo/netra.db, runs every later stage of
# the chain this build has (hoax import, scan, escalate, report), and prints
# what the head of BKPP wants to see, in Bahasa Indonesia: findings per OPD
# and per category. docs/demo.md describes the city and the output.
#
# Environment: NETRA_BUILD (default build), NETRA_BIN (default
# $NETRA_BUILD/netra), DEMO_DIR (default demo), DEMO_SEED (1), DEMO_STAFF
# (10000), DEMO_EVENTS (300000), DEMO_SERVE (1: end by serving the web
# application on DEMO_LISTEN, default 127.0.0.1:8080, until Ctrl-C; 0: not).
set -eu
cd "$(dirname "$0")/.."

BUILD=${NETRA_BUILD:-build}
NETRA=${NETRA_BIN:-$BUILD/netra}
GEN=$BUILD/demo_gen
DIR=${DEMO_DIR:-demo}
SEED=${DEMO_SEED:-1}
STAFF=${DEMO_STAFF:-10000}
EVENTS=${DEMO_EVENTS:-300000}
PROFILE=data/demo/election.yaml
DEBUNKS=data/demo/debunks.jsonl
DB=$DIR/netra.db
failed=""
# "Kota Tirtamaya": left out of OPD names in the tables (SQL-quoted).
REGION_NAME=$(sed -n 's/^ *region: *//p' "$PROFILE" | head -n 1)
REGION=$(printf '%s' "$REGION_NAME" | sed "s/'/''/g")

for f in "$NETRA" "$GEN"; do
	if [ ! -x "$f" ]; then
		echo "demo: $f is not built (run make first)" >&2
		exit 1
	fi
done

say() { printf '\n== %s\n' "$*"; }
has() { "$NETRA" "$1" --help >/dev/null 2>&1; }
netra() { "$NETRA" --db "$DB" "$@"; }

# A stage that may fail: say so, remember it, and go on with the rest.
stage() {
	if "$@"; then
		return 0
	fi
	echo "demo: GAGAL: $*" >&2
	failed="$failed
  $*"
	return 1
}

# Maps every unit to its top-level unit (the OPD or kecamatan).
TOP_SQL="WITH RECURSIVE up(id, top) AS (
  SELECT id, id FROM units WHERE parent_id IS NULL
  UNION ALL SELECT u.id, up.top FROM units u JOIN up ON u.parent_id = up.id)"

# Before scan exists: staff, accounts and captured activity per OPD.
activity_per_opd() {
	if has scan; then
		echo "Pemindaian (netra scan) gagal, jadi belum ada temuan."
	else
		echo "Pemindaian (netra scan) belum tersedia di build ini, jadi"
		echo "belum ada temuan."
	fi
	echo "Aktivitas yang sudah tercatat per OPD:"
	echo
	if ! command -v sqlite3 >/dev/null 2>&1; then
		netra registry show
		return
	fi
	sqlite3 -header -column "$DB" "$TOP_SQL
SELECT substr(replace(t.name, ' $REGION', ''), 1, 48) AS OPD,
       count(DISTINCT e.id) AS Pegawai,
       count(DISTINCT a.id) AS Akun,
       count(ev.id) AS Aktivitas
FROM units t JOIN up ON up.top = t.id
LEFT JOIN employees e ON e.unit_id = up.id
LEFT JOIN accounts a ON a.employee_id = e.id
LEFT JOIN events ev ON ev.account_id = a.id
GROUP BY t.id ORDER BY Aktivitas DESC, OPD;"
}

# Prints `netra report --format csv` (table units) as a table with
# Indonesian headings; columns are found by name in the CSV header.
print_report_csv() {
	awk -F, -v region="$REGION_NAME" '
	function cell(row, name) { return (name in col) ? row[col[name]] : "-" }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		# unit names may be quoted and hold commas: rebuild the row
		n = 0; line = $0
		while (length(line) > 0) {
			if (substr(line, 1, 1) == "\"") {
				match(line, /^"([^"]|"")*"/)
				f = substr(line, 2, RLENGTH - 2)
				gsub(/""/, "\"", f)
				line = substr(line, RLENGTH + 2)
			} else {
				k = index(line, ",")
				f = k ? substr(line, 1, k - 1) : line
				line = k ? substr(line, k + 1) : ""
			}
			r[++n] = f
		}
		name = cell(r, "unit_name")
		k = length(name) - length(region)
		if (region != "" && k > 1 && substr(name, k) == " " region)
			name = substr(name, 1, k - 1)
		rows[NR] = sprintf("%-48.48s %9s %9s %9s %9s %9s", name, cell(r, "support"),
			cell(r, "attack"), cell(r, "hate_speech"),
			cell(r, "hoax"), cell(r, "total"))
		tot[1] += cell(r, "support"); tot[2] += cell(r, "attack")
		tot[3] += cell(r, "hate_speech"); tot[4] += cell(r, "hoax")
		tot[5] += cell(r, "total")
	}
	END {
		printf "%-48s %9s %9s %9s %9s %9s\n", "OPD", "Dukungan",
			"Serangan", "SARA", "Hoaks", "Jumlah"
		for (i = 2; i <= NR; i++) print rows[i]
		printf "%-48s %9d %9d %9d %9d %9d\n", "JUMLAH", tot[1], tot[2],
			tot[3], tot[4], tot[5]
	}' "$1"
}

# Findings per OPD and category: from `netra report --format csv` when
# this build has it, else straight from the store.
findings_per_opd() {
	echo "Temuan per OPD dan kategori: POTENSI pelanggaran netralitas ASN"
	echo "untuk ditinjau berjenjang oleh atasan langsung, bukan putusan."
	echo
	if has report && netra report --format csv >"$DIR/report.csv"; then
		print_report_csv "$DIR/report.csv"
		return
	fi
	sqlite3 -header -column "$DB" "$TOP_SQL
SELECT substr(replace(t.name, ' $REGION', ''), 1, 48) AS OPD,
       sum(f.category = 'support') AS Dukungan,
       sum(f.category = 'attack') AS Serangan,
       sum(f.category = 'hate_speech') AS SARA,
       sum(f.category = 'hoax') AS Hoaks,
       count(*) AS Jumlah
FROM findings f JOIN up ON up.id = f.unit_id JOIN units t ON t.id = up.top
GROUP BY t.id ORDER BY Jumlah DESC, OPD;"
}

# For developers: how many of the breaches planted by the generator
# (demo/truth.csv) became findings, per kind, and how many harmless
# look-alikes were flagged anyway.
planted_vs_found() {
	command -v sqlite3 >/dev/null 2>&1 || return 0
	echo
	echo "Catatan pengembang: pelanggaran yang ditanam generator vs temuan"
	sqlite3 -header -column ":memory:" <<EOF
ATTACH '$DB' AS s;
CREATE TABLE truth(platform TEXT, id TEXT, label TEXT, candidate INT,
                   kind TEXT);
.import --csv --skip 1 $DIR/truth.csv truth
CREATE INDEX truth_id ON truth(platform, id);
CREATE TABLE flagged(id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO flagged SELECT event_id FROM s.findings;
SELECT t.label AS label, t.kind AS jenis, count(*) AS ditanam,
       sum(ev.id IN flagged) AS ditemukan
FROM truth t JOIN s.events ev
  ON ev.platform = t.platform AND ev.event_id = t.id
GROUP BY t.label, t.kind ORDER BY t.label = 'none', ditanam DESC;
SELECT count(*) AS 'aktivitas lain yang ditandai'
FROM flagged JOIN s.events ev ON ev.id = flagged.id
WHERE NOT EXISTS (SELECT 1 FROM truth t
                  WHERE t.platform = ev.platform AND t.id = ev.event_id);
EOF
}

start=$(date +%s)
say "Kota demo fiktif di $DIR/"
stamp="seed=$SEED staff=$STAFF events=$EVENTS $(cksum <"$PROFILE")\
 $(cksum <"$DEBUNKS") $(cksum <"$GEN")"
if [ -f "$DIR/events.jsonl" ] &&
	[ "$(cat "$DIR/.stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "sudah ada (hapus $DIR/ untuk membuat ulang)"
else
	mkdir -p "$DIR"
	rm -f "$DIR/.stamp"
	"$GEN" --out "$DIR" --seed "$SEED" --staff "$STAFF" \
		--events "$EVENTS" --election "$PROFILE" --debunks "$DEBUNKS"
	printf '%s\n' "$stamp" >"$DIR/.stamp"
fi

say "Registri pegawai (netra registry import) ke $DB yang baru"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR/rejects.jsonl"
netra registry import --units "$DIR/units.csv" \
	--employees "$DIR/employees.csv" --accounts "$DIR/accounts.csv"

say "Aktivitas media sosial (netra ingest)"
# A few malformed lines are planted on purpose: ingest names each one in
# the log and keeps it in the reject file; the rest goes in.
if ! netra ingest --rejects "$DIR/rejects.jsonl" "$DIR/events.jsonl" \
	2>"$DIR/ingest.log"; then
	cat "$DIR/ingest.log" >&2
	exit 1
fi
n=$(grep -c . "$DIR/ingest.log" || true)
[ "$n" -eq 0 ] || echo "($n baris catatan dan penolakan di $DIR/ingest.log)"

# Reviewers: BKPP (every unit: the demo's OPDs are all roots of the
# registry, BKPP one of them), a Bawaslu liaison, and the head of each OPD
# as its unit's reviewer. Every demo user has the password DEMO_PASSWORD.
# The first BKPP user is added from the operator's console (--operator,
# recorded with the OS user); then sari, authenticated by her password
# (--password-file), adds the others, and every reviewer acts with theirs.
PASSWORD=${DEMO_PASSWORD:-demo-netra-2024}
PWFILE="$DIR/.demo-password"
(umask 077 && printf '%s\n' "$PASSWORD" >"$PWFILE")
add_users() {
	echo "$PASSWORD" | netra user add sari --role bkpp --unit BKPP \
		--all-units --email sari@bkpp.tirtamaya.example --operator >/dev/null
	echo "$PASSWORD" | netra user add bawaslu --role bawaslu --unit BKPP \
		--all-units --email liaison@bawaslu.tirtamaya.example \
		--as sari --password-file "$PWFILE" >/dev/null
	n=0
	for code in $(awk -F, 'NR > 1 && $3 == "" && $1 != "BKPP" {print $1}' \
		"$DIR/units.csv"); do
		name=$(printf '%s' "opd-$code" | tr 'A-Z' 'a-z')
		echo "$PASSWORD" | netra user add "$name" --role opd --unit "$code" \
			--email "$name@tirtamaya.example" \
			--as sari --password-file "$PWFILE" >/dev/null
		n=$((n + 1))
	done
	echo "sari (BKPP), bawaslu (Bawaslu) dan $n peninjau OPD (opd-<kode>);"
	echo "kata sandi demo: $PASSWORD"
}

# One finding through the whole review, up the organisation: the OPD
# reviews and confirms, BKPP verifies and forwards to Bawaslu, and the
# Bawaslu liaison exports the evidence and checks it offline.
review_walkthrough() {
	command -v sqlite3 >/dev/null 2>&1 || return 0
	row=$(sqlite3 "$DB" "SELECT f.id, lower(u.code) FROM findings f
		JOIN units u ON u.id = f.assigned_unit_id
		WHERE f.category = 'support' AND f.state = 'baru'
		AND u.code <> 'BKPP' ORDER BY f.id LIMIT 1")
	[ -n "$row" ] || return 0
	fid=${row%%|*}
	opd="opd-${row#*|}"
	P="--password-file $PWFILE"
	# shellcheck disable=SC2086 # $P is two words on purpose
	netra finding show "$fid" --as "$opd" $P | head -n 14
	netra finding review "$fid" --as "$opd" $P >/dev/null &&
	netra finding confirm "$fid" --as "$opd" $P \
		--reason "Akun milik pegawai; unggahan mengajak memilih" >/dev/null &&
	netra finding verify "$fid" --as sari $P >/dev/null &&
	netra finding forward "$fid" --as sari $P \
		--reason "Direkomendasikan ke Bawaslu untuk klarifikasi" >/dev/null &&
	echo "temuan #$fid: ditinjau dan dikonfirmasi oleh $opd, diverifikasi" \
		"dan diteruskan oleh BKPP (sari)" || return 1
	rm -rf "$DIR/bukti-$fid"
	netra evidence export "$fid" "$DIR/bukti-$fid" --as bawaslu $P >/dev/null &&
	netra evidence verify "$DIR/bukti-$fid" --key "$(netra evidence pubkey)" |
		head -n 3
}

scanned=0
if has user; then
	say "Pengguna (netra user add)"
	stage add_users || true
fi
if has hoax; then
	say "Hoaks yang sudah dibantah (netra hoax import)"
	stage netra hoax import "$DEBUNKS" || true
fi
if has scan; then
	# The demo's pictures are fictional URLs (cdn.demo.example) nobody
	# fetches; their text comes with the events: judge at once instead of
	# waiting for `netra media fetch` (docs/media.md).
	say "Pemindaian (netra scan --election $PROFILE --media-grace 0)"
	if stage netra scan --election "$PROFILE" --media-grace 0; then
		scanned=1
	fi
fi
if has escalate; then
	say "Eskalasi temuan yang lewat tenggat (netra escalate)"
	stage netra escalate || true
fi
if [ "$scanned" -eq 1 ]; then
	say "Satu temuan ditinjau berjenjang sampai diteruskan ke Bawaslu"
	stage review_walkthrough || true
	netra report --format html >"$DIR/laporan.html" &&
		echo "Laporan HTML: $DIR/laporan.html"
fi

say "Ringkasan untuk Kepala BKPP"
if has stats; then
	stage netra stats || true
	echo
fi
if [ "$scanned" -eq 1 ]; then
	stage findings_per_opd || true
	stage planted_vs_found || true
else
	stage activity_per_opd || true
fi

echo
echo "Selesai dalam $(($(date +%s) - start)) detik. Basis data: $DB"
if [ -n "$failed" ]; then
	echo "Tahap yang gagal:$failed" >&2
	exit 1
fi

# Last, the web application over the demo city until Ctrl-C
# (DEMO_SERVE=0 skips it; DEMO_LISTEN changes the address).
if [ "${DEMO_SERVE:-1}" != 0 ] && has serve; then
	opd=$(sqlite3 "$DB" "SELECT u.name FROM users u JOIN findings f
		ON f.assigned_unit_id = u.unit_id WHERE u.role = 'opd'
		GROUP BY u.name ORDER BY COUNT(*) DESC LIMIT 1" 2>/dev/null || true)
	listen=${DEMO_LISTEN:-127.0.0.1:8080}
	say "Aplikasi web (netra serve) di http://$listen/"
	echo "Masuk sebagai (kata sandi semuanya: $PASSWORD):"
	echo "  BKPP    : sari"
	echo "  OPD     : ${opd:-opd-<kode OPD>}"
	echo "  Bawaslu : bawaslu"
	echo "Tanpa masuk: /cek (Cek sebelum unggah), /lapor (Laporan"
	echo "masyarakat), /pedoman. Tekan Ctrl-C untuk berhenti."
	exec "$NETRA" --db "$DB" serve --listen "$listen"
fi
