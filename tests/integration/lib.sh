# tests/integration/lib.sh - shared helpers for the integration tests (not a
# test itself: ctest runs only files without a leading "lib").
# Sourced with `. "$NETRA_SRC/tests/integration/lib.sh"`.
set -eu
: "${NETRA_BIN:?NETRA_BIN must name the netra binary}"
: "${NETRA_SRC:?NETRA_SRC must name the source tree}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/netra-test.XXXXXX")
# What the exit trap runs; a lib that starts a server adds its own
# cleanup before it: trap "kill ...; $LIB_EXIT" EXIT.
LIB_EXIT='rm -rf "$TMP"'
trap "$LIB_EXIT" EXIT
export NETRA_DB="$TMP/netra.db"


# skip REASON: ends the test as skipped. 77 is the SKIP_RETURN_CODE that
# CMakeLists.txt sets on every integration test, so ctest reports
# "Skipped" (never "Passed") when an input such as ../shared is missing.
skip() {
	echo "SKIPPED: $*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_rc CODE CMD...: runs CMD, fails unless it exits with CODE.
expect_rc() {
	want=$1
	shift
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || {
		cat "$TMP/out" "$TMP/err" >&2
		fail "'$*' exited $got, expected $want"
	}
}

# contains FILE TEXT: fails unless FILE contains TEXT.
contains() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "$1 does not contain '$2'"
	}
}

# With NETRA_TEST_STORE=postgres the test runs on a fresh database of the
# throw-away server that ctest's pg/start fixture started
# (scripts/pg_server.sh; $NETRA_TEST_PG is its state file), dropped at exit.
# sql QUERY prints the result rows (columns joined by '|'), whichever store;
# $SQL_CHR names the SQL function from a code point to its character.
STORE_SERIAL=0
if [ "${NETRA_TEST_STORE:-sqlite}" = postgres ]; then
	command -v psql >/dev/null || fail "psql missing (Debian postgresql-client)"
	PG_ADMIN=$(sed -n 1p "${NETRA_TEST_PG:?NETRA_TEST_PG must name the pg_server state file}")
	PG_NAME="t_$(basename "$TMP" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
	PG_DBS=""
	LIB_EXIT='for d in $PG_DBS; do psql -q -X -d "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done; rm -rf "$TMP"'
	trap "$LIB_EXIT" EXIT
	# A database has no folder to keep the signing key beside: name one.
	export NETRA_EVIDENCE_KEY="$TMP/evidence.key"
	sql() { psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$NETRA_DB" -c "$1"; }
	SQL_CHR=chr # the character with a code point, in test SQL
else
	sql() { sqlite3 "$NETRA_DB" "$1"; }
	SQL_CHR=char
fi

# fresh_store: points NETRA_DB at a new, empty store of the test's backend
# (a new SQLite file, or a new database on the PostgreSQL server).
fresh_store() {
	STORE_SERIAL=$((STORE_SERIAL + 1))
	if [ "${NETRA_TEST_STORE:-sqlite}" = postgres ]; then
		d="${PG_NAME}_$STORE_SERIAL"
		psql -q -X -d "$PG_ADMIN" -c "CREATE DATABASE $d" >/dev/null ||
			fail "cannot create database $d"
		PG_DBS="$PG_DBS $d"
		export NETRA_DB="${PG_ADMIN%/*}/$d"
		export NETRA_EVIDENCE_KEY="$TMP/evidence$STORE_SERIAL.key"
	else
		export NETRA_DB="$TMP/store$STORE_SERIAL.db"
	fi
}
if [ "${NETRA_TEST_STORE:-sqlite}" = postgres ]; then
	fresh_store
fi

# Authentication (docs/workflow.md, "Authentication"): acting --as a user
# needs that user's password or personal token.
# login NAME PASSWORD: NAME proves its password once and gets a personal
# token, kept in $TMP/tok.NAME (its password in $TMP/pw.NAME, mode 0600).
login() {
	printf '%s\n' "$2" >"$TMP/pw.$1"
	chmod 600 "$TMP/pw.$1"
	"$NETRA_BIN" user token "$1" --as "$1" --password-file "$TMP/pw.$1" \
		>"$TMP/tok.$1" || fail "login $1"
}

# auth CMD...: runs CMD with $NETRA_TOKEN set to the token of the user its
# --as names (after `login`); CMD runs unauthenticated when there is none.
auth() {
	_who=
	_prev=
	for _a in "$@"; do
		[ "$_prev" = "--as" ] && _who=$_a
		_prev=$_a
	done
	if [ -n "$_who" ] && [ -f "$TMP/tok.$_who" ]; then
		NETRA_TOKEN=$(cat "$TMP/tok.$_who") "$@"
	else
		"$@"
	fi
}

# registry_x N: imports a registry of N active x accounts
# pegawai_00001..pegawai_<N> (the authors gen_events.awk writes), one
# employee each, in one unit UJI; the CSV files stay in the current folder.
registry_x() {
	printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
	awk -v n="$1" 'BEGIN {
		print "nip,name,position,unit_code,status,supervisor_nip" > "employees.csv"
		print "nip,platform,handle" > "accounts.csv"
		for (i = 1; i <= n; i++) {
			nip = sprintf("1985%02d%02d201001%d001", 1 + i % 12,
				      1 + int(i / 12) % 28, 1 + i % 2)
			printf("%s,Pegawai %d,Staf,UJI,PNS,\n", nip, i) > "employees.csv"
			printf("%s,x,pegawai_%05d\n", nip, i) > "accounts.csv"
		}
	}'
	expect_rc 0 "$NETRA_BIN" registry import --units units.csv \
		--employees employees.csv --accounts accounts.csv
}

