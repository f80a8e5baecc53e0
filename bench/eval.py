#!/usr/bin/env python3
"""bench/eval.py - netra against fixed baselines on every labelled set.

usage: python3 bench/eval.py [--bin build/netra] [--shared ../shared]
                             [--out bench/results/eval.txt] [--sets a,b]

For each labelled set (the real ones in ../shared/eval/real, the fictional
dev, dev2 and tests/integration/fixtures/redteam*) it runs, in the same run:
  - netra (`netra check --election E --hoaxes D POSTS`), scored with
    ../shared/eval/score.py (lenient: a label counts whatever the pair)
    and strictly (a support or attack counts only with the right pair);
  - where the shipped stance model was trained on the set (its name in
    data/model/stance.folds), netra again with 10 fold models, each event
    judged by the model that did not see it: the cross-validated figure;
  - the three baselines of docs/eval.md, defined there before their first
    run and not tuned afterwards: keyword monitor, "support for the pair
    named", word overlap (50%) for hoax.
Then the everyday-posts estimate (docs/eval.md): ordinary tweets of
../shared/data/ibrohim2019 judged with two profiles, share flagged.
Python 3 standard library only. Writes OUT and prints it.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

LABELS = ["support", "attack", "hate_speech", "hoax"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---- the baselines (docs/eval.md; fixed before their first run) --------

SUPPORT_WORDS = ["dukung", "pilih", "coblos", "menang", "lanjutkan",
                 "memilih", "dipilih", "nyoblos", "mendukung", "dukungan"]
ATTACK_WORDS = ["jangan pilih", "tolak", "gagal", "bohong", "korupsi",
                "curang"]


def parse_profile(path):
    """The subset of the election.yaml schema the baselines need: per pair
    its number and reference phrases (names, aliases, hashtags, account
    handles), lower case."""
    pairs = []
    cur = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*-\s*number:\s*(\d+)", line)
        if m:
            cur = {"number": int(m.group(1)), "refs": []}
            pairs.append(cur)
            continue
        if cur is None:
            continue
        m = re.match(r"\s*(names|aliases|hashtags):\s*\[(.*)\]", line)
        if m:
            for q, u in re.findall(r'"([^"]*)"|([^,\s][^,]*)', m.group(2)):
                w = (q or u).strip().strip("'").lower()
                if w:
                    cur["refs"].append(w.lstrip("#"))
        for h in re.findall(r'handle:\s*"?([^",}\s]+)', line):
            cur["refs"].append(h.lstrip("@").lower())
    return pairs


def words(text):
    return re.findall(r"[a-z0-9_]+", text.lower())


def has_phrase(toks, phrase):
    p = words(phrase)
    if not p:
        return -1
    for i in range(len(toks) - len(p) + 1):
        if toks[i:i + len(p)] == p:
            return i
    return -1


def first_pair(text, pairs):
    """The pair named first: a reference phrase as whole words (a hashtag
    or handle is one word, '#' and '@' dropped), or "nomor/no/paslon/
    nomor urut N", or a zero-padded "0N"."""
    toks = words(text)
    best, where = None, None
    for p in pairs:
        pos = [has_phrase(toks, r) for r in p["refs"]]
        n = str(p["number"])
        for i, t in enumerate(toks):
            if t == "0" + n or (t == n and i > 0 and
                                toks[i - 1] in ("nomor", "no", "paslon",
                                                "urut", "nomer")):
                pos.append(i)
        pos = [x for x in pos if x >= 0]
        if pos and (where is None or min(pos) < where):
            best, where = p["number"], min(pos)
    return best


def any_word(toks, lst):
    for w in lst:
        if " " in w:
            if has_phrase(toks, w) >= 0:
                return True
        elif any(t.startswith(w) for t in toks):
            return True
    return False


def load_abusive(shared):
    path = os.path.join(shared, "data/ibrohim2019/abusive.csv")
    out = set()
    with open(path, encoding="latin-1") as f:
        for i, row in enumerate(csv.reader(f)):
            if i and row and row[0].strip():
                out.add(row[0].strip().lower())
    return out


def keyword_monitor(text, pairs, abusive):
    toks = words(text)
    cand = first_pair(text, pairs)
    labels = []
    if cand is not None and any_word(toks, SUPPORT_WORDS):
        labels.append("support")
    if cand is not None and any_word(toks, ATTACK_WORDS):
        labels.append("attack")
    if any(t in abusive for t in toks):
        labels.append("hate_speech")
    return labels, cand


