#!/usr/bin/env bash
# Regenerates the JPEG conformance fixtures with Debian's libjpeg-turbo tools
# (apt-get install libjpeg-turbo-progs; these were made with libjpeg-turbo 2.1.5).
# source.ppm is a synthetic picture written by make_source.py; each NAME.jpg is encoded by cjpeg,
# each NAME.ppm (or .pgm) is djpeg's default decode (-dct int, fancy upsampling). Tests need only the results.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_source.py
while read -r name options; do
  # shellcheck disable=SC2086
  cjpeg $options -outfile "$name.jpg" source.ppm
  if [[ "$options" == *-grayscale* ]]; then out="$name.pgm"; else out="$name.ppm"; fi
  djpeg -outfile "$out" "$name.jpg"
done <<'LIST'
baseline-420-q90 -quality 90 -sample 2x2
baseline-422-q85 -quality 85 -sample 2x1
baseline-444-q95 -quality 95 -sample 1x1
baseline-440-q80 -quality 80 -sample 1x2
baseline-420-q50-optimized -quality 50 -optimize
baseline-444-q100 -quality 100 -sample 1x1
baseline-420-restart1row -quality 75 -restart 1
baseline-444-restart5blocks -quality 75 -sample 1x1 -restart 5B
baseline-gray-q90 -quality 90 -grayscale
progressive-420-q90 -quality 90 -progressive
progressive-422-q75 -quality 75 -sample 2x1 -progressive
progressive-444-q95 -quality 95 -sample 1x1 -progressive
progressive-gray-q80 -quality 80 -grayscale -progressive
progressive-420-restart2rows -quality 85 -progressive -restart 2
LIST
rm source.ppm
