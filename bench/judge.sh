#!/bin/sh
# Judge throughput: bench_judge judges two generated corpora (2,000,000
# events each by default, JUDGE_BENCH_EVENTS to change) against a
# 5,000-term profile on one core: the realistic mix (the headline figure)
# and the first bench's high-breach mix (see bench/judge.c for both). After
# each mix bench_judge prints its baseline, a bare Hyperscan scan of the
# engine's own pattern database over the same normalised texts, and the
# judge / Hyperscan CPU ratio (target: 2 or less). Then `grep -F -i -f
# terms.txt` scans the same bytes for the same terms and the CPU time ratio
# is printed for each. Target: >= 1,000,000 events/s.
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
n="${JUDGE_BENCH_EVENTS:-2000000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# real tweets for the third corpus, when ../shared is beside the checkout
tweets="${NETRA_SHARED:-$NETRA_SRC/../shared}/data/ibrohim2019/re_dataset.csv"
[ -r "$tweets" ] || tweets=""
"$NETRA_BUILD/bench_rss" "$tmp/rss0" "$NETRA_BUILD/bench_judge" "$n" \
	"$NETRA_SRC/data" "$tmp" $tweets | tee "$tmp/out"
sed -n 's/.*maxrss_kb=\([0-9]*\).*/peak RSS of bench_judge: \1 KiB (mostly the generated corpus: 160 bytes reserved per event)/p' "$tmp/rss0"
for mix in judge:corpus.txt:realistic hot:corpus_hot.txt:high-breach \
	tweets:corpus_tweets.txt:real-text; do
	key=${mix%%:*} rest=${mix#*:}
	file=${rest%%:*} name=${rest#*:}
	[ -f "$tmp/$file" ] || continue
	js=$(sed -n "s/.*${key}_cpu_seconds=\([0-9.]*\).*/\1/p" "$tmp/out")
	# grep's CPU time (user+sys) from bench_rss, comparable with the judge's
	"$NETRA_BUILD/bench_rss" "$tmp/rss" sh -c \
		"LC_ALL=C grep -F -i -c -f '$tmp/terms.txt' '$tmp/$file' >'$tmp/grep'" || true
	awk -v j="$js" -v n="$n" -v m="$(cat "$tmp/grep")" -v name="$name" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		g = v["user"] + v["sys"];
		printf "grep -F -i -f terms (%s mix): %.2f s CPU, %.2f s wall (%.0f lines per CPU second, %d matching lines: substrings, not whole words)\n", name, g, v["wall"], n / g, m;
		printf "judge / grep CPU time ratio (%s mix): %.2f (the judge normalises, matches whole words and applies the rules; grep only matches)\n", name, j / g;
	}' "$tmp/rss"
done
