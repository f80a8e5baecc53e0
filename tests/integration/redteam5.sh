#!/bin/sh
# tests/integration/redteam5.sh - scores `netra check` on the fifth
# red-team set fixtures/redteam5/ (an eighth fictional election, written
# before reading the engine's cue lists: THREE pairs in a big North Sumatra
# city, X/Twitter style - short posts, "RT @akun:", @mentions, hashtags,
# t.co links, emoji, buzzer chants -, pair acronyms that are everyday words
# - SAMA ("sama-sama"), HATI, MADU ("honey") -, a Chinese-Indonesian
# candidate (Koh Hendra) and a Batak one (Bang Ucok) so that SARA hate
# appears - aseng, cina, sipit, pribumi vs pendatang, kafir, kadrun,
# cebong, kampret, incitement to burn and expel -, hoax forwards
# ("sebarkan!", "share sebelum dihapus") and hard negatives: KPU and news
# retweets, a shared fact check, religious greetings, honey for sale,
# numbers in scores, queues and hospital rooms, colleagues who share a
# candidate's name or nickname, policy complaints naming no pair) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when more
# than 5% of the 'none' events are flagged. A regression guard, not a
# target. Skips when python3 or the scorer is missing.
set -u
: "${NETRA_BIN:?}" "${NETRA_SRC:?}" "${NETRA_SHARED:=../shared}"
score="$NETRA_SHARED/eval/score.py"
fx="$NETRA_SRC/tests/integration/fixtures/redteam5"
if ! command -v python3 >/dev/null 2>&1 || [ ! -f "$score" ]; then
	echo "skip: python3 or $score not available"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$NETRA_BIN" check --election "$fx/election.yaml" --hoaxes "$fx/debunks.jsonl" \
	"$fx/posts.jsonl" >"$tmp/v.jsonl" 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" --json >"$tmp/s.json" ||
	{ echo "redteam5: scorer failed (missing verdicts?)"; exit 1; }
# support attack hate_speech hoax none_fp_max (reached: 1.000 0.909 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: the same; hoax has
# 6 events, so its guard allows one miss)
python3 - "$tmp/s.json" 0.95 0.86 0.95 0.90 0.05 <<'PY' || {
import json, sys
s = json.load(open(sys.argv[1]))
want = dict(zip(["support", "attack", "hate_speech", "hoax"],
                map(float, sys.argv[2:6])))
bad = 0
for k, v in want.items():
    got = s[k]["f1"]
    print(f"redteam5 {k:12} F1 {got:.3f} (guard {v:.2f})")
    bad |= got < v
fp = s["none_false_positive_rate"]
print(f"redteam5 none flagged {fp:.3f} (guard <= {sys.argv[6]})")
sys.exit(1 if bad or fp > float(sys.argv[6]) else 0)
PY
	python3 "$score" "$fx/posts.jsonl" "$tmp/v.jsonl" | sed -n '/disagree/,$p'
	exit 1
}
