#!/bin/sh
# `netra model`: usage errors, --help, and `model score` with the committed
# model ranking a SARA insult (written for this test) above a neutral post.
. "$NETRA_SRC/tests/integration/lib.sh"
export NETRA_DATA="$NETRA_SRC/data"

expect_rc 2 "$NETRA_BIN" model
expect_rc 2 "$NETRA_BIN" model frobnicate
expect_rc 2 "$NETRA_BIN" model train --seed
expect_rc 2 "$NETRA_BIN" model train --seed abc
expect_rc 2 "$NETRA_BIN" model score
expect_rc 0 "$NETRA_BIN" model --help
contains "$TMP/out" "usage: netra model train"
expect_rc 1 "$NETRA_BIN" model train --data "$TMP/missing.csv" \
	--out "$TMP/m.model"
contains "$TMP/err" "missing.csv"
expect_rc 1 "$NETRA_BIN" model score --model "$TMP/missing.model" "x"

expect_rc 0 "$NETRA_BIN" model score \
	"Dasar kafir, usir mereka semua dari kampung ini" \
	"Besok pagi ada kerja bakti bersihkan selokan RT 03"
hate=$(sed -n '1s/\t.*//p' "$TMP/out")
calm=$(sed -n '2s/\t.*//p' "$TMP/out")
awk -v a="$hate" -v b="$calm" 'BEGIN { exit !(a > b) }' ||
	fail "hateful $hate not above neutral $calm"
