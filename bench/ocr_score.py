#!/usr/bin/env python3
"""bench/ocr_score.py - scores bench/ocr.sh: OCR word accuracy against the
posters' truth, and (given the verdicts) the share of breach posters that
netra check turns into a finding at media[0].ocr_text.

    ocr_score.py TRUTH.jsonl OCR.jsonl EVENTS.jsonl            # writes events
    ocr_score.py TRUTH.jsonl OCR.jsonl EVENTS.jsonl VERDICTS   # prints scores
"""
import collections
import json
import os
import re
import sys


def words(s):
    return re.findall(r"\w+", s.lower())


def main():
    truth = [json.loads(l) for l in open(sys.argv[1])]
    ocr = {}
    for l in open(sys.argv[2]):
        o = json.loads(l)
        ocr[os.path.basename(o["file"])] = o
    if len(sys.argv) == 4:
        with open(sys.argv[3], "w") as f:
            for i, t in enumerate(truth):
                text = ocr.get(t["file"], {}).get("text", "")
                f.write(json.dumps({
                    "platform": "instagram", "id": "p%d" % i, "type": "post",
                    "account": "pegawai.fiktif",
                    "created_at": "2024-10-10T10:00:00+07:00", "text": "",
                    "media": [{"url": t["file"], "ocr_text": text}]}) + "\n")
        return
    verdicts = [json.loads(l) for l in open(sys.argv[4])]
    total = found = 0
    per = collections.defaultdict(lambda: [0, 0])
    for t in truth:
        got = collections.Counter(words(ocr.get(t["file"], {}).get("text", "")))
        for w in words(" ".join(t["lines"])):
            total += 1
            hit = got[w] > 0
            if hit:
                got[w] -= 1
                found += 1
            for key in ("width %d" % t["width"], "rotate %+d" % t["rotate"],
                        "quality %d" % t["quality"]):
                per[key][0] += hit
                per[key][1] += 1
    breach = hit_b = clean = false_b = 0
    for t, v in zip(truth, verdicts):
        fired = any(f.get("field") == "media[0].ocr_text"
                    for f in v.get("findings", []))
        if t["breach"]:
            breach += 1
            hit_b += fired
        else:
            clean += 1
            false_b += fired
    print("ocr word accuracy: %.3f (%d of %d words; goal 0.9)" %
          (found / total, found, total))
    for key in sorted(per, key=lambda k: (k.split()[0], int(k.split()[1]))):
        a, n = per[key]
        print("  %-12s %.3f (%d words)" % (key, a / n, n))
    print("poster breaches found: %.3f (%d of %d; goal 0.9)" %
          (hit_b / breach if breach else 0, hit_b, breach))
    print("false findings on notices: %d of %d" % (false_b, clean))


if __name__ == "__main__":
    main()
