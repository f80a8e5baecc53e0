#!/bin/sh
# `netra ingest` of the formats the field's tools write: X API v2 pages
# whose authors are missing from includes.users (suspended or withheld:
# stored when the account is registered by its stable user id,
# x.com/i/user/N, skipped otherwise) and `twarc2 flatten` output.
. "$NETRA_SRC/tests/integration/lib.sh"
FX="$NETRA_SRC/tests/integration/fixtures/ingest"
cd "$TMP"
N="$NETRA_BIN"
q() { sql "$1"; }

printf 'code,name,parent_code,kind\nUJI,Dinas Uji,,OPD\n' > units.csv
cat > employees.csv <<'CSV'
nip,name,position,unit_code,status,supervisor_nip
198503122010011001,Budi Santoso,Staf,UJI,PNS,
199001052015032002,Rina Wulandari,Staf,UJI,PNS,
199203142019032004,Dewi Lestari,Staf,UJI,PNS,
CSV
cat > accounts.csv <<'CSV'
nip,platform,handle
198503122010011001,x,@Budi_Santoso88
199001052015032002,x,https://x.com/rina_w
199203142019032004,x,https://x.com/i/user/1500000000000000009
CSV
expect_rc 0 "$N" registry import --units units.csv --employees employees.csv \
	--accounts accounts.csv
[ "$(q "SELECT COUNT(*) FROM accounts WHERE handle = 'id:1500000000000000009'")" -eq 1 ] ||
	fail "the account registered by its stable id"

# A page with suspended authors: the registered one's tweets are stored,
# the unregistered one is skipped, the tweet without author rejected.
expect_rc 0 "$N" ingest --json "$FX/x_withheld.json"
contains "$TMP/out" '"format":"x","read":4,"ingested":2,"duplicates":0,"skipped":1,"rejected":1'
contains "$TMP/err" "x_withheld.json:1: data[3]: missing author_id"
[ "$(q "SELECT COUNT(*) FROM events WHERE account = 'id:1500000000000000009' AND account_id IS NOT NULL")" -eq 2 ] ||
	fail "tweets of the suspended registered account"

# twarc2 flatten: detected without --format; the cut last line rejected.
expect_rc 0 "$N" ingest --json "$FX/x_twarc.jsonl"
contains "$TMP/out" '"format":"x","read":5,"ingested":4,"duplicates":0,"skipped":0,"rejected":1'
contains "$TMP/err" "x_twarc.jsonl:5: not JSON"
[ "$(q "SELECT target_account FROM events WHERE event_id = '1860000000000000002'")" = paslon2_resmi ] ||
	fail "twarc repost target"
expect_rc 0 "$N" ingest --json "$FX/x_twarc.jsonl"
contains "$TMP/out" '"read":5,"ingested":0,"duplicates":4'
echo ok
