#!/usr/bin/env python3
"""Writes source.ppm: 75x53 (not a multiple of 8 or 16, so MCU edges are exercised) with smooth
gradients, hard coloured edges, a thin diagonal and noise: every DCT frequency gets work."""
import random

W, H = 75, 53
rnd = random.Random(11)
out = bytearray()
for y in range(H):
    for x in range(W):
        r = x * 255 // (W - 1)
        g = y * 255 // (H - 1)
        b = 128 + int(100 * ((x // 9 + y // 7) % 2 * 2 - 1) * (1 if x > 30 else 0.3))
        if abs(x - y) < 2:
            r, g, b = 250, 250, 20
        if (x - 55) ** 2 + (y - 15) ** 2 < 80:
            r, g, b = 200, 30, 40
        n = rnd.randrange(-12, 13)
        out += bytes(max(0, min(255, v + n)) for v in (r, g, b))
open("source.ppm", "wb").write(b"P6\n%d %d\n255\n" % (W, H) + bytes(out))
