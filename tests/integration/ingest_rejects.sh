#!/bin/sh
# Reject files of `netra ingest` (issue 8): one per input, named after
# the input's whole path so two inputs never share one (a/events.jsonl
# and b/events.jsonl each keep their own), and written to disk with each
# batch commit, so after kill -9 every reject read before a committed
# batch is in its file.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

registry_x 200

# Two inputs with the same file name in two folders.
mkdir a b
printf '{"platform":"x","id":"a-1","type":"post","account":"pegawai_00001"}\nrusak dari a\n' > a/events.jsonl
printf 'rusak dari b\n{"platform":"x","id":"b-1","type":"post","account":"pegawai_00002"}\n' > b/events.jsonl
expect_rc 0 "$N" ingest a/events.jsonl b/events.jsonl
contains "$TMP/out" "kept in netra-rejects-a%2Fevents.jsonl.jsonl"
contains "$TMP/out" "kept in netra-rejects-b%2Fevents.jsonl.jsonl"
[ "$(cat netra-rejects-a%2Fevents.jsonl.jsonl)" = "rusak dari a" ] ||
	fail "a's rejects: $(cat netra-rejects-a%2Fevents.jsonl.jsonl)"
[ "$(cat netra-rejects-b%2Fevents.jsonl.jsonl)" = "rusak dari b" ] ||
	fail "b's rejects: $(cat netra-rejects-b%2Fevents.jsonl.jsonl)"
# stdin has its own name
expect_rc 0 sh -c "cat a/events.jsonl | '$N' ingest -"
contains "$TMP/out" "kept in netra-rejects-stdin.jsonl"

# kill -9: 40 bad lines among the first events, then 200,000 good ones
# in batches of 2000; kill once a batch has committed.
awk 'BEGIN { for (i = 1; i <= 40; i++) printf("rusak %d\n", i) }' > big.jsonl
awk -v n=200000 -v accounts=200 -f "$FX/gen_events.awk" >> big.jsonl
"$N" ingest --quiet --batch 2000 big.jsonl > run1.out 2> run1.err &
pid=$!
kill9_at "$pid" "SELECT COUNT(*) FROM events WHERE event_id LIKE 'g-%'" 2000
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id LIKE 'g-%'")" -lt 180000 ] ||
	fail "no partial ingest"
[ "$(wc -l < netra-rejects-big.jsonl.jsonl)" -eq 40 ] ||
	fail "after kill -9 the reject file holds $(wc -l < netra-rejects-big.jsonl.jsonl) of 40 rejects"
[ "$(sed -n 40p netra-rejects-big.jsonl.jsonl)" = "rusak 40" ] ||
	fail "the rejects are not the lines as read"
echo "ingest_rejects: ok"