def pair_named(text, pairs):
    cand = first_pair(text, pairs)
    return (["support"], cand) if cand is not None else ([], None)


def load_stop(shared):
    path = os.path.join(shared, "data/stopwords-iso/stopwords-iso-id.txt")
    return {w.strip().lower() for w in open(path, encoding="utf-8")}


def content(text, stop):
    return {w for w in words(text) if len(w) >= 3 and w not in stop
            and not w.isdigit()}


class Overlap:
    """Word overlap (50%): a post is a hoax when it holds at least half of
    the content words (3+ letters, not digits, not stopwords-iso) of some
    debunked claim that has at least two."""

    def __init__(self, debunks, stop):
        self.stop = stop
        self.claims = []
        self.post = {}
        for line in open(debunks, encoding="utf-8"):
            if not line.strip():
                continue
            cw = content(json.loads(line).get("claim", ""), stop)
            if len(cw) >= 2:
                k = len(self.claims)
                self.claims.append(len(cw))
                for w in cw:
                    self.post.setdefault(w, []).append(k)

    def hoax(self, text):
        hits = {}
        for w in content(text, self.stop):
            for k in self.post.get(w, ()):
                hits[k] = hits.get(k, 0) + 1
        return any(2 * n >= self.claims[k] for k, n in hits.items())


# ---- running and scoring -------------------------------------------------

def event_text(ev):
    parts = [ev.get("text") or ""]
    t = ev.get("target") or {}
    if ev.get("type") in ("repost", "quote") and t.get("text"):
        parts.append(t["text"])
    return " ".join(parts)


def baseline_verdicts(posts, pairs, abusive, overlap):
    km, pn, ov = [], [], []
    for ev in posts:
        text = event_text(ev)
        lab, cand = keyword_monitor(text, pairs, abusive)
        km.append({"id": ev["id"], "labels": lab or ["none"],
                   "candidate": cand})
        lab, cand = pair_named(text, pairs)
        pn.append({"id": ev["id"], "labels": lab or ["none"],
                   "candidate": cand})
        hx = overlap.hoax(text)
        ov.append({"id": ev["id"], "labels": ["hoax"] if hx else ["none"],
                   "candidate": None})
    return {"keyword monitor": km, "pair named": pn, "overlap 50%": ov}


def score(posts, verdicts):
    """score.py's counts plus the strict ones (support/attack only with the
    right pair, when the gold names one)."""
    got = {str(v["id"]): v for v in verdicts}
    st = {l: [0, 0, 0] for l in LABELS}
    strict = {l: [0, 0, 0] for l in ("support", "attack")}
    none_t = none_f = 0
    for ev in posts:
        exp = set(ev["expect"]["labels"]) - {"none"}
        v = got.get(str(ev["id"]), {})
        lab = set(v.get("labels", [])) - {"none"}
        want = ev["expect"].get("candidate")
        right = want is None or v.get("candidate") == want
        for l in LABELS:
            s = st[l]
            if l in exp and l in lab:
                s[0] += 1
            elif l in lab:
                s[1] += 1
            elif l in exp:
                s[2] += 1
            if l in strict:
                s = strict[l]
                if l in exp and l in lab and right:
                    s[0] += 1
                else:
                    s[1] += l in lab
                    s[2] += l in exp
        if not exp:
            none_t += 1
            none_f += bool(lab)
    return st, strict, (none_f, none_t)


def f1(s):
    tp, fp, fn = s
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def present(posts):
    out = set()
    for ev in posts:
        out |= set(ev["expect"]["labels"]) - {"none"}
    return out


def row(name, posts, verdicts):
    st, strict, (nf, nt) = score(posts, verdicts)
    have = present(posts)
    cells = []
    for l in LABELS:
        if l not in have:
            cells.append("    -")
        elif l in strict:
            cells.append(f"{f1(st[l]):.3f}/{f1(strict[l]):.3f}")
        else:
            cells.append(f"{f1(st[l]):.3f}")
    none = f"{nf}/{nt} ({nf / nt:.3f})" if nt else "-"
    return (f"  {name:22} {cells[0]:>11} {cells[1]:>11} {cells[2]:>7}"
            f" {cells[3]:>7}  {none}")


