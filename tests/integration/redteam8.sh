#!/bin/sh
# tests/integration/redteam8.sh - scores `netra check` on the eighth
# red-team set fixtures/redteam8/ (an eleventh fictional election, written
# before reading the engine's cue lists: FOUR pairs in a satellite city
# of Jakarta, Gen-Z X/TikTok/Instagram style with English code-mixing -
# "red flag", "no debat", "ratu kita no.2", "real." quotes, threads, fake
# polls -, an incumbent (`incumbent: true`), an independent pair, a former
# celebrity known by her stage name, acronyms that are words (HOPE, BENAR),
# Chinese-, Arab- and Batak-Indonesian candidates so that ethnic hate
# appears, hoaxes told as screenshots, and hard negatives: canteen food
# "fix no.3", stan language about a karaoke contest, concert and
# graduation hand signs, a meme mocking all four pairs) with
# ../shared/eval/score.py, and fails when a label's F1 drops below the
# engine's score when this guard was written minus about 0.05, or when
# more than 5% of the 'none' events are flagged. A regression guard, not
# a target. Skips when python3 or the scorer is missing.
set -u
. "$NETRA_SRC/tests/integration/lib_score.sh"
score_require
# support attack hate_speech hoax none_fp_max. First run, before any fix
# (2026-11-25): 0.730 0.596 0.889 0.786, 'none' flagged 0.028. After the
# fixes of that day (other pairs' insults, "yang tidak ..." clauses,
# mocking emoji, hoax allegations, ...): 0.820 0.772 0.966 0.786, 0.028.
score_guard redteam8 "$NETRA_SRC/tests/integration/fixtures/redteam8" 0.77 0.72 0.91 0.73 0.05
