# tests/integration/lib_score.sh - the scoring guard shared by the engine's
# quality tests (check_eval.sh, redteam*.sh); not a test itself (ctest runs
# no file whose name starts with "lib"). Source it, then call
#   score_guard NAME DIR SUPPORT ATTACK HATE HOAX NONE_MAX
# DIR holds election.yaml, debunks.jsonl and posts.jsonl (the eval format
# of ../shared/eval). It runs `netra check` on the posts, scores them with
# ../shared/eval/score.py, prints each label's F1 beside its guard, and
# returns 1 (after printing the events that disagree) when a label's F1 is
# below its guard or more than NONE_MAX of the 'none' events are flagged.
# score_available tells whether python3 and the scorer are there;
# score_require ends the test as skipped (exit 77, ctest's "Skipped") when
# they are not, so a quality test never passes without having run.
: "${NETRA_BIN:?}" "${NETRA_SRC:?}" "${NETRA_SHARED:=../shared}"
SCORER="$NETRA_SHARED/eval/score.py"

score_available() {
	command -v python3 >/dev/null 2>&1 && [ -f "$SCORER" ]
}

score_require() {
	score_available && return 0
	echo "SKIPPED: python3 or $SCORER not available"
	exit 77
}

score_guard() {
	name=$1 dir=$2
	shift 2
	work=$(mktemp -d) || return 1
	if ! "$NETRA_BIN" check --election "$dir/election.yaml" \
		--hoaxes "$dir/debunks.jsonl" "$dir/posts.jsonl" \
		>"$work/v.jsonl" 2>"$work/err"; then
		cat "$work/err"
		rm -rf "$work"
		return 1
	fi
	if ! python3 "$SCORER" "$dir/posts.jsonl" "$work/v.jsonl" --json \
		>"$work/s.json"; then
		echo "$name: scorer failed (missing verdicts?)"
		head -5 "$work/err"
		rm -rf "$work"
		return 1
	fi
	python3 - "$work/s.json" "$name" "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
name = sys.argv[2]
want = dict(zip(["support", "attack", "hate_speech", "hoax"],
                map(float, sys.argv[3:7])))
bad = 0
for k, v in want.items():
    got = s[k]["f1"]
    print(f"{name} {k:12} F1 {got:.3f} (guard {v:.2f})")
    bad |= got < v
fp = s["none_false_positive_rate"]
print(f"{name} none flagged {fp:.3f} (guard <= {sys.argv[7]})")
sys.exit(1 if bad or fp > float(sys.argv[7]) else 0)
PY
	rc=$?
	[ "$rc" -eq 0 ] ||
		python3 "$SCORER" "$dir/posts.jsonl" "$work/v.jsonl" |
		sed -n '/disagree/,$p'
	rm -rf "$work"
	return "$rc"
}
