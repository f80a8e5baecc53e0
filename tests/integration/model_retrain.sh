#!/bin/sh
# Retraining the hate-speech classifier from ../shared/data must give a file
# byte-identical to the committed data/model/hate.model (DESIGN.md "Data and
# models"). Skipped with a message when the dataset is not present. A
# mismatch means the features, the trainer or the text lexicons changed
# since the model was trained: retrain with the command in
# data/model/README.md and commit the new file.
. "$NETRA_SRC/tests/integration/lib.sh"
DATA="${NETRA_SHARED:-$NETRA_SRC/../shared}/data/ibrohim2019/re_dataset.csv"
[ -f "$DATA" ] || skip "$DATA not present"
expect_rc 0 "$NETRA_BIN" model train --data "$DATA" --out "$TMP/hate.model" \
	--seed 2019 --label sara --data-dir "$NETRA_SRC/data"
contains "$TMP/out" "sha256   44c04e31ad4b7ee4a95f1884e7af4da2c44b69762143eb2de0ede7f90502735e"
contains "$TMP/out" "held-out precision"
cmp "$TMP/hate.model" "$NETRA_SRC/data/model/hate.model" ||
	fail "retrained model differs from data/model/hate.model (lexicon or" \
	     "feature change?): retrain as data/model/README.md says"
# The held-out figures printed match the ones documented.
f1=$(sed -n 's/.* F1 \([0-9.]*\) .*/\1/p' "$TMP/out")
contains "$NETRA_SRC/data/model/README.md" "F1 $f1"
