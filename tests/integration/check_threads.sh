#!/bin/sh
# `netra check --threads N` (issue 12): one judge per thread over a shared
# engine, verdicts and FILE:LINE messages written in input order; the
# output is byte for byte that of one thread whatever N, for events (with
# malformed, lenient and over-long lines among them) and for --text.
. "$NETRA_SRC/tests/integration/lib.sh"
cd "$TMP"
N="$NETRA_BIN"
P="$NETRA_SRC/data/demo/election.yaml"

"$NETRA_BUILD/demo_gen" --out city --events 6000 --seed 7 --bad-every 700 \
	--election "$P" \
	> /dev/null 2>&1 || fail "demo_gen"
# an over-long line and a lenient one in the middle
{
	head -n 3000 city/events.jsonl
	awk 'BEGIN { printf("{\"id\":\"big\",\"text\":\""); for (i = 0; i < 20000; i++) printf("kata "); print "\"}" }'
	echo '{"platform":"x","id":77,"type":"post","account":"a","created_at":"kemarin","text":"coblos nomor 2"}'
	tail -n +3001 city/events.jsonl
} > in.jsonl
lines=$(wc -l < in.jsonl)
for t in 1 2 3 8; do
	expect_rc 0 "$N" check --election "$P" --threads $t --max-record 64K in.jsonl
	mv "$TMP/out" out.$t
	mv "$TMP/err" err.$t
done
[ "$(wc -l < out.1)" -gt $((lines - 20)) ] || fail "too few verdicts: $(wc -l < out.1) of $lines"
for t in 2 3 8; do
	cmp out.1 out.$t || fail "--threads $t changed the verdicts or their order"
	cmp err.1 err.$t || fail "--threads $t changed the messages or their order"
done
# verdicts follow the input's order: the ids of the judged lines, in order
grep -o '"id":"[^"]*"' out.1 | head -n 200 > ids.out
grep -o '^{"platform":"[a-z]*","id":"[^"]*"' in.jsonl | sed 's/.*"id"/"id"/' | head -n 200 > ids.in
cmp ids.in ids.out || fail "verdicts out of input order"
contains err.1 "in.jsonl:3001: a record of "
contains err.1 "in.jsonl:3002: warning: created_at"
# --text, several threads
cut -c1-200 in.jsonl > texts.txt
expect_rc 0 "$N" check --election "$P" --text --threads 1 texts.txt
mv "$TMP/out" text.1
expect_rc 0 "$N" check --election "$P" --text --threads 4 texts.txt
cmp text.1 "$TMP/out" || fail "--text with 4 threads differs"
# the default (the cores) gives the same
expect_rc 0 "$N" check --election "$P" --max-record 64K in.jsonl
cmp out.1 "$TMP/out" || fail "the default thread count differs"
# From a pipe, a line is judged and its verdict written before the next
# line comes (batches end when the writer pauses): the writer waits for
# the first verdict before it sends the second line.
mkfifo live.fifo
"$N" check --election "$P" --threads 2 - < live.fifo > live.out 2> live.err &
cpid=$!
exec 3> live.fifo
head -n 1 city/events.jsonl >&3
i=0
while [ "$(wc -l < live.out)" -lt 1 ]; do
	i=$((i + 1))
	[ $i -lt 1200 ] || { exec 3>&-; fail "no verdict for a piped line until the next one"; }
	sleep 0.1
done
sed -n 2p city/events.jsonl >&3
exec 3>&-
wait $cpid || fail "check on a pipe failed"
[ "$(wc -l < live.out)" -eq 2 ] || fail "two piped lines, $(wc -l < live.out) verdicts"
expect_rc 2 "$N" check --election "$P" --threads 0 in.jsonl
expect_rc 2 "$N" check --election "$P" --threads x in.jsonl
expect_rc 2 "$N" check --election "$P" --threads 65 in.jsonl
echo "check_threads: ok"
