#!/bin/sh
# tests/integration/redteam14.sh - scores `netra check` on the fourteenth
# red-team set fixtures/redteam14/ (a seventeenth fictional election,
# written before reading the engine's cue lists and scored first on an
# engine that had never seen it: a polarised governor race modelled on
# 2017-2018 political Twitter, FOUR pairs whose acronyms are words (AYO,
# NAFAS, GEMA, HARTA), a nationalist pair with a Chinese-Indonesian
# Christian deputy, an Islamic-party pair, an independent, the sitting
# vice-governor (`incumbent: true`); "RT @akun:", hashtag wars, cebong /
# kampret / kadrun / aseng / PKI, polls, fact-check retweets, football
# chants that share the words) with ../shared/eval/score.py, and fails
# when a label's F1 drops below the engine's score when this guard was
# written minus about 0.05, or when more than 6% of the 'none' events are
# flagged (5.3% when written: above the 5% target, see below). A
# regression guard, not a target. Skips when python3 or the scorer is
# missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.831 0.754 0.970 0.917, 'none' flagged 0.105. After the
# fixes of that day ("gubernur baru siapapun nanti", fact checks that
# repeat an allegation, hand signs of two pairs, team words with "kita"):
# 0.853 0.780 0.970 0.917, 0.053 - still flagged: a football chant "Ayo
# Persiba ... satu putaran", a song titled like a pair's acronym, a
# description of a hashtag war, an operational question under a
# candidate's post.
score_guard redteam14 "$NETRA_SRC/tests/integration/fixtures/redteam14" 0.80 0.73 0.92 0.86 0.06
