#!/bin/sh
# tests/integration/engine_quality.sh - the engine on a third fictional
# election it was not written against (fixtures/engine/: THREE pairs, other
# names, region and phrasing than ../shared/eval and the demo city). Each
# event of fixtures/engine/events.jsonl carries what a reviewer expects
# ("expect": labels, candidate, and for an image the field its findings
# point into); the test fails on any event judged otherwise. Covers: text
# read off images (media[].ocr_text), the text pipeline (bagi2, CamelCase
# hashtag names, DPT, the clown face), neutral election news and numbers
# or peace signs in other contexts, an acronym that is also a plain word
# (JAYA: "Taman Jaya"), a post repeating a debunk's correction, mockery of
# a number gesture, regional words (Javanese/Sundanese) and numbers as
# words, the region's short form (Lembah Sela -> Lemsel). Then hostile
# input (huge texts, thousands of hashtags, many images) must still give
# one verdict per event.
. "$NETRA_SRC/tests/integration/lib.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 not available"
fx="$NETRA_SRC/tests/integration/fixtures/engine"

expect_rc 0 "$NETRA_BIN" check --election "$fx/election.yaml" \
	--hoaxes "$fx/debunks.jsonl" "$fx/events.jsonl"
cp "$TMP/out" "$TMP/verdicts.jsonl"
python3 - "$fx/events.jsonl" "$TMP/verdicts.jsonl" <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
verdicts = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(events) == len(verdicts), "one verdict per event"
bad = 0
for e, v in zip(events, verdicts):
    x = e["expect"]
    want = sorted(l for l in x["labels"] if l != "none") or ["none"]
    got = sorted(v["labels"])
    why = []
    if v["id"] != e["id"]:
        why.append("id %s" % v["id"])
    if got != want:
        why.append("labels %s, expected %s" % (got, want))
    if x["candidate"] is not None and v["candidate"] != x["candidate"]:
        why.append("candidate %s, expected %s" % (v["candidate"],
                                                   x["candidate"]))
    if x.get("field"):
        fields = {f.get("field") for f in v["findings"]}
        if fields != {x["field"]}:
            why.append("fields %s, expected %s" % (fields, x["field"]))
    # spans point into the text their field names, at words as written
    for f in v["findings"]:
        fld = f.get("field", "text")
        if fld == "text":
            t = e.get("text", "")
        elif fld == "target.text":
            t = e.get("target", {}).get("text", "")
        else:
            k = int(fld[len("media["):fld.index("]")])
            t = e["media"][k]["ocr_text"]
        b = t.encode("utf-8")
        for a, z in f["spans"]:
            if not (0 <= a < z <= len(b)):
                why.append("span [%d,%d] outside %s" % (a, z, fld))
    if why:
        bad = 1
        print("FAIL %s (%s): %s" % (e["id"], e.get("text", ""),
                                    "; ".join(why)))
sys.exit(bad)
PY

# hostile input: huge and odd events are judged, not dropped or crashed on
python3 - "$TMP/stress.jsonl" <<'PY'
import json, sys
words = ("ayo coblos nomor satu paslon dua jangan pilih ojo moal teu bagi2 "
         "#Pilih01HarNing https://t.co/x @harning_1 \u270c\ufe0f \U0001f921 "
         "Lemsel DPT").split()
out = []
for i, n in enumerate([10, 3000, 30000]):
    t = " ".join(words[(i * 7 + k) % len(words)] for k in range(n))
    out.append({"platform": "x", "id": "s%d" % i, "type": "quote",
                "account": "@a", "text": t,
                "target": {"account": "@b", "id": "1", "text": t[:5000]},
                "media": [{"url": "u", "sha256": "0" * 64,
                           "ocr_text": t[:3000]} for _ in range(9)]})
out.append({"platform": "x", "id": "tags", "type": "post", "account": "@a",
            "text": " ".join("#Tag%dHarNing" % k for k in range(4000))})
out.append({"platform": "x", "id": "camel", "type": "post", "account": "@a",
            "text": "#" + "HaR" * 30000})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
PY
expect_rc 0 "$NETRA_BIN" check --election "$fx/election.yaml" \
	--hoaxes "$fx/debunks.jsonl" "$TMP/stress.jsonl"
n=$(grep -c '"rulebook"' "$TMP/out")
[ "$n" -eq 5 ] || fail "stress: $n verdicts for 5 events"
echo "ok"
