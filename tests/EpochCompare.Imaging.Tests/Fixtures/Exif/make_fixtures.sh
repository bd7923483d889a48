#!/usr/bin/env bash
# EXIF-rotated JPEGs as cameras and phones write them: the stored pixels of ../Jpeg/baseline-444-q95.jpg
# with an Orientation tag set by exiftool (apt-get install libimage-exiftool-perl; made with 12.57).
# Tests check each decodes to the stored picture turned upright (6: 90 degrees clockwise, 8: 270, 3: 180).
set -euo pipefail
cd "$(dirname "$0")"
for value in 3 6 8; do
  exiftool -q -n -Orientation="$value" -o "orientation-$value.jpg" ../Jpeg/baseline-444-q95.jpg
done