def run_netra(binp, d, posts_path, data_dir=None):
    cmd = [binp, "check", "--election", os.path.join(d, "election.yaml"),
           "--hoaxes", os.path.join(d, "debunks.jsonl")]
    if data_dir:
        cmd += ["--data", data_dir]
    cmd.append(posts_path)
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=True).stdout.decode("utf-8")
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def load_jsonl(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def load_folds(path):
    """data/model/stance.folds: '# set NAME' lines, then 'id fold' lines."""
    folds = {}
    cur = None
    if not os.path.exists(path):
        return folds
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("# set "):
            cur = folds.setdefault(line[6:].strip(), {})
        elif line and not line.startswith("#") and cur is not None:
            i, k = line.rsplit(" ", 1)
            cur[i] = int(k)
    return folds


def cv_verdicts(binp, d, posts, folds, name, shared):
    """Each event judged by the stance model trained without its fold:
    `netra model stance-train --exclude-fold` writes the fold models.
    Events that are no training instance (not in the folds) are judged by
    the shipped model, which never saw them either."""
    tmp = tempfile.mkdtemp(prefix="netra-cv-")
    try:
        data = os.path.join(ROOT, "data")
        out = []
        for k in sorted(set(folds.values())):
            dd = os.path.join(tmp, f"data{k}")
            shutil.copytree(data, dd, symlinks=True)
            subprocess.run([binp, "model", "stance-train", "--data-dir",
                            data, "--shared", shared, "--out",
                            os.path.join(dd, "model/stance.model"),
                            "--exclude-fold", f"{name}:{k}"],
                           stdout=subprocess.DEVNULL, check=True)
            part = [ev for ev in posts if folds.get(str(ev["id"])) == k]
            pp = os.path.join(tmp, f"posts{k}.jsonl")
            with open(pp, "w", encoding="utf-8") as f:
                for ev in part:
                    f.write(json.dumps(ev, ensure_ascii=False) + "\n")
            out += run_netra(binp, d, pp, dd)
        # events no model trained on (hate speech, hoax): the shipped one
        rest = [ev for ev in posts if str(ev["id"]) not in folds]
        if rest:
            pp = os.path.join(tmp, "rest.jsonl")
            with open(pp, "w", encoding="utf-8") as f:
                for ev in rest:
                    f.write(json.dumps(ev, ensure_ascii=False) + "\n")
            out += run_netra(binp, d, pp)
        return out
    finally:
        shutil.rmtree(tmp)


POLITICAL = ["presiden", "jokowi", "prabowo", "ahok", "anies", "sandi",
             "agus", "djarot", "pilkada", "pemilu", "pilpres", "capres",
             "cawapres", "partai", "dpr", "gubernur", "bupati", "walikota",
             "wali kota", "kampanye", "pilih", "coblos", "paslon", "calon",
             "menteri", "pemerintah", "politik", "2019", "ganti", "rezim",
             "pki", "cebong", "kampret", "islam", "kafir", "cina", "china",
             "aseng", "asing", "kristen", "agama", "ulama", "habib",
             "demokrat", "gerindra", "pdip", "pks", "golkar", "negara",
             "indonesia", "ktp", "kpu", "bawaslu", "dukung", "hoax", "hoaks",
             "fpi", "ormas", "umat", "muslim"]


def decode_ib(raw):
    """re_dataset.csv text: literal \\xNN escapes are bytes, literal \\n a
    space; bytes that are not UTF-8 read as Latin-1 (as the C trainer)."""
    b = raw.encode("latin-1", "replace")
    b = re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
               b).replace(b"\\n", b" ")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return b.decode("latin-1")


def everyday(shared, limit=3000):
    """Ordinary tweets: rows of re_dataset.csv with HS = 0 and Abusive = 0
    whose text has none of the POLITICAL words (docs/eval.md)."""
    path = os.path.join(shared, "data/ibrohim2019/re_dataset.csv")
    out = []
    with open(path, encoding="latin-1") as f:
        r = csv.reader(f)
        head = next(r)
        hs, ab = head.index("HS"), head.index("Abusive")
        for n, rowv in enumerate(r):
            if rowv[hs] != "0" or rowv[ab] != "0":
                continue
            t = decode_ib(rowv[0])
            t = re.sub(r"\b(USER|URL|RT)\b", " ", t)
            low = " ".join(words(t))
            if any(re.search(r"\b" + re.escape(w), low) for w in POLITICAL):
                continue
            out.append({"platform": "x", "id": f"ib{n}", "type": "post",
                        "account": "@warga", "text": t.strip(),
                        "expect": {"labels": ["none"], "candidate": None}})
            if len(out) >= limit:
                break
    return out


