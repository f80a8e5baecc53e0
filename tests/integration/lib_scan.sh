# tests/integration/lib_scan.sh - a fictional city for the scan tests
# (scan_kill9, scan_workers) and the invariants a store must keep after
# every committed scan batch. Sourced after lib.sh, in $TMP, with N set
# to the netra binary and q() querying the test's store.

# scan_city TOTAL STAFF: writes units.csv, employees.csv, accounts.csv and
# events.jsonl (TOTAL events of STAFF employees) in the current folder and
# imports the registry.
scan_city() {
	TOTAL=$1
	STAFF=$2
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
}

# MARKS_OF: the number of scan marks (migration 022) covering event e.
MARKS_OF="(SELECT COUNT(*) FROM scan_marks m WHERE m.block = e.id / 1024
	AND m.lo <= e.id AND m.hi >= e.id)"

# The invariants that hold after every commit (set-based queries: the
# store may hold tens of thousands of findings).
scan_consistent() {
	[ "$(q "SELECT COUNT(*) FROM (SELECT event_id FROM verdicts
		GROUP BY event_id HAVING COUNT(*) > 1) d")" -eq 0 ] ||
		fail "an event with two verdicts"
	[ "$(q "SELECT COUNT(*) FROM events e WHERE $MARKS_OF > 1")" -eq 0 ] ||
		fail "an event judged twice (two marks cover it)"
	[ "$(q "SELECT COUNT(*) FROM verdicts v JOIN events e ON e.id = v.event_id
		WHERE NOT EXISTS (SELECT 1 FROM scan_marks m WHERE
		m.block = e.id / 1024 AND m.rulebook = v.rulebook AND
		m.lo <= e.id AND m.hi >= e.id)")" -eq 0 ] ||
		fail "a verdict whose event no mark of its rulebook covers"
	[ "$(q "SELECT COUNT(*) FROM verdicts WHERE labels = 'none' AND
		candidate IS NULL AND score = 0 AND json LIKE '%\"findings\":[]%'")" -eq 0 ] ||
		fail "a verdict row for a clean verdict (its mark stands for it)"
	[ "$(q "SELECT COUNT(*) FROM scan_marks WHERE block <> lo / 1024 OR
		hi / 1024 <> block OR hi < lo OR judged > hi - lo + 1")" -eq 0 ] ||
		fail "a malformed scan mark"
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
		GROUP BY event_id, rule HAVING COUNT(*) > 1) d")" -eq 0 ] ||
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
		WHERE action = 'create' GROUP BY finding_id HAVING COUNT(*) > 1) d")" -eq 0 ] &&
	[ "$(q "SELECT COUNT(DISTINCT t.finding_id) FROM finding_transitions t
		JOIN findings f ON f.id = t.finding_id WHERE t.action = 'create'")" -eq \
	  "$(q "SELECT COUNT(*) FROM findings")" ] ||
		fail "a finding without exactly one creation transition"
}

# start_three CMD...: starts CMD three times in the background as
# $pid1..$pid3 (output in w1.out..w3.out, w1.err..w3.err). The second
# starts first and the others only once it holds a lease, so the one
# kill_second_mid_scan kills always has work when it is killed (started
# together, the other two could take every block before it had built its
# engine, and it would exit having judged nothing).
start_three() {
	"$@" > w2.out 2> w2.err &
	pid2=$!
	i=0
	until [ "$(q "SELECT COUNT(*) FROM scan_leases WHERE owner LIKE
		'%:$pid2:%'" 2>/dev/null || echo 0)" -gt 0 ]; do
		kill -0 "$pid2" 2>/dev/null || {
			cat w2.out w2.err >&2
			fail "the second scanner ended before it took a lease"
		}
		i=$((i + 1))
		[ $i -lt 2400 ] || fail "no lease after 120 s"
		sleep 0.02
	done
	"$@" > w1.out 2> w1.err &
	pid1=$!
	"$@" > w3.out 2> w3.err &
	pid3=$!
}

# kill_second_mid_scan WHAT: with three scanning processes started by
# start_three, kills the second with
# -9 while it holds the lease of a block it is judging (its owner is
# host:pid:random) after 2 * BATCH verdicts were committed, waits for all
# three and fails unless the killed one failed and the others succeeded.
# The second is frozen (SIGSTOP) while the store is looked at, so it
# cannot finish its block between the look and the kill; when it does not
# hold a lease yet it is let go on (SIGCONT) and looked at again.
# WHAT names them in messages ("scan", "worker").
kill_second_mid_scan() {
	i=0
	while :; do
		kill -STOP "$pid2" 2>/dev/null || {
			cat w2.out w2.err >&2
			fail "$1 2 finished before it could be killed"
		}
		c=$(q "SELECT COALESCE(SUM(judged), 0) FROM scan_marks" \
			2>/dev/null || echo 0)
		l=$(q "SELECT COUNT(*) FROM scan_leases WHERE owner LIKE
			'%:$pid2:%'" 2>/dev/null || echo 0)
		[ "${c:-0}" -ge $((2 * BATCH)) ] && [ "${l:-0}" -gt 0 ] && break
		kill -CONT "$pid2"
		i=$((i + 1))
		[ $i -lt 2400 ] || fail "no verdict after 120 s"
		sleep 0.02
	done
	kill -9 "$pid2"
	set +e
	wait "$pid2"; st2=$?
	wait "$pid1"; st1=$?
	wait "$pid3"; st3=$?
	set -e
	[ "$st2" -ne 0 ] || fail "the killed $1 exited 0"
	[ "$st1" -eq 0 ] && [ "$st3" -eq 0 ] || {
		cat w1.out w1.err w3.out w3.err >&2
		fail "a surviving $1 failed"
	}
}

# all_judged_once JUDGE: every event is covered by one scan mark (deletes
# too: they are read, not judged), the marks count JUDGE events judged in
# all, no lease is left, and the store keeps scan_consistent's invariants.
all_judged_once() {
	scan_consistent
	[ "$(q "SELECT COUNT(*) FROM events e WHERE $MARKS_OF <> 1")" -eq 0 ] ||
		fail "an event not judged"
	[ "$(q "SELECT SUM(judged) FROM scan_marks")" -eq "$1" ] ||
		fail "judged count in the marks"
	[ "$(q "SELECT COUNT(*) FROM scan_leases")" -eq 0 ] ||
		fail "a lease left behind"
}

# judge_calls_add_up JUDGE JUDGED_SED CALLS_SED FILE...: the summaries of
# the surviving processes (JUDGED_SED and CALLS_SED pick their verdicts
# written and judge calls): none judged an event it did not write (a
# process that lost a race for an event would show more calls than
# verdicts), so all the calls are the events plus the killed process's
# uncommitted batch at most; the killed one committed the rest of JUDGE.
judge_calls_add_up() {
	total=$1 js=$2 cs=$3
	shift 3
	calls=0
	judged=0
	for f in "$@"; do
		n=$(sed -n "$js" "$f")
		m=$(sed -n "$cs" "$f")
		[ -n "$n" ] && [ -n "$m" ] || { cat "$f" >&2; fail "no counts in $f"; }
		[ "$m" -eq "$n" ] || fail "$f: $m judge calls but $n verdicts written"
		calls=$((calls + m))
		judged=$((judged + n))
	done
	killed=$((total - judged))
	echo "the survivors made $calls judge calls for as many verdicts; the killed one committed $killed"
	[ "$killed" -ge 0 ] && [ "$killed" -lt "$total" ] || fail "counts do not add up"
}
