#!/bin/sh
# tests/integration/redteam7.sh - scores `netra check` on the seventh
# red-team set fixtures/redteam7/ (a tenth fictional election, written
# before reading the engine's cue lists: THREE pairs in a Central Java
# city - Javanese mixed in ("ojo milih", "wis wayahe ganti", "sing liyane
# mung janji", "nomer telu"), WhatsApp forwards copied to Facebook, an
# incumbent mayor ("Pak Wali", `incumbent: true` in the profile), a
# Chinese-Indonesian businessman with a kyai, a woman candidate with a
# Christian deputy so that religious and gender contempt appear, acronyms
# and nicknames that are everyday words (DAMAR "lamp", RESTU "blessing",
# Bejo "lucky"), football tables, graduations and queue numbers) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A
# regression guard, not a target. Skips when python3 or the scorer is
# missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.870 0.561 0.750 0.897, 'none' flagged 0.110. After the
# general fixes of that day: 0.889 0.698 0.815 0.929, 'none' flagged 0.014.
score_guard redteam7 "$NETRA_SRC/tests/integration/fixtures/redteam7" 0.83 0.64 0.76 0.87 0.05
