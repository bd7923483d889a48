#!/usr/bin/env python3
"""Writes PNG fixtures for every colour type / bit depth (plain, tRNS, Adam7) through a route
independent of the C# encoder: python's zlib, filters chosen per row in rotation, hand-built chunks.
Beside each NAME.png it writes NAME.rgba, the expected 8-bit RGBA pixels computed from the source
samples (16-bit -> high byte; 1/2/4-bit gray scaled by 255/(2^d-1); tRNS key -> alpha 0).
Run: python3 make_synthetic.py  (then check with check_with_libpng.sh)"""
import random, struct, zlib

W, H = 13, 11
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((x - pred) & 0xFF)
    return out


def pack_samples(samples, depth):
    if depth == 8:
        return bytearray(samples)
    if depth == 16:
        return bytearray(b for s in samples for b in struct.pack(">H", s))
    out, acc, nbits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        nbits += depth
        if nbits == 8:
            out.append(acc); acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return out


def encode(pixels, color_type, depth, interlace, extra_chunks, seed):
    """pixels[y][x] is a tuple of raw samples."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    bpp = max(1, channels * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    rnd = random.Random(seed)
    raw = bytearray()
    for xs, ys, dx, dy in passes:
        cols = list(range(xs, W, dx))
        rows = list(range(ys, H, dy))
        if not cols or not rows:
            continue
        prev = None
        for y in rows:
            row = pack_samples([s for x in cols for s in pixels[y][x]], depth)
            if prev is None:
                prev = bytearray(len(row))
            raw += filter_row(rnd.randrange(5), row, prev, bpp)
            prev = row
    ihdr = struct.pack(">IIBBBBB", W, H, depth, color_type, 0, 0, 1 if interlace else 0)
    comp = zlib.compress(bytes(raw), 9)
    idats = [comp[i:i + 100] for i in range(0, len(comp), 100)]  # several IDATs on purpose
    body = chunk(b"IHDR", ihdr) + b"".join(extra_chunks) + b"".join(chunk(b"IDAT", d) for d in idats)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def to8(v, depth):
    return v >> 8 if depth == 16 else v * 255 // ((1 << depth) - 1)


def make(name, color_type, depth, interlace=False, trns=False, texts=False):
    rnd = random.Random(zlib.crc32(name.encode()) & 0xFFFF)
    maxv = (1 << depth) - 1
    extra, expected = [], bytearray()
    if color_type == 3:
        n = min(1 << depth, 200)
        palette = [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(n)]
        alphas = [rnd.randrange(256) for _ in range(n // 2)] if trns else []
        extra.append(chunk(b"PLTE", bytes(c for p in palette for c in p)))
        if trns:
            extra.append(chunk(b"tRNS", bytes(alphas)))
        pixels = [[(rnd.randrange(n),) for x in range(W)] for y in range(H)]
        for row in pixels:
            for (i,) in row:
                expected += bytes(palette[i]) + bytes([alphas[i] if i < len(alphas) else 255])
    else:
        channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
        pixels = [[tuple(rnd.randrange(maxv + 1) for _ in range(channels)) for x in range(W)] for y in range(H)]
        key = None
        if trns:
            key = pixels[2][3]  # make sure the key occurs, twice
            pixels[7][9] = key
            extra.append(chunk(b"tRNS", b"".join(struct.pack(">H", k) for k in key)))
        for row in pixels:
            for px in row:
                if color_type == 0:
                    g = to8(px[0], depth); expected += bytes([g, g, g, 0 if px == key else 255])
                elif color_type == 2:
                    expected += bytes([to8(v, depth) for v in px]) + bytes([0 if px == key else 255])
                elif color_type == 4:
                    g = to8(px[0], depth); expected += bytes([g, g, g, to8(px[1], depth)])
                else:
                    expected += bytes([to8(v, depth) for v in px])
    if texts:
        extra.append(chunk(b"tEXt", b"parameters\x00a photo of a cat\nSteps: 20"))
        extra.append(chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress("caf\xe9 latin-1".encode("latin-1"))))
        extra.append(chunk(b"iTXt", b"manifest\x00\x01\x00en\x00\x00" + zlib.compress('{"seed":1,"arrow":"\u2192"}'.encode("utf-8"))))
        extra.append(chunk(b"iTXt", b"plain\x00\x00\x00\x00\x00" + "\u00fcber".encode("utf-8")))
    png = encode(pixels, color_type, depth, interlace, extra, zlib.crc32(name.encode()) & 0xFFFF)
    open(f"Synthetic/{name}.png", "wb").write(png)
    open(f"Synthetic/{name}.rgba", "wb").write(bytes(expected))


if __name__ == "__main__":
    for d in (1, 2, 4, 8, 16):
        make(f"gray{d}", 0, d)
    make("gray8_trns", 0, 8, trns=True)
    make("gray2_trns", 0, 2, trns=True)
    make("gray16_trns", 0, 16, trns=True)
    for d in (8, 16):
        make(f"grayalpha{d}", 4, d)
        make(f"rgb{d}", 2, d)
        make(f"rgb{d}_trns", 2, d, trns=True)
        make(f"rgba{d}", 6, d)
    for d in (1, 2, 4, 8):
        make(f"palette{d}", 3, d)
        make(f"palette{d}_trns", 3, d, trns=True)
    for name, ct, d in [("gray1", 0, 1), ("gray4", 0, 4), ("gray16", 0, 16), ("grayalpha8", 4, 8), ("rgb8", 2, 8),
                        ("rgb16", 2, 16), ("rgba8", 6, 8), ("rgba16", 6, 16), ("palette2", 3, 2), ("palette8", 3, 8)]:
        make(f"{name}_adam7", ct, d, interlace=True)
    make("rgb8_texts", 2, 8, texts=True)
