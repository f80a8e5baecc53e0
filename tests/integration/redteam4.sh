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
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max (reached: 0.952 0.872 1.000
# 1.000 0.000 on 2026-11-25; first run before any fix: 0.826 0.667 0.833
# 1.000 0.056; hate_speech has 7 and hoax 6 events, so their guards allow
# one miss; a neutral call to vote "datang ke TPS" must not match the
# debunk about voting without an invitation)
score_guard redteam4 "$NETRA_SRC/tests/integration/fixtures/redteam4" 0.90 0.82 0.90 0.90 0.05
