#!/usr/bin/env python3
"""tests/media/poster.py - fictional campaign posters for the media tests and
bench/ocr.sh: lines of bold text rendered on "photographic" noise (smooth
random colour fields with grain, like a blurred street photo behind a
flyer), at a chosen size, rotation, typeface and JPEG quality. Every name,
number and slogan is fictional (the demo city's profile, data/demo).

    poster.py OUT.jpg [--seed N] [--width W] [--rotate DEG] [--quality Q]
              [--font PATH] [--lines "L1|L2|..."] [--crop F] [--png]
    poster.py --set DIR [--count N] [--seed N]   # a measured set + truth.jsonl

The truth file has one JSON object per poster: file, lines, breach (whether
the poster names a pair with a number or slogan, i.e. should become a
finding), width, rotate, quality, font.

Needs python3-pil and Debian font packages (fonts-dejavu-core,
fonts-liberation2). Deterministic for a given seed.
"""
import argparse
import json
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
]

# Posters that breach: a pair's number with a call to vote, or its slogan
# or name (fictional pairs of data/demo/election.yaml).
BREACH = [
    ["AYO PILIH NOMOR 2", "Bersama RAYA Tirtamaya Berjaya"],
    ["COBLOS NOMOR 1", "Tirtamaya Maju Bersama"],
    ["PILIH NOMOR 3", "Damar Menerangi Tirtamaya"],
    ["DUKUNG RUSTAM YOLANDA", "Dari Warga untuk Warga", "COBLOS NOMOR 2"],
    ["HENDRA LUSI", "Kerja Nyata untuk Warga", "PILIH NOMOR 1"],
    ["Coblos Nomor 3", "Terang untuk Semua"],
    ["MENANGKAN NOMOR 2", "Bersama RAYA"],
    ["AYO DUKUNG HENDRA LUSIANA", "Pilih Nomor 1"],
]
# Posters that do not: notices of the city, a market, a health campaign.
CLEAN = [
    ["POSYANDU BALITA", "Setiap Sabtu Pagi", "Balai Warga RW 05"],
    ["PASAR MURAH", "Minyak Goreng dan Beras", "Lapangan Kelurahan"],
    ["KERJA BAKTI", "Bersihkan Saluran Air", "Minggu Pukul Tujuh"],
    ["VAKSINASI GRATIS", "Puskesmas Kecamatan", "Bawa Kartu Keluarga"],
]


def font_list():
    fonts = [f for f in FONTS if os.path.exists(f)]
    if not fonts:
        sys.exit("poster.py: no bold sans font (install fonts-dejavu-core)")
    return fonts


def background(rng, w, h):
    """Smooth random colour fields with grain: a blurred photo look."""
    small = Image.new("RGB", (8, 6))
    small.putdata([(rng.randrange(40, 230), rng.randrange(40, 230),
                    rng.randrange(40, 230)) for _ in range(48)])
    img = small.resize((w, h), Image.BICUBIC)
    blobs = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(w // 12, w // 4)
        c = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        blobs.ellipse([x - r, y - r, x + r, y + r], fill=c)
    img = img.filter(ImageFilter.GaussianBlur(w / 40))
    grain = Image.effect_noise((w, h), 28).convert("RGB")
    return Image.blend(img, grain, 0.18)


def render(lines, seed=1, width=800, rotate=0.0, quality=80, font=None,
           crop=0.0):
    rng = random.Random(seed)
    h = width * 5 // 4
    img = background(rng, width, h)
    draw = ImageDraw.Draw(img)
    path = font or rng.choice(font_list())
    # a band behind the text, as flyers have, in a colour of the picture
    top = h // 5
    size = max(12, width // 14)
    y = top
    for line in lines:
        f = ImageFont.truetype(path, size)
        while draw.textlength(line, font=f) > width * 0.9 and size > 10:
            size -= 2
            f = ImageFont.truetype(path, size)
        tw = draw.textlength(line, font=f)
        x = (width - tw) / 2
        dark = rng.random() < 0.5
        band = (20, 20, 20) if not dark else (245, 240, 230)
        ink = (255, 255, 255) if not dark else (25, 25, 60)
        pad = size // 4
        draw.rectangle([x - pad, y - pad, x + tw + pad, y + size * 1.2 + pad],
                       fill=band)
        draw.text((x, y), line, font=f, fill=ink)
        y += int(size * 1.9)
    if rotate:
        img = img.rotate(rotate, resample=Image.BICUBIC, expand=False,
                         fillcolor=(128, 128, 128))
    if crop:
        dx, dy = int(width * crop), int(h * crop)
        img = img.crop((dx, dy, width - dx, h - dy))
    return img, path


def save(img, out, quality, png=False):
    if png:
        img.save(out, "PNG")
    else:
        img.save(out, "JPEG", quality=quality)


def make_set(d, count, seed):
    rng = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    fonts = font_list()
    widths = [480, 640, 800, 1080]
    rotations = [0, 0, -3, 3, -6, 6]
    qualities = [95, 75, 50, 35]
    with open(os.path.join(d, "truth.jsonl"), "w") as t:
        for i in range(count):
            breach = i % 3 != 2
            lines = rng.choice(BREACH if breach else CLEAN)
            w, rot = rng.choice(widths), rng.choice(rotations)
            q, font = rng.choice(qualities), fonts[i % len(fonts)]
            img, _ = render(lines, seed * 1000 + i, w, rot, q, font)
            name = "poster%03d.jpg" % i
            save(img, os.path.join(d, name), q)
            t.write(json.dumps({"file": name, "lines": lines,
                                "breach": breach, "width": w, "rotate": rot,
                                "quality": q,
                                "font": os.path.basename(font)}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?")
    ap.add_argument("--set")
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--width", type=int, default=800)
    ap.add_argument("--rotate", type=float, default=0.0)
    ap.add_argument("--quality", type=int, default=80)
    ap.add_argument("--font")
    ap.add_argument("--crop", type=float, default=0.0)
    ap.add_argument("--png", action="store_true")
    ap.add_argument("--lines", default="AYO PILIH NOMOR 2|"
                    "Bersama RAYA Tirtamaya Berjaya")
    a = ap.parse_args()
    if a.set:
        make_set(a.set, a.count, a.seed)
        return
    if not a.out:
        ap.error("give OUT or --set DIR")
    img, _ = render(a.lines.split("|"), a.seed, a.width, a.rotate, a.quality,
                    a.font, a.crop)
    save(img, a.out, a.quality, a.png)


if __name__ == "__main__":
    main()
