#!/usr/bin/env python3
"""Second-decoder reference: decodes PNGs with netpbm's pngtopam (libpng) and reduces to 8-bit RGBA
(maxval 65535 -> high byte, smaller maxvals scaled by 255/maxval, gray expanded, missing alpha = 255).
  python3 libpng_reference.py check FILE.png...   compare with the committed FILE.rgba
  python3 libpng_reference.py write FILE.png...   (re)write FILE.rgba from libpng's output
Needs: apt-get install netpbm. Tests use only the committed .rgba files."""
import subprocess, sys


def pam_to_rgba(data):
    header, pos = {}, 0
    lines = []
    while True:
        end = data.index(b"\n", pos)
        line = data[pos:end].decode(); pos = end + 1
        if line == "ENDHDR":
            break
        if line and not line.startswith("#") and line != "P7":
            k, v = line.split(" ", 1); header[k] = v
    w, h, depth, maxval = int(header["WIDTH"]), int(header["HEIGHT"]), int(header["DEPTH"]), int(header["MAXVAL"])
    size = 2 if maxval > 255 else 1
    body = data[pos:]
    samples = [int.from_bytes(body[i:i + size], "big") for i in range(0, w * h * depth * size, size)]
    to8 = (lambda v: v >> 8) if maxval == 65535 else (lambda v: v * 255 // maxval)
    out = bytearray()
    for p in range(w * h):
        px = [to8(v) for v in samples[p * depth:(p + 1) * depth]]
        if depth == 1: px = [px[0]] * 3 + [255]
        elif depth == 2: px = [px[0]] * 3 + [px[1]]
        elif depth == 3: px = px + [255]
        out += bytes(px)
    return bytes(out)


def without_sbit(png):
    """pngtopam reduces maxval to the sBIT precision; sBIT is advisory, so drop it to get all 8 bits."""
    out, p = bytearray(png[:8]), 8
    while p < len(png):
        n = int.from_bytes(png[p:p + 4], "big")
        if png[p + 4:p + 8] != b"sBIT":
            out += png[p:p + 12 + n]
        p += 12 + n
    return bytes(out)


def decode(path):
    png = without_sbit(open(path, "rb").read())
    return pam_to_rgba(subprocess.run(["pngtopam", "-alphapam"], input=png, check=True, capture_output=True).stdout)


if __name__ == "__main__":
    mode, files, bad = sys.argv[1], sys.argv[2:], 0
    for f in files:
        rgba = decode(f)
        ref = f[:-4] + ".rgba"
        if mode == "write":
            open(ref, "wb").write(rgba)
        else:
            expected = open(ref, "rb").read()
            if "rgb" in f and "_trns" in f:
                # pngtopam (netpbm 11) leaves RGB colour-key tRNS out of its alpha plane: compare colour only.
                expected = bytes(b for i, b in enumerate(expected) if i % 4 != 3)
                rgba = bytes(b for i, b in enumerate(rgba) if i % 4 != 3)
            if expected != rgba:
                print("MISMATCH", f); bad += 1
    print(f"{len(files)} files, {bad} mismatches")
    sys.exit(1 if bad else 0)
