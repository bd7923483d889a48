#!/usr/bin/env bash
# Regenerates the JPEG sample fixtures (libjpeg-turbo's cjpeg: apt-get install libjpeg-turbo-progs).
# One prompt, base + epochs 10/20/30, seeds 1 and 2, 48x48: a disc per seed whose colour drifts with the
# epoch over a gradient, named as `sample` names its files (base_s1_p0.jpg, e10_s1_p0.jpg, ...).
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import random
for seed in (1, 2):
    rnd = random.Random(seed)
    cx, cy = rnd.randrange(12, 36), rnd.randrange(12, 36)
    for epoch in (0, 10, 20, 30):
        out = bytearray()
        for y in range(48):
            for x in range(48):
                if (x - cx) ** 2 + (y - cy) ** 2 < 100:
                    out += bytes((200 - 3 * epoch, 40 + 2 * epoch, 20 * seed))
                else:
                    out += bytes((x * 5, y * 5, 120 + epoch))
        name = f"base_s{seed}_p0" if epoch == 0 else f"e{epoch}_s{seed}_p0"
        open(name + ".ppm", "wb").write(b"P6\n48 48\n255\n" + bytes(out))
PY
for ppm in *.ppm; do
  cjpeg -quality 90 -outfile "${ppm%.ppm}.jpg" "$ppm"
  rm "$ppm"
done
