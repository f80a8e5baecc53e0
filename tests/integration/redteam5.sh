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
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max (reached: 1.000 0.909 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: the same; hoax has
# 6 events, so its guard allows one miss)
score_guard redteam5 "$NETRA_SRC/tests/integration/fixtures/redteam5" 0.95 0.86 0.95 0.90 0.05
