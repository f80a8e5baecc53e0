#!/bin/sh
# `netra worker` (issue 11): three workers take scan, notification and
# escalation work from one store (SQLite here, PostgreSQL as worker_pg),
# one is killed with -9 mid-scan, a fourth finishes what is left. Then:
# every event has its verdict, every finding exists once, the evidence log
# audits clean, and from each surviving worker's own counts no event was
# judged twice (judge calls = verdicts written), so all judge calls add up
# to the events plus at most the killed worker's uncommitted batch. Every
# notification is in one mail and every mail reached the fake SMTP server
# once. Three workers escalating at once (the clock a month on) escalate
# each overdue finding exactly once and notice the next deadline's miss
# once. An outbox row claimed by a dead worker is sent after its claim
# expires, and one under a live claim is left alone.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
ELECTION="$NETRA_SRC/tests/integration/fixtures/chain/election.yaml"
cp -R "$NETRA_SRC/data" "$TMP/data"
export NETRA_DATA="$TMP/data"
q() { sql "$1" || fail "query failed: $1"; }
. "$NETRA_SRC/tests/integration/lib_smtp.sh"
. "$NETRA_SRC/tests/integration/lib_scan.sh"
# at least a block of work (WF_SCAN_BLOCK ids) per worker and one more
TOTAL=8000
if grep -q '^NETRA_SANITIZE:BOOL=ON' "${NETRA_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
	TOTAL=3300
fi
BATCH=40
FROM=netra@bkpp.contoh.invalid

expect_rc 2 "$N" worker --jobs scan,mail
contains "$TMP/err" "'mail' is not scan, notify, escalate or media"
expect_rc 2 "$N" worker --threads 0

scan_city "$TOTAL" 90
for who in opd_a:opd:DINAS-A opd_b:opd:DINAS-B bk:bkpp:PEMKOT; do
	name=${who%%:*}; rest=${who#*:}
	echo "kata-sandi-rahasia-2024" | "$N" user add "$name" --role "${rest%%:*}" \
		--unit "${rest#*:}" --email "$name@contoh.invalid" --operator \
		>/dev/null || fail "user add $name"
done
expect_rc 0 "$N" ingest --quiet events.jsonl
JUDGE=$(q "SELECT COUNT(*) FROM events WHERE type <> 'delete'")
start_sink
SMTP="--smtp smtp://127.0.0.1:$PORT --from $FROM"

start_three "$N" worker --once --election "$ELECTION" --batch $BATCH \
	--threads 1 --lease-seconds 600 $SMTP
kill_second_mid_scan worker
# The killed worker's block is on this host and its process is gone: a
# fourth worker takes it at once.
expect_rc 0 "$N" worker --once --batch $BATCH --threads 1 $SMTP
cp "$TMP/out" w4.out
all_judged_once "$JUDGE"
[ "$(q "SELECT COUNT(*) FROM findings")" -gt 0 ] || fail "no findings"
# Judge calls from each surviving worker's summary (its log has them per
# round as well).
judge_calls_add_up "$JUDGE" 's/^scan: \([0-9]*\) events judged, .*/\1/p' \
	's/^scan: [0-9]* events judged, \([0-9]*\) judge calls.*/\1/p' \
	w1.out w3.out w4.out
expect_rc 0 "$N" evidence audit

# Mail: every notification queued once, every outbox row sent, each once.
[ "$(q "SELECT COUNT(*) FROM notifications WHERE queued_at IS NULL")" -eq 0 ] ||
	fail "a notification not put into a mail"
rows=$(q "SELECT COUNT(*) FROM outbox")
[ "$rows" -gt 0 ] || fail "no mail"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")" -eq 0 ] || fail "mail not sent"
[ "$(nmail)" -eq "$rows" ] || fail "$(nmail) mails received for $rows outbox rows"
[ "$(grep -h '^Message-ID:' mail/*.eml | sort | uniq -d | wc -l)" -eq 0 ] ||
	fail "a mail sent twice"
# each finding line once per recipient over all their mails
for f in mail/*.eml; do
	to=$(sed -n 's/^X-Envelope-To: <\(.*\)>.*/\1/p' "$f" | head -1)
	grep -o '^  #[0-9]*  ' "$f" | sed "s/^/$to /"
