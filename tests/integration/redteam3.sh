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
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max (reached: 0.931 0.941 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.912 0.833 0.947
# 1.000 0.000; hate_speech has 10 events, so its guard allows one miss)
score_guard redteam3 "$NETRA_SRC/tests/integration/fixtures/redteam3" 0.88 0.89 0.94 0.95 0.05
