#!/bin/sh
# tests/integration/redteam3.sh - scores `netra check` on the third
# red-team set fixtures/redteam3/ (a sixth fictional election, written
# before reading the engine's cue lists: THREE pairs in an East Java
# regency, a pair acronym that is a very common word - AMAN -, a candidate
# who shares a surname with an invented famous singer and a street, first
# names shared with colleagues - Pak Slamet, Bu Dewi, Mas Hendro -; posts
# in the style of real public data: long Facebook posts with religious
# openings and closings and line breaks, X threads full of hashtags and
# @mentions, Instagram emoji rows, TikTok slang, comments under news
# portals, shares with a one-word comment, all caps, typos, Javanese and
# English mixed in, numbers everywhere - RT/RW, prices, phone numbers,
# "2 periode", "100 hari kerja") with ../shared/eval/score.py, and fails
# when a label's F1 drops below the engine's score when this guard was
# written minus about 0.05, or when more than 5% of the 'none' events are
# flagged. A regression guard, not a target. Skips when python3 or the
# scorer is missing.
set -u
: "${NETRA_BIN:?}" "${NETRA_SRC:?}" "${NETRA_SHARED:=../shared}"
score="$NETRA_SHARED/eval/score.py"
fx="$NETRA_SRC/tests/integration/fixtures/redteam3"
if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$score" ]; then
	echo "skip: python3 or $score not available"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$NETRA_BIN" check --election "$fx/election.yaml" --hoaxes "$fx/debunks.jsonl" \
	"$fx/posts.jsonl" >"$tmp/v.jsonl" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" --json >"$tmp/s.json" ||
	{ echo "redteam3: scorer failed (missing verdicts?)"; exit 1; }
# support attack hate_speech hoax none_fp_max (reached: 0.931 0.941 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.912 0.833 0.947
# 1.000 0.000; hate_speech has 10 events, so its guard allows one miss)
python3 - "$tmp/s.json" 0.88 0.89 0.94 0.95 0.05 <<'PY' || {
import json, sys
s = json.load(open(sys.argv[1]))
want = dict(zip(["support", "attack", "hate_speech", "hoax"],
                map(float, sys.argv[2:6])))
bad = 0
for k, v in want.items():
    got = s[k]["f1"]
    print(f"redteam3 {k:12} F1 {got:.3f} (guard {v:.2f})")
    bad |= got < v
fp = s["none_false_positive_rate"]
print(f"redteam3 none flagged {fp:.3f} (guard <= {sys.argv[6]})")
sys.exit(1 if bad or fp > float(sys.argv[6]) else 0)
PY
	python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" | sed -n '/disagree/,$p'
	exit 1
}