# sqlite_lock_hold: a sqlite3 shell takes the SQLite store's write lock
# (BEGIN EXCLUSIVE, as a concurrent writer would) and holds it; returns
# once it does. LOCK_HOLDER is its pid; sqlite_lock_release ends it.
sqlite_lock_hold() {
	rm -f "$TMP/hold"
	mkfifo "$TMP/hold"
	sqlite3 "$NETRA_DB" <"$TMP/hold" >/dev/null 2>&1 &
	LOCK_HOLDER=$!
	exec 3>"$TMP/hold"
	printf 'BEGIN EXCLUSIVE;\nINSERT INTO settings(key, value) VALUES (%s, %s);\n' \
		"'test.lock'" "'1'" >&3
	_i=0
	while sqlite3 -cmd ".timeout 0" "$NETRA_DB" "BEGIN IMMEDIATE; ROLLBACK;" \
		>/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || fail "the sqlite3 shell did not take the lock"
		sleep 0.05
	done
}
# sqlite_lock_release: the shell rolls back and exits.
sqlite_lock_release() {
	printf 'ROLLBACK;\n.quit\n' >&3
	exec 3>&-
	wait "$LOCK_HOLDER" || true
}

# kill9_at PID QUERY MIN: kill -9 PID once QUERY (a count) reaches MIN;
# fails if PID ends first or the count is not reached in 120 s. Waits for
# PID and fails if it exited 0.
kill9_at() {
	_i=0
	while :; do
		_c=$(sql "$2" 2>/dev/null || echo 0)
		[ "${_c:-0}" -ge "$3" ] && break
		kill -0 "$1" 2>/dev/null || break
		_i=$((_i + 1))
		[ $_i -lt 2400 ] || { kill -9 "$1"; fail "too slow: $_c rows after 120 s"; }
		sleep 0.05
	done
	kill -9 "$1" 2>/dev/null || fail "it finished before it could be killed"
	set +e
	wait "$1"
	_st=$?
	set -e
	[ "$_st" -ne 0 ] || fail "the killed process exited 0"
}
