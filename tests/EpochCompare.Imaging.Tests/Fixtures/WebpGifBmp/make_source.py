#!/usr/bin/env python3
"""Writes source-rgb.pam and source-rgba.pam: a 48x32 picture with gradients, hard edges, a little noise
and (in the RGBA one) an alpha ramp with fully transparent and fully opaque parts. Deterministic."""
import random

W, H = 48, 32


def pixels(alpha):
    rnd = random.Random(5)
    out = bytearray()
    for y in range(H):
        for x in range(W):
            n = rnd.randint(-8, 8)
            r = max(0, min(255, x * 255 // (W - 1) + n))
            g = 220 if (x // 6 + y // 4) % 2 else 40
            b = max(0, min(255, 255 - y * 255 // (H - 1) + n))
            px = [r, g, b]
            if alpha:
                px.append(0 if x < 6 else 255 if x >= 40 else (x - 6) * 255 // 34)
            out += bytes(px)
    return bytes(out)


for name, alpha in (("source-rgb.pam", False), ("source-rgba.pam", True)):
    depth = 4 if alpha else 3
    tuple_type = "RGB_ALPHA" if alpha else "RGB"
    header = f"P7\nWIDTH {W}\nHEIGHT {H}\nDEPTH {depth}\nMAXVAL 255\nTUPLTYPE {tuple_type}\nENDHDR\n".encode()
    open(name, "wb").write(header + pixels(alpha))
