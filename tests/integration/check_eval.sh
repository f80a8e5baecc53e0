#!/bin/sh
# tests/integration/check_eval.sh - runs `netra check` on both labelled dev
# sets of ../shared/eval and fails if a score drops below what the engine
# reached when this guard was written, minus a small margin (a regression
# guard, not a target). Skips when python3 or ../shared is missing.
set -u
: "${NETRA_BIN:?}" "${NETRA_SHARED:=../shared}"
ev="$NETRA_SHARED/eval"
if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$ev/score.py" ]; then
	echo "skip: python3 or $ev/score.py not available"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
# set  support attack hate hoax none_fp_max
for row in "dev 0.95 0.93 0.95 0.92 0.05" "dev2 0.94 0.94 0.93 0.88 0.05"; do
	set -- $row
	d=$1
	"$NETRA_BIN" check --election "$ev/$d/election.yaml" \
		--hoaxes "$ev/$d/debunks.jsonl" "$ev/$d/posts.jsonl" \
		>"$tmp/$d.jsonl" 2>"$tmp/$d.err" || { cat "$tmp/$d.err"; exit 1; }
	python3 "$ev/score.py" "$ev/$d/posts.jsonl" "$tmp/$d.jsonl" --json \
		>"$tmp/$d.json" || { echo "$d: scorer failed (missing verdicts?)";
		head -5 "$tmp/$d.err"; fail=1; continue; }
	python3 - "$tmp/$d.json" "$d" "$2" "$3" "$4" "$5" "$6" <<'PY' || fail=1
import json, sys
s = json.load(open(sys.argv[1]))
d = sys.argv[2]
want = {"support": float(sys.argv[3]), "attack": float(sys.argv[4]),
        "hate_speech": float(sys.argv[5]), "hoax": float(sys.argv[6])}
bad = 0
for k, v in want.items():
    got = s[k]["f1"]
    print(f"{d} {k:12} F1 {got:.3f} (guard {v:.2f})")
    if got < v:
        bad = 1
fp = s["none_false_positive_rate"]
print(f"{d} none flagged {fp:.3f} (guard <= {sys.argv[7]})")
if fp > float(sys.argv[7]):
    bad = 1
sys.exit(bad)
PY
done
exit $fail
