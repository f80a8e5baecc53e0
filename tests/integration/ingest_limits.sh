#!/bin/sh
# Bounded memory and no silent truncation (issue 8): a record over the
# limit (--max-record, $NETRA_MAX_RECORD, default 1 MiB) is rejected with
# file:line and skipped without being kept, the records after it are
# read, and peak RSS stays under 100 MB whatever the input: a 50 MB JSONL
# line (301 MB before) and /dev/zero (11 GB in 10 s before), for ingest
# and check alike. Peak RSS comes from /usr/bin/time -f %M (package time).
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }
LIMIT_KB=100000

expect_rc 0 "$N" registry import --units "$FX/units.csv" \
	--employees "$FX/employees.csv" --accounts "$FX/accounts.csv"

# rss_under CMD...: runs CMD (its exit status is not checked) and fails
# unless its peak RSS is under LIMIT_KB.
rss_under() {
	set +e
	/usr/bin/time -f %M -o rss.txt "$@" > rss.out 2> rss.err
	set -e
	kb=$(tail -n 1 rss.txt)
	echo "peak RSS ${kb} KB: $*"
	[ "$kb" -lt "$LIMIT_KB" ] || fail "peak RSS $kb KB over $LIMIT_KB KB: $*"
}

ev() { printf '{"platform":"x","id":"%s","type":"post","account":"budi_santoso88","text":"%s"}\n' "$1" "$2"; }

# A 50 MB line between two good ones.
{
	ev ok-1 "sebelum"
	awk 'BEGIN { printf("{\"platform\":\"x\",\"id\":\"big\",\"type\":\"post\",\"account\":\"budi_santoso88\",\"text\":\"");
		s = "kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata kata "
		for (i = 0; i < 50 * 1024 * 1024 / length(s); i++) printf("%s", s)
		print "\"}" }'
	ev ok-2 "sesudah"
} > big.jsonl
rss_under "$N" ingest --json big.jsonl
contains rss.out '"read":3,"ingested":2,"duplicates":0,"skipped":0,"rejected":1'
contains rss.err "big.jsonl:2: a record of 52428"
contains rss.err "over the limit of 1 MiB (--max-record)"
[ "$(q "SELECT COUNT(*) FROM events WHERE event_id = 'big'")" -eq 0 ] ||
	fail "the oversize record was stored"
rss_under "$N" check big.jsonl
[ "$(grep -c '"id":"ok-' rss.out)" -eq 2 ] || fail "check lost the lines around the long one"
contains rss.err "big.jsonl:2: a record of 52428"

# /dev/zero: no line end, ever. Stopped after 2 s; memory must stay flat.
rss_under timeout -s INT 2 "$N" check /dev/zero
rss_under timeout -s INT 2 "$N" check --text /dev/zero
rss_under timeout -s INT 2 "$N" ingest --quiet /dev/zero
rss_under timeout -s INT 2 "$N" ingest --quiet --format jsonl /dev/zero
rss_under timeout -s INT 2 "$N" ingest --quiet --format x /dev/zero

# The limit is configurable: a 100 KB line passes by default, not at 64K.
{
	ev lim-1 "$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf("kata kata "); }')"
	ev lim-2 pendek
} > mid.jsonl
expect_rc 0 "$N" ingest --json --max-record 64K mid.jsonl
contains "$TMP/out" '"read":2,"ingested":1,'
contains "$TMP/err" "mid.jsonl:1: a record of "
contains "$TMP/err" "limit of 64 KiB"
expect_rc 0 env NETRA_MAX_RECORD=2M "$N" ingest --json mid.jsonl
contains "$TMP/out" '"read":2,"ingested":1,"duplicates":1,'
expect_rc 2 "$N" ingest --max-record 12 mid.jsonl
expect_rc 2 env NETRA_MAX_RECORD=lots "$N" ingest mid.jsonl
expect_rc 2 "$N" check --max-record 1G mid.jsonl

# CSV: a record over the limit is rejected, the next row is read.
{
	echo "platform,id,type,account,text"
	awk 'BEGIN { printf("x,csv-big,post,budi_santoso88,"); for (i = 0; i < 200000; i++) printf("kata "); print "" }'
	echo "x,csv-ok,post,budi_santoso88,pendek"
} > big.csv
expect_rc 0 "$N" ingest --json --max-record 512K big.csv
contains "$TMP/out" '"read":2,"ingested":1,'
contains "$TMP/err" "big.csv:2: record too big (over 512 KiB)"

# A platform document over 4 times the limit is rejected, the next read.
{
	awk 'BEGIN { printf("{\"data\":[");
		for (i = 0; i < 3000; i++) printf("%s{\"id\":\"%d\",\"text\":\"teks teks teks teks teks teks teks teks teks teks teks teks teks teks teks teks\",\"author_id\":\"7\"}", i ? "," : "", i)
		print "],\"includes\":{\"users\":[{\"id\":\"7\",\"username\":\"budi_santoso88\"}]}}" }'
	printf '{"data":[{"id":"x-ok","text":"ok","author_id":"7"}],"includes":{"users":[{"id":"7","username":"budi_santoso88"}]}}\n'
} > pages.json
expect_rc 0 "$N" ingest --json --format x --max-record 64K pages.json
contains "$TMP/out" '"read":2,"ingested":1,'
contains "$TMP/err" "pages.json:1: a line of 355962 bytes is over the document limit of 256 KiB"
# ... and so is a pretty-printed one, over many lines.
{
	echo '{'
	echo '  "data": ['
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf("    {\"id\": \"p%d\", \"text\": \"teks teks teks teks teks teks teks teks teks teks teks teks teks teks\", \"author_id\": \"7\"},\n", i) }'
	echo '    {"id": "last", "text": "t", "author_id": "7"}'
	echo '  ],'
	echo '  "includes": {"users": [{"id": "7", "username": "budi_santoso88"}]}'
	echo '}'
	printf '{"data":[{"id":"x-ok2","text":"ok","author_id":"7"}],"includes":{"users":[{"id":"7","username":"budi_santoso88"}]}}\n'
} > pretty.json
expect_rc 0 "$N" ingest --json --format x --max-record 64K pretty.json
contains "$TMP/out" '"read":2,"ingested":1,'
contains "$TMP/err" "pretty.json:1: a document over the document limit of 256 KiB"
echo "ingest_limits: ok"
