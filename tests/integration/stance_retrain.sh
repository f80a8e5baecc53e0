#!/bin/sh
# Retraining the stance model from ../shared must give a file byte-identical
# to the committed data/model/stance.model, and rewriting the fold
# assignment from its seed the committed data/model/stance.folds
# (data/model/README.md "Stance model"). Skipped with a message when the
# shared data is not present. A mismatch means the features, the trainer,
# the rulebook's references, the text lexicons or the training sets changed:
# retrain with the command in data/model/README.md and commit the model.
. "$NETRA_SRC/tests/integration/lib.sh"
SHARED="${NETRA_SHARED:-$NETRA_SRC/../shared}"
for f in eval/real/pilkada-dki-2017/posts.jsonl eval/dev/posts.jsonl \
	data/ibrohim2019/re_dataset.csv data/inset/positive.tsv; do
	if [ ! -f "$SHARED/$f" ]; then
		echo "skip: $SHARED/$f not present"
		exit 0
	fi
done
expect_rc 0 "$NETRA_BIN" model stance-train --data-dir "$NETRA_SRC/data" \
	--shared "$SHARED" --out "$TMP/stance.model" \
	--folds "$TMP/stance.folds" --write-folds
contains "$TMP/out" "instances support"
cmp "$TMP/stance.folds" "$NETRA_SRC/data/model/stance.folds" ||
	fail "fold assignment differs from data/model/stance.folds"
cmp "$TMP/stance.model" "$NETRA_SRC/data/model/stance.model" ||
	fail "retrained stance model differs from data/model/stance.model" \
	     "(feature, rulebook, lexicon or data change?): retrain as" \
	     "data/model/README.md says"
# the inputs' checksums printed are the documented ones
grep '^sha256' "$TMP/out" | while read -r _ sum _; do
	contains "$NETRA_SRC/data/model/README.md" "$sum"
done
# a fold left out gives another model; an unknown set is refused
expect_rc 0 "$NETRA_BIN" model stance-train --data-dir "$NETRA_SRC/data" \
	--shared "$SHARED" --out "$TMP/cv.model" --exclude-fold dev:3
if cmp -s "$TMP/cv.model" "$NETRA_SRC/data/model/stance.model"; then
	fail "--exclude-fold dev:3 trained the same model"
fi
expect_rc 1 "$NETRA_BIN" model stance-train --data-dir "$NETRA_SRC/data" \
	--shared "$SHARED" --out "$TMP/x.model" --exclude-fold nosuch:3
contains "$TMP/err" "exclude-fold"