done | sort | uniq -d > dup.txt
[ ! -s dup.txt ] || { head dup.txt >&2; fail "a finding in two mails to one reviewer"; }
[ "$(grep -c '^  #[0-9]*  ' mail/*.eml | awk -F: '{s += $2} END {print s}')" -eq \
  "$(q "SELECT COUNT(*) FROM notifications n JOIN users u ON u.unit_id = n.unit_id
	AND u.email IS NOT NULL")" ] || fail "finding lines and notifications differ"

# Escalation: a month on, three workers at once; each overdue finding goes
# up once (DINAS-* to PEMKOT) and its next missed deadline is noticed once.
LATER=$(($(date +%s) + 40 * 86400))
open=$(q "SELECT COUNT(*) FROM findings WHERE state = 'baru'")
for w in 1 2 3; do
	NETRA_TEST_CLOCK=$LATER "$N" worker --once --jobs escalate,notify $SMTP \
		> "e$w.out" 2> "e$w.err" &
	eval "pid$w=\$!"
done
for w in 1 2 3; do
	eval "wait \$pid$w" || { cat "e$w.out" "e$w.err" >&2; fail "escalating worker $w failed"; }
done
expect_rc 0 env NETRA_TEST_CLOCK=$LATER "$N" worker --once --jobs escalate,notify $SMTP
[ "$(q "SELECT COUNT(*) FROM finding_transitions WHERE action = 'escalate'")" -eq "$open" ] ||
	fail "not one escalation per open finding"
[ "$(q "SELECT COUNT(*) FROM (SELECT finding_id FROM finding_transitions
	WHERE action = 'escalate' GROUP BY finding_id HAVING COUNT(*) > 1) d")" -eq 0 ] ||
	fail "a finding escalated twice"
[ "$(q "SELECT COUNT(*) FROM findings WHERE escalations <> 1 AND state = 'baru'")" -eq 0 ] ||
	fail "escalations column"
[ "$(q "SELECT COUNT(*) FROM audit_log WHERE action = 'overdue'")" -eq "$open" ] ||
	fail "not one overdue notice per finding"
esc=$(cat e1.out e2.out e3.out "$TMP/out" | sed -n 's/^escalate: escalated \([0-9]*\),.*/\1/p' |
	awk '{s += $1} END {print s}')
[ "$esc" -eq "$open" ] || fail "workers report $esc escalations for $open findings"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")" -eq 0 ] || fail "mail not sent"
[ "$(nmail)" -eq "$(q "SELECT COUNT(*) FROM outbox")" ] || fail "mail count after escalation"
[ "$(grep -h '^Message-ID:' mail/*.eml | sort | uniq -d | wc -l)" -eq 0 ] ||
	fail "a mail sent twice"
grep -l "eskalasi" mail/*.eml >/dev/null || fail "no escalation mail"
expect_rc 0 "$N" evidence audit

# Claims: a row claimed by a worker that died (claim expired) is sent; one
# under another worker's live claim is not.
NOW=$(date +%s)
q "INSERT INTO outbox(recipient, subject, body, created_at, claimed_by,
	claim_expires_at) VALUES ('opd_a@contoh.invalid', 'mati', 'isi', $NOW,
	'elsewhere:1:dead', $((NOW - 5))), ('opd_b@contoh.invalid', 'hidup', 'isi',
	$NOW, 'elsewhere:2:live', $((NOW + 3600)))" >/dev/null
before=$(nmail)
expect_rc 0 "$N" worker --once --jobs notify $SMTP
[ "$(nmail)" -eq $((before + 1)) ] || fail "the expired claim's mail not sent once"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE subject = 'mati' AND sent_at IS NOT NULL")" -eq 1 ] ||
	fail "expired claim not taken over"
[ "$(q "SELECT COUNT(*) FROM outbox WHERE subject = 'hidup' AND sent_at IS NULL
	AND claimed_by = 'elsewhere:2:live'")" -eq 1 ] || fail "a live claim was taken"
stop_sink
echo "worker: ok"
