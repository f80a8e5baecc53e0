#!/bin/sh
# tests/integration/redteam4.sh - scores `netra check` on the fourth
# red-team set fixtures/redteam4/ (a seventh fictional election, written
# before reading the engine's cue lists: THREE pairs in a Maluku-style
# regency, a pair acronym that is an everyday Ambonese word - BETA, "I" -,
# a candidate sharing his first name with colleagues and shop owners - Pak
# Agus, Bu Ratna, Om Agus -; posts in Ambonese Malay - seng, jang, katong,
# su, pung, basudara -, prayers that name a candidate, sarcasm, rhetorical
# questions, allegations, comparisons, likes/follows/shares of candidate
# accounts, SARA hostility with local group names - Sarani, Salam, Buton -,
# hoaxes about ballots and logistics ships, and hard negatives: KPU info,
# neutral calls to vote, the inked finger on voting day, numbers in prices,
# scores and RT/RW, complaints about public services naming no pair) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when more
# than 5% of the 'none' events are flagged. A regression guard, not a
# target. Skips when python3 or the scorer is missing.
set -u
: "${NETRA_BIN:?}" "${NETRA_SRC:?}" "${NETRA_SHARED:=../shared}"
score="$NETRA_SHARED/eval/score.py"
fx="$NETRA_SRC/tests/integration/fixtures/redteam4"
if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$score" ]; then
	echo "skip: python3 or $score not available"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$NETRA_BIN" check --election "$fx/election.yaml" --hoaxes "$fx/debunks.jsonl" \
	"$fx/posts.jsonl" >"$tmp/v.jsonl" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" --json >"$tmp/s.json" ||
	{ echo "redteam4: scorer failed (missing verdicts?)"; exit 1; }
# support attack hate_speech hoax none_fp_max (reached: 0.952 0.872 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.826 0.667 0.833
# 1.000 0.056; hate_speech has 7 and hoax 6 events, so their guards allow
# one miss; a neutral call to vote "datang ke TPS" must not match the
# debunk about voting without an invitation)
python3 - "$tmp/s.json" 0.90 0.82 0.90 0.90 0.05 <<'PY' || {
import json, sys
s = json.load(open(sys.argv[1]))
want = dict(zip(["support", "attack", "hate_speech", "hoax"],
                map(float, sys.argv[2:6])))
bad = 0
for k, v in want.items():
    got = s[k]["f1"]
    print(f"redteam4 {k:12} F1 {got:.3f} (guard {v:.2f})")
    bad |= got < v
fp = s["none_false_positive_rate"]
print(f"redteam4 none flagged {fp:.3f} (guard <= {sys.argv[6]})")
sys.exit(1 if bad or fp > float(sys.argv[6]) else 0)
PY
	python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" | sed -n '/disagree/,$p'
	exit 1
}
