#!/usr/bin/env bash
# Regenerates the WebP, GIF and BMP fixtures with Debian's tools (apt-get install webp netpbm; made with
# libwebp 1.2.4 and netpbm 11.01). Each NAME.webp is encoded by cwebp and NAME.rgba is dwebp's decode of
# it (dwebp -pam, header stripped: 8-bit RGBA rows). first-frame.gif / rgb24.bmp are netpbm's encodes of
# the RGB source, whose pixels (source-rgb.rgba) they must decode to exactly. Tests need only the results.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_source.py
pamtopng source-rgb.pam > source-rgb.png
pamtopng source-rgba.pam > source-rgba.png
strip_pam() { python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.index(b"ENDHDR\n")+7; open(sys.argv[2],"wb").write(d[i:])' "$1" "$2"; }
while read -r name source options; do
  # shellcheck disable=SC2086
  cwebp -quiet $options "$source" -o "$name.webp"
  dwebp -quiet "$name.webp" -pam -o "$name.pam"
  strip_pam "$name.pam" "$name.rgba"
  rm "$name.pam"
done <<'LIST'
lossy-q80 source-rgb.png -q 80
lossy-q50-alpha source-rgba.png -q 50 -alpha_q 100
lossless source-rgb.png -lossless
lossless-alpha source-rgba.png -lossless -exact
LIST
# GIF holds at most 256 colours: quantise the source to 200 first and keep that as the GIF's reference.
# first-frame.gif is animated: frame 1 the quantised picture, frame 2 its mirror image (same colour map),
# spliced from two single-frame GIFs (frame 2's blocks after its header and colour table).
pnmcolormap -quiet 200 source-rgb.pam > map.pam
pnmremap -quiet -mapfile=map.pam source-rgb.pam > quantised.pam
pamflip -lr quantised.pam > mirrored.pam
pamtogif -quiet -mapfile=map.pam quantised.pam > frame1.gif
pamtogif -quiet -mapfile=map.pam mirrored.pam > frame2.gif
python3 -c '
import sys
a, b = open("frame1.gif", "rb").read(), open("frame2.gif", "rb").read()
table = 3 * 2 ** ((b[10] & 7) + 1) if b[10] & 0x80 else 0
assert a[:13 + table] == b[:13 + table], "frames must share the header and colour table"
open("first-frame.gif", "wb").write(a[:-1] + b[13 + table:])'
strip_pam quantised.pam first-frame.rgb
rm -f map.pam mirrored.pam frame1.gif frame2.gif
ppmtobmp source-rgb.pam > rgb24.bmp 2>/dev/null
strip_pam source-rgb.pam rgb24.rgb
rm -f source-rgb.pam source-rgba.pam source-rgb.png source-rgba.png quantised.pam
