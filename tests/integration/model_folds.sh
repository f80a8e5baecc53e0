#!/bin/sh
# `netra model train --folds`: cross-validation over a committed fold
# assignment (ROW FOLD per line). A tiny CSV written for this test (the
# columns of the Ibrohim & Budi file, fictional sentences) is trained with
# two folds: the run prints the cross-validated figures and the model it
# writes is the one training without --folds writes; a fold file that
# names a row twice, a row out of range or leaves a row out is refused
# with FILE:LINE before any model file is written.
. "$NETRA_SRC/tests/integration/lib.sh"
export NETRA_DATA="$NETRA_SRC/data"
csv="$TMP/tiny.csv"
echo "Tweet,HS,Abusive,HS_Individual,HS_Group,HS_Religion,HS_Race" >"$csv"
i=0
while [ $i -lt 12 ]; do
	echo "usir kaum kafir itu dari kampung kita nomor $i,1,1,0,1,1,0" >>"$csv"
	echo "orang cina itu penjajah harus diusir semua $i,1,1,0,1,0,1" >>"$csv"
	echo "besok kerja bakti bersihkan selokan RT $i pagi,0,0,0,0,0,0" >>"$csv"
	echo "jadwal posyandu balita minggu ke $i di balai desa,0,0,0,0,0,0" >>"$csv"
	i=$((i + 1))
done
folds="$TMP/folds.txt"
printf '# two folds\n' >"$folds"
r=1
while [ $r -le 48 ]; do
	echo "$r $((r % 2))" >>"$folds"
	r=$((r + 1))
done

expect_rc 0 "$NETRA_BIN" model train --data "$csv" --out "$TMP/a.model" \
	--folds "$folds"
contains "$TMP/out" "2-fold cross-validation ($folds"
contains "$TMP/out" "--folds $folds"
expect_rc 0 "$NETRA_BIN" model train --data "$csv" --out "$TMP/b.model"
cmp -s "$TMP/a.model" "$TMP/b.model" || fail "--folds changed the model"

sed '3s/.*/1 1/' "$folds" >"$TMP/twice.txt"
expect_rc 1 "$NETRA_BIN" model train --data "$csv" --out "$TMP/c.model" \
	--folds "$TMP/twice.txt"
contains "$TMP/err" "twice.txt:3: row 1 again"
sed '3s/.*/99 0/' "$folds" >"$TMP/range.txt"
expect_rc 1 "$NETRA_BIN" model train --data "$csv" --out "$TMP/c.model" \
	--folds "$TMP/range.txt"
contains "$TMP/err" "range.txt:3: expected ROW (1-48) FOLD"
sed '$d' "$folds" >"$TMP/short.txt"
expect_rc 1 "$NETRA_BIN" model train --data "$csv" --out "$TMP/c.model" \
	--folds "$TMP/short.txt"
contains "$TMP/err" "47 of the 48 rows have a fold"
expect_rc 1 "$NETRA_BIN" model train --data "$csv" --out "$TMP/c.model" \
	--folds "$TMP/missing.txt"
contains "$TMP/err" "missing.txt"
[ ! -e "$TMP/c.model" ] || fail "a refused fold file wrote a model"
