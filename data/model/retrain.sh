#!/bin/sh
# data/model/retrain.sh - retrains data/model/hate.model with the command of
# data/model/README.md and rewrites the README's metrics block with what
# `netra model train` prints. Run from anywhere after the text lexicons
# (data/slang.txt, words.txt, emoji.txt, stem_exceptions.txt,
# number_words.txt, particles.txt) or the
# normaliser change; tests/integration/model_retrain.sh checks both.
#   sh data/model/retrain.sh [NETRA_BIN]
set -eu
cd "$(dirname "$0")/../.."
bin=${1:-build/netra}
data=${NETRA_SHARED:-../shared}/data/ibrohim2019/re_dataset.csv
out=$(mktemp)
trap 'rm -f "$out" "$out.md"' EXIT
"$bin" model train --data "$data" --out data/model/hate.model --seed 2019 \
	--label sara --data-dir data >"$out"
cat "$out"
awk -v f="$out" '
/^<!-- metrics -->$/ { print; print "```"; while ((getline l < f) > 0) print l; print "```"; skip = 1; next }
/^<!-- \/metrics -->$/ { skip = 0 }
!skip { print }' data/model/README.md >"$out.md"
cat "$out.md" >data/model/README.md
