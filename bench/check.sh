#!/bin/sh
# `netra check FILE` (read + parse + judge + write) against the library
# judge alone on the same events, in one run (issue 12, "Speed"): the
# demo city's generator writes CHECK_BENCH_EVENTS events (default
# 500,000) for the demo profile; bench_check parses them all first and
# times only netra_judge_event on one thread; then `netra check` runs on
# the same file with --threads 1, 2 and the default (the cores), output
# to /dev/null. Prints events/s (wall) and events per CPU second, and the
# ratios: check / judge (target >= 0.7) and 2 threads / 1 thread (target
# >= 1.7). On a machine shared with other work, wall-clock ratios move
# from run to run; the per-CPU-second figures move less.
set -eu
: "${NETRA_BUILD:=build}" "${NETRA_SRC:=.}"
n="${CHECK_BENCH_EVENTS:-500000}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prof="$NETRA_SRC/data/demo/election.yaml"
"$NETRA_BUILD/demo_gen" --out "$tmp/city" --events "$n" --seed 42 \
	--election "$prof" > /dev/null 2>&1
ev="$tmp/city/events.jsonl"
lines=$(wc -l < "$ev")
echo "events: $lines lines of demo_gen --events $n --seed 42 ($(wc -c < "$ev") bytes), profile $prof, $(nproc) cores"
"$NETRA_BUILD/bench_check" "$prof" "$ev" "$NETRA_SRC/data" > "$tmp/judge"
cat "$tmp/judge"
jw=$(sed -n 's/.*judge_per_s=\([0-9]*\).*/\1/p' "$tmp/judge")
jc=$(sed -n 's/.*judge_per_cpu_s=\([0-9]*\).*/\1/p' "$tmp/judge")
run() { # run LABEL ARGS...: times netra check, prints its rates
	label=$1
	shift
	"$NETRA_BUILD/bench_rss" "$tmp/rss" "$NETRA_BUILD/netra" check \
		--election "$prof" "$@" "$ev" > /dev/null 2> "$tmp/err" || true
	awk -v l="$label" -v n="$lines" -v jw="$jw" -v jc="$jc" '{
		for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		c = v["user"] + v["sys"]
		printf "check %-10s %6.2f s wall %6.2f s CPU  %8.0f events/s  %8.0f per CPU s  peak RSS %6.1f MB  check/judge: %.2f wall, %.2f per CPU s\n",
		       l, v["wall"], c, n / v["wall"], n / c, v["maxrss_kb"] / 1024,
		       (n / v["wall"]) / jw, (n / c) / jc
	}' "$tmp/rss" | tee -a "$tmp/rates"
	sed -n 's/.*wall=\([0-9.]*\).*/\1/p' "$tmp/rss" > "$tmp/wall_$label"
}
run "threads=1" --threads 1
run "threads=2" --threads 2
run "default"
awk -v a="$(cat "$tmp/wall_threads=1")" -v b="$(cat "$tmp/wall_threads=2")" \
	'BEGIN { printf "2 threads / 1 thread (wall): %.2fx\n", a / b }'
# Where the CPU of --threads 2 goes, per thread (from /proc/PID/task/*/stat,
# sampled every 0.05 s: the last sample of each thread, so up to 0.05 s
# of each is missed): the main thread reads and writes, the workers parse
# and judge. On an otherwise idle 2-core machine the wall time is about
# max(main, C / 2), C the whole CPU time of the --threads 2 run measured
# above: the "idle estimate" (the wall-clock
# figures above are only as good as the machine is idle).
"$NETRA_BUILD/netra" check --election "$prof" --threads 2 "$ev" > /dev/null 2>&1 &
pid=$!
: > "$tmp/ticks"
while kill -0 $pid 2> /dev/null; do
	for t in /proc/$pid/task/*/stat; do
		[ -r "$t" ] && echo "$(basename "$(dirname "$t")") $(cut -d')' -f2 "$t" 2> /dev/null)" >> "$tmp/ticks"
	done
	sleep 0.05
done
wait $pid || true
hz=$(getconf CLK_TCK)
c1=$(sed -n 's/^check threads=1 .* \([0-9.]*\) s CPU.*/\1/p' "$tmp/rates")
c2=$(sed -n 's/^check threads=2 .* \([0-9.]*\) s CPU.*/\1/p' "$tmp/rates")
awk -v pid=$pid -v hz="$hz" -v n="$lines" -v c1="$c1" -v c2="$c2" -v jc="$(sed -n 's/.*judge_cpu=\([0-9.]*\).*/\1/p' "$tmp/judge")" '
	NF > 14 { cpu[$1] = ($13 + $14) / hz }
	END {
		for (t in cpu) if (t == pid) m = cpu[t]; else { w += cpu[t]; nw++ }
		printf "threads=2 CPU: main thread %.2f s (read, write, engine build), %d workers %.2f s (parse, judge)\n", m, nw, w
		est = (m > c2 / 2 ? m : c2 / 2)
		printf "idle estimate: check --threads 2 %.2f s wall, %.0f events/s; check/judge (judge %.2f s) %.2f; 2 threads / 1 thread (%.2f s) %.2fx\n",
		       est, n / est, jc, jc / est, c1, c1 / est
	}' "$tmp/ticks"