def sets(shared):
    real = os.path.join(shared, "eval/real")
    out = []
    for n in sorted(os.listdir(real)) if os.path.isdir(real) else []:
        out.append((n, os.path.join(real, n), "real"))
    for n in ("dev", "dev2"):
        out.append((n, os.path.join(shared, "eval", n), "fictional"))
    fx = os.path.join(ROOT, "tests/integration/fixtures")
    rts = [n for n in os.listdir(fx) if re.fullmatch(r"redteam\d*", n)]
    for n in sorted(rts, key=lambda s: int(s[7:] or 1)):
        out.append((n, os.path.join(fx, n), "fictional"))
    return out


def main():
    a = sys.argv[1:]

    def opt(name, dflt):
        return a[a.index(name) + 1] if name in a else dflt
    binp = opt("--bin", os.path.join(ROOT, "build/netra"))
    shared = opt("--shared", os.path.join(ROOT, "../shared"))
    outp = opt("--out", os.path.join(ROOT, "bench/results/eval.txt"))
    only = opt("--sets", "")
    abusive, stop = load_abusive(shared), load_stop(shared)
    folds = load_folds(os.path.join(ROOT, "data/model/stance.folds"))
    lines = [
        "# netra and the baselines of docs/eval.md on every labelled set,"
        " one run (python3 bench/eval.py)",
        "# cells: F1 as ../shared/eval/score.py counts it (a label whatever"
        " the pair) / strict F1 (support and attack only with the right"
        " pair); '-': the set has no such label; last column: 'none' events"
        " flagged",
        "# 'netra (10-fold CV)': the set was trained on; each event judged"
        " by the stance model trained without its fold (data/model/"
        "stance.folds): the figure to quote for that set",
        "", f"  {'system':22} {'support':>11} {'attack':>11} {'hate':>7}"
        f" {'hoax':>7}  none flagged"]
    details = []
    for name, d, kind in sets(shared):
        if only and name not in only.split(","):
            continue
        pp = os.path.join(d, "posts.jsonl")
        if not os.path.exists(pp):
            continue
        posts = load_jsonl(pp)
        pairs = parse_profile(os.path.join(d, "election.yaml"))
        lines.append(f"== {name} ({kind}, {len(posts)} events)")
        v = run_netra(binp, d, pp)
        trained = name in folds
        lines.append(row("netra" + (" (saw this set)" if trained else ""),
                         posts, v))
        if trained:
            cv = cv_verdicts(binp, d, posts, folds[name], name, shared)
            lines.append(row("netra (10-fold CV)", posts, cv))
        ov = Overlap(os.path.join(d, "debunks.jsonl"), stop)
        for bn, bv in baseline_verdicts(posts, pairs, abusive, ov).items():
            lines.append(row(bn, posts, bv))
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl",
                                         delete=False) as f:
            for x in (cv if trained else v):
                f.write(json.dumps(x, ensure_ascii=False) + "\n")
        sc = subprocess.run([sys.executable,
                             os.path.join(shared, "eval/score.py"), pp,
                             f.name], stdout=subprocess.PIPE).stdout.decode()
        os.unlink(f.name)
        details.append(f"== {name}: score.py on netra"
                       f"{' (10-fold CV)' if trained else ''}\n"
                       + "\n".join(sc.splitlines()[:40]))
    if not only:
        ev = everyday(shared)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl",
                                         delete=False) as f:
            for x in ev:
                f.write(json.dumps(x, ensure_ascii=False) + "\n")
        lines.append(f"== everyday posts ({len(ev)} ordinary tweets of "
                     "ibrohim2019, docs/eval.md): share flagged")
        for pn in ("pilkada-dki-2017", "dev"):
            d = [s[1] for s in sets(shared) if s[0] == pn][0]
            v = run_netra(binp, d, f.name)
            fl = [x for x in v if set(x.get("labels", [])) - {"none"}]
            per = " ".join(f"{l} {sum(l in x.get('labels', []) for x in v)}"
                           for l in LABELS)
            lines.append(f"  netra, profile {pn:18} {len(fl)}/{len(v)}"
                         f" ({len(fl) / max(1, len(v)):.4f}): {per}")
        os.unlink(f.name)
    text = "\n".join(lines) + "\n\n" + "\n\n".join(details) + "\n"
    with open(outp, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
