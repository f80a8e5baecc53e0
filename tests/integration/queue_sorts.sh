#!/bin/sh
# tests/integration/queue_sorts.sh - the queue (`netra finding list`, the
# same wf_finding_list as the web's Antrean and GET /api/v1/findings) on
# both store backends: every sort order, both directions, a first and a
# later page, for a user of the whole tree, one of a subtree and one of a
# single unit, against the same order read with plain SQL from the store;
# the total against COUNT(*); and each whole list walked by keyset
# cursors (`--after` the page's "next", through the many
# ties of the keys) and back from its end (`--before` the "prev"), the
# same rows in the same order. The pages come from the indexes and
# counters of migration 012, walked or sorted depending on how many
# findings match, so the users and pages below take both ways.
# (tests/workflow/test_view.c checks filters and changes in depth on
# SQLite; this checks the SQL the PostgreSQL backend runs.)
. "$NETRA_SRC/tests/integration/lib.sh"
SEED="$NETRA_BUILD/workflow_test_seed"
q() { sql "$1"; }
T0=1727928000

"$SEED" --seed "$NETRA_DB" 20 "$T0" >/dev/null || fail "seed"
q "UPDATE findings SET
	state = CASE id % 7 WHEN 0 THEN 'baru' WHEN 1 THEN 'ditinjau_opd'
		WHEN 2 THEN 'dikonfirmasi_opd' WHEN 3 THEN 'diverifikasi_bkpp'
		WHEN 4 THEN 'ditolak' WHEN 5 THEN 'diteruskan' ELSE 'selesai' END,
	category = CASE id % 4 WHEN 0 THEN 'support' WHEN 1 THEN 'attack'
		WHEN 2 THEN 'hate_speech' ELSE 'hoax' END,
	severity = CASE id % 3 WHEN 0 THEN 'rendah' WHEN 1 THEN 'sedang'
		ELSE 'tinggi' END,
	due_at = CASE WHEN id % 5 = 0 THEN NULL ELSE $T0 + (id % 4) * 86400 END,
	created_at = $T0 + (id % 9) * 600" >/dev/null
for u in bkpp1 opd_a opd_x; do login "$u" rahasia-uji-123; done

# key SORT: the ORDER BY key of sort SORT, as plain SQL
key() {
	case $1 in
	id) echo "f.id" ;;
	due) echo "CASE WHEN f.due_at IS NULL THEN 1 ELSE 0 END, f.due_at" ;;
	created) echo "f.created_at" ;;
	severity) echo "CASE f.severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2 WHEN 'rendah' THEN 1 ELSE 0 END" ;;
	unit) echo "u.code" ;;
	state) echo "f.state" ;;
	esac
}
n=0
for who in "bkpp1 /1/" "opd_a /1/2/" "opd_x /1/2/3/4/"; do
	set -- $who
	user=$1 path=$2
	total=$(q "SELECT COUNT(*) FROM findings f JOIN units u ON u.id = f.unit_id
		WHERE u.path LIKE '$path%'")
	for sort in id due created severity unit state; do
		for page in "ASC 0" "ASC 12" "DESC 12"; do
			set -- $page
			dir=$1 offset=$2
			desc=
			[ $dir = DESC ] && desc=--desc
			{
				expect_rc 0 auth "$NETRA_BIN" finding list --as "$user" \
					--sort $sort $desc --limit 6 --offset $offset --json
				grep -o '"id": [0-9]*' "$TMP/out" | sed 's/.*: //' >"$TMP/got"
				k=$(key $sort | sed "s/\$/ $dir/; s/, / $dir, /g")
				q "SELECT f.id FROM findings f JOIN units u ON u.id = f.unit_id
					WHERE u.path LIKE '$path%' ORDER BY $k, f.id $dir
					LIMIT 6 OFFSET $offset" >"$TMP/want"
				cmp -s "$TMP/got" "$TMP/want" || {
					paste "$TMP/got" "$TMP/want" >&2
					fail "$user --sort $sort $desc --offset $offset"
				}
				contains "$TMP/out" "\"total\": $total,"
				n=$((n + 1))
			}
		done
	done
done
# walk USER SORT DIR(ASC|DESC) PATH LIMIT: the whole list by cursors, forward
# then back, against the plain SQL order
walk() {
	desc=
	[ "$3" = DESC ] && desc=--desc
	k=$(key $2 | sed "s/\$/ $3/; s/, / $3, /g")
	q "SELECT f.id FROM findings f JOIN units u ON u.id = f.unit_id
		WHERE u.path LIKE '$4%' ORDER BY $k, f.id $3" >"$TMP/want"
	: >"$TMP/fwd"
	: >"$TMP/back"
	cur=
	while :; do
		expect_rc 0 auth "$NETRA_BIN" finding list --as "$1" --sort $2 \
			$desc --limit $5 ${cur:+--after "$cur"} --json
		grep -o '"id": [0-9]*' "$TMP/out" | sed 's/.*: //' >>"$TMP/fwd"
		prev=$(sed -n 's/.*"prev": "\([a-z0-9-]*\)".*/\1/p' "$TMP/out")
		cur=$(sed -n 's/.*"next": "\([a-z0-9-]*\)".*/\1/p' "$TMP/out")
		[ -n "$cur" ] || break
		n=$((n + 1))
	done
	cmp -s "$TMP/fwd" "$TMP/want" || {
		paste "$TMP/fwd" "$TMP/want" >&2
		fail "$1 --sort $2 $desc: walk by --after"
	}
	grep -o '"id": [0-9]*' "$TMP/out" | sed 's/.*: //' >"$TMP/back"
	while [ -n "$prev" ]; do
		expect_rc 0 auth "$NETRA_BIN" finding list --as "$1" --sort $2 \
			$desc --limit $5 --before "$prev" --json
		grep -o '"id": [0-9]*' "$TMP/out" | sed 's/.*: //' >"$TMP/page"
		cat "$TMP/back" >>"$TMP/page"
		mv "$TMP/page" "$TMP/back"
		prev=$(sed -n 's/.*"prev": "\([a-z0-9-]*\)".*/\1/p' "$TMP/out")
		n=$((n + 1))
	done
	cmp -s "$TMP/back" "$TMP/want" || {
		paste "$TMP/back" "$TMP/want" >&2
		fail "$1 --sort $2 $desc: walk back by --before"
	}
}
# (120 findings in all: bkpp1's pages of 50 cross ties of every key; the
# single unit of opd_x is read by the sort plan, and by units)
for sort in id due created severity unit state; do
	walk bkpp1 $sort ASC /1/ 50
	walk bkpp1 $sort DESC /1/ 50
done
for sort in due unit state; do
	walk opd_x $sort DESC /1/2/3/4/ 7
done
expect_rc 2 auth "$NETRA_BIN" finding list --as bkpp1 --sort due \
	--after "id-a-1-1" --json
contains "$TMP/err" "cursor is for another sort"
echo "queue_sorts: $n pages as the plain SQL reads them: ok"
