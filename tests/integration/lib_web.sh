# tests/integration/lib_web.sh - a small fictional city for the tests of
# `netra serve` (web_api.sh, the browser tests in tests/web/) and helpers
# to start and stop the server on a free port of 127.0.0.1. Sourced after
# lib.sh. Not a test itself.
#
# web_fixture DIR  makes DIR/netra.db: 300 staff, 4,000 generated events
#                  plus two hostile posts (stored XSS attempts), users
#                  sari (bkpp, all units), bawaslu (bawaslu, all units),
#                  opd1 (reviewer of the OPD of the hostile posts) and
#                  opd2 (reviewer of another OPD), all with password
#                  $WEB_PASSWORD; debunks imported, scanned.
#                  Sets OPD1_UNIT, OPD2_UNIT, XSS_FINDING, OTHER_FINDING,
#                  CLEAN_EVENT and CLEAN_POST (a captured post of a staff
#                  member judged clean, and its URL).
# web_start        starts the server (NETRA_DB), sets WEB_URL and WEB_PID.
# web_stop         stops it (SIGTERM, by pid) and checks it exited 0.
: "${NETRA_BUILD:?NETRA_BUILD must name the build directory}"
WEB_PASSWORD="sandi-uji-web-2024"

web_q() { sqlite3 "$NETRA_DB" "$1"; }

web_fixture() {
	dir=$1
	mkdir -p "$dir"
	"$NETRA_BUILD/demo_gen" --out "$dir/city" --seed 5 --staff 300 \
		--events 4000 --election "$NETRA_SRC/data/demo/election.yaml" \
		>/dev/null 2>"$dir/gen.log" || fail "demo_gen: $(cat "$dir/gen.log")"
	"$NETRA_BIN" registry import --units "$dir/city/units.csv" \
		--employees "$dir/city/employees.csv" \
		--accounts "$dir/city/accounts.csv" >/dev/null ||
		fail "registry import"
	# the hostile posts come from an X account of a staff member below
	# an OPD (not a root unit); its OPD is opd1's, another OPD opd2's
	row=$(web_q "SELECT a.handle, t.code FROM accounts a
		JOIN employees e ON e.id = a.employee_id
		JOIN units u ON u.id = e.unit_id
		JOIN units t ON u.path LIKE t.path || '%' AND t.parent_id IS NULL
		WHERE a.platform = 'x' AND u.parent_id IS NOT NULL
		ORDER BY a.id LIMIT 1")
	handle=${row%%|*}
	OPD1_UNIT=${row##*|}
	OPD2_UNIT=$(web_q "SELECT t.code FROM units t WHERE t.parent_id IS NULL
		AND t.code <> '$OPD1_UNIT' AND t.code <> 'BKPP' AND EXISTS (
		SELECT 1 FROM employees e JOIN units u ON u.id = e.unit_id
		WHERE u.path LIKE t.path || '%') ORDER BY t.id LIMIT 1")
	[ -n "$handle" ] && [ -n "$OPD1_UNIT" ] && [ -n "$OPD2_UNIT" ] ||
		fail "fixture: no account/OPD to use"
	for u in "sari bkpp BKPP --all-units" "bawaslu bawaslu BKPP --all-units" \
		"opd1 opd $OPD1_UNIT" "opd2 opd $OPD2_UNIT"; do
		set -- $u
		echo "$WEB_PASSWORD" | "$NETRA_BIN" user add "$1" --role "$2" \
			--unit "$3" ${4:-} --operator >/dev/null || fail "user add $1"
	done
	cat >"$dir/hostile.jsonl" <<EOF
{"platform":"x","id":"990000000000000001","type":"post","account":"@$handle","created_at":"2024-10-07T09:00:00+07:00","text":"Ayo coblos nomor 2 <script>alert('xss')</script> tanggal 27!","url":"https://x.com/$handle/status/990000000000000001"}
{"platform":"x","id":"990000000000000002","type":"post","account":"@$handle","created_at":"2024-10-07T09:05:00+07:00","text":"Jangan lupa coblos nomor 1 \"><img src=x onerror=alert(1)> ya","url":"https://x.com/$handle/status/990000000000000002"}
EOF
	"$NETRA_BIN" ingest --quiet --rejects "$dir/rejects.jsonl" \
		"$dir/city/events.jsonl" "$dir/hostile.jsonl" >/dev/null 2>&1 ||
		fail "ingest"
	"$NETRA_BIN" hoax import "$NETRA_SRC/data/demo/debunks.jsonl" \
		>/dev/null || fail "hoax import"
	# the demo's pictures are fictional URLs nobody fetches: judge the
	# posts with pictures at once (docs/media.md, "Waiting for images")
	"$NETRA_BIN" scan --election "$NETRA_SRC/data/demo/election.yaml" \
		--media-grace 0 >/dev/null || fail "scan"
	XSS_FINDING=$(web_q "SELECT f.id FROM findings f JOIN events e
		ON e.id = f.event_id WHERE e.event_id = '990000000000000001'
		LIMIT 1")
	OTHER_FINDING=$(web_q "SELECT f.id FROM findings f JOIN units u
		ON u.id = f.unit_id, units t WHERE t.code = '$OPD1_UNIT'
		AND u.path NOT LIKE t.path || '%' LIMIT 1")
	[ -n "$XSS_FINDING" ] && [ -n "$OTHER_FINDING" ] ||
		fail "fixture: hostile post gave no finding"
	# a captured X post of a registered employee the engine judged clean
	row=$(web_q "SELECT ev.id || ' ' || ev.url FROM events ev JOIN
		accounts a ON a.id = ev.account_id WHERE a.employee_id IS NOT NULL
		AND ev.platform = 'x' AND ev.type = 'post' AND ev.url IS NOT NULL
		AND EXISTS (SELECT 1 FROM scan_marks m WHERE m.lo <= ev.id AND
		m.hi >= ev.id) AND
		NOT EXISTS (SELECT 1 FROM findings f WHERE f.event_id = ev.id)
		ORDER BY ev.id LIMIT 1")
	CLEAN_EVENT=${row%% *}
	CLEAN_POST=${row#* }
	[ -n "$CLEAN_EVENT" ] || fail "fixture: no clean captured X post"
	HANDLE=$handle
	WEB_DIR=$dir
	export OPD1_UNIT OPD2_UNIT XSS_FINDING OTHER_FINDING HANDLE WEB_PASSWORD \
		CLEAN_EVENT CLEAN_POST
}

web_start() {
	log="$TMP/serve.log"
	: >"$log" # a restart must not read the last server's address
	"$NETRA_BIN" serve --listen 127.0.0.1:0 --threads 2 "$@" \
		>/dev/null 2>"$log" &
	WEB_PID=$!
	# a failing check must not leave the server running
	trap 'kill "$WEB_PID" 2>/dev/null || true; '"$LIB_EXIT" EXIT
	i=0
	while ! grep -q "listening on" "$log" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || { cat "$log" >&2; fail "server did not start"; }
		kill -0 "$WEB_PID" 2>/dev/null ||
			{ cat "$log" >&2; fail "server exited"; }
		sleep 0.1
	done
	WEB_URL=$(sed -n 's/.*listening on \(http[^ ]*\)\/$/\1/p' "$log" | head -n 1)
	export WEB_URL
}

web_stop() {
	kill -TERM "$WEB_PID"
	set +e
	wait "$WEB_PID"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || { cat "$TMP/serve.log" >&2; fail "server exited $rc"; }
}
