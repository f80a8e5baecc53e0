#!/bin/sh
# tests/integration/redteam9.sh - scores `netra check` on the ninth
# red-team set fixtures/redteam9/ (a twelfth fictional election, written
# before reading the engine's cue lists: a governor election in a Nusa
# Tenggara province, TWO pairs - the sitting governor against his own
# deputy, so both have government ties and the profile marks no incumbent
# -, Kupang Malay on Facebook ("sonde", "beta", "botong", "su", "jang"),
# prayers, church and mosque news, official acts before the leave, a
# nickname that is a common word (Bintang, "star": "hotel bintang 3",
# "kasih bintang 5"), Christian-Muslim and newcomer-native tension, hoax
# forwards in local language, fact-check shares) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A regression guard, not
# a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.889 0.788 0.700 0.966, 'none' flagged 0.024. After the
# fixes of that day: 0.889 0.839 0.762 0.966, 0.024.
score_guard redteam9 "$NETRA_SRC/tests/integration/fixtures/redteam9" 0.83 0.78 0.71 0.91 0.05
