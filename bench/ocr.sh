#!/bin/sh
# bench/ocr.sh - OCR of fictional campaign posters (docs/media.md): a set of
# posters rendered by tests/media/poster.py (bold sans text on photographic
# noise; widths 480-1080 px, rotations 0/±3/±6 degrees, JPEG qualities
# 35-95; two of three name a pair with a number or slogan, one of three is
# a city notice), read by `netra media read` (one Tesseract handle, ind),
# then judged by `netra check` as the media[0].ocr_text of a post with no
# text of its own. Prints OCR word accuracy (words of the poster found in
# the text, case-blind), the share of breach posters that become a finding
# at media[0].ocr_text, false findings on the notices, and OCR images per
# second on one core. Writes bench/results/ocr.txt.
#   POSTERS=60 SEED=7 sh bench/ocr.sh
set -eu
cd "$(dirname "$0")/.."
N=${NETRA_BIN:-$PWD/build/netra}
PY=/usr/bin/python3
POSTERS=${POSTERS:-60}
SEED=${SEED:-7}
T=$(mktemp -d "${TMPDIR:-/tmp}/netra-ocr.XXXXXX")
trap 'rm -rf "$T"' EXIT
"$PY" tests/media/poster.py --set "$T/set" --count "$POSTERS" --seed "$SEED"
start=$(date +%s.%N)
/usr/bin/time -f '%U %S %M' -o "$T/time" "$N" media read --json "$T"/set/*.jpg >"$T/ocr.jsonl"
end=$(date +%s.%N)
"$PY" bench/ocr_score.py "$T/set/truth.jsonl" "$T/ocr.jsonl" "$T/events.jsonl"
"$N" check --election data/demo/election.yaml "$T/events.jsonl" >"$T/verdicts.jsonl" 2>/dev/null
{
	echo "# bench/ocr.sh on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)); $POSTERS posters, seed $SEED"
	"$PY" bench/ocr_score.py "$T/set/truth.jsonl" "$T/ocr.jsonl" "$T/events.jsonl" "$T/verdicts.jsonl"
	read -r u s rss <"$T/time"
	awk -v n="$POSTERS" -v a="$start" -v b="$end" -v u="$u" -v s="$s" -v r="$rss" 'BEGIN {
		printf "ocr: %d images in %.1f s wall, %.1f s CPU: %.2f images/s per core (peak RSS %d MiB)\n",
			n, b - a, u + s, n / (u + s), r / 1024 }'
} | tee bench/results/ocr.txt
