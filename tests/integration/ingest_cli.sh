#!/bin/sh
# `netra ingest` end to end: every format, the summary, the reject files,
# re-ingest idempotence, stdin, and the exit codes (0 when the input was
# read even with rejects; 1 when a file cannot be read or every record in
# it is rejected; 2 on a usage error).
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

expect_rc 0 "$N" registry import --units "$FX/units.csv" \
	--employees "$FX/employees.csv" --accounts "$FX/accounts.csv"

expect_rc 0 "$N" ingest --help
contains "$TMP/out" "usage: netra ingest"
expect_rc 2 "$N" ingest
expect_rc 2 "$N" ingest --format xml "$FX/events.jsonl"
expect_rc 2 "$N" ingest --batch 0 "$FX/events.jsonl"
expect_rc 2 "$N" ingest --no-such-option "$FX/events.jsonl"

# Generic JSONL: counts in the summary, file:line errors, the reject file.
expect_rc 0 "$N" ingest "$FX/events.jsonl"
contains "$TMP/out" "(jsonl)"
grep -Eq "read +8$" "$TMP/out" || fail "read count: $(cat "$TMP/out")"
grep -Eq "ingested +4$" "$TMP/out" || fail "ingested count"
grep -Eq "duplicates +1 " "$TMP/out" || fail "duplicates count"
grep -Eq "skipped +1 " "$TMP/out" || fail "skipped count"
# the default reject file is named after the input's whole path
REJ="netra-rejects-$(printf '%s' "$FX/events.jsonl" | sed 's/%/%25/g; s|/|%2F|g').jsonl"
contains "$TMP/out" "kept in $REJ"
contains "$TMP/err" "events.jsonl:6: not JSON"
contains "$TMP/err" "events.jsonl:7: type comment needs a target"
[ "$(wc -l < "$REJ")" -eq 2 ] || fail "reject lines"
[ "$(stat -c %a "$REJ")" = 600 ] || fail "the reject file is not 0600"
[ "$(sed -n 1p "$REJ")" = "$(sed -n 6p "$FX/events.jsonl")" ] ||
	fail "the reject is not the line verbatim"
[ "$(q "SELECT COUNT(*) FROM events")" -eq 4 ] || fail "events stored"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = 'j-1' AND deleted_at IS NOT NULL")" -eq 1 ] ||
	fail "the delete did not mark j-1"

# Again: nothing new, everything a duplicate; --json summary.
expect_rc 0 "$N" ingest --json --quiet "$FX/events.jsonl"
contains "$TMP/out" '"read":8,"ingested":0,"duplicates":5,"skipped":1,"rejected":2'
[ ! -s "$TMP/err" ] || fail "--quiet printed: $(cat "$TMP/err")"
[ "$(q "SELECT COUNT(*) FROM events")" -eq 4 ] || fail "re-ingest added rows"

# Every platform format, detected, in one run; an explicit reject file.
expect_rc 0 "$N" ingest --json --rejects all-rejects.jsonl "$FX/x.json" \
	"$FX/meta.jsonl" "$FX/tiktok.json" "$FX/events.csv"
contains "$TMP/out" '"format":"x","read":6,"ingested":4,'
contains "$TMP/out" '"format":"meta","read":5,"ingested":3,'
contains "$TMP/out" '"format":"tiktok","read":3,"ingested":1,'
contains "$TMP/out" '"format":"csv","read":6,"ingested":3,'
[ "$(wc -l < all-rejects.jsonl)" -eq 6 ] || fail "explicit reject file"
[ "$(q "SELECT COUNT(*) FROM events")" -eq 15 ] || fail "events after all formats"
[ "$(q "SELECT COUNT(*) FROM events WHERE platform = 'facebook' AND account = '100000000000001'")" -eq 1 ] ||
	fail "facebook post by a profile.php?id= account"

# Standard input, with the format given.
expect_rc 0 sh -c "cat '$FX/tiktok.json' | '$N' ingest --json --format tiktok -"
contains "$TMP/out" '"file":"stdin","format":"tiktok","read":3,"ingested":0,"duplicates":1'

# Exit 1: a missing file, an undetectable file, every record rejected.
expect_rc 1 "$N" ingest "$TMP/missing.jsonl"
contains "$TMP/err" "missing.jsonl"
printf '{"hello":"world"}\n' > odd.json
expect_rc 1 "$N" ingest odd.json
contains "$TMP/err" "cannot detect the format"
printf 'not json\n{"platform":"x"}\n' > bad.jsonl
expect_rc 1 "$N" ingest bad.jsonl
contains "$TMP/err" "every record was rejected"
contains "$TMP/err" "bad.jsonl:2: missing id"
# ... but a file with one good record among bad ones is a success.
printf 'not json\n{"platform":"x","id":"z-1","type":"post","account":"rina_w"}\n' > mixed.jsonl
expect_rc 0 "$N" ingest mixed.jsonl
# An empty file reads fine.
: > empty.jsonl
expect_rc 0 "$N" ingest empty.jsonl
echo "ingest_cli: ok"
