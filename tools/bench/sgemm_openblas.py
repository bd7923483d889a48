#!/usr/bin/env python3
"""OpenBLAS SGEMM GFLOP/s through numpy on the shapes `epochcompare bench --section sgemm` prints.

    OPENBLAS_CORETYPE=Haswell python3 tools/bench/sgemm_openblas.py [threads ...] [--reps N]

Needs Debian's python3-numpy and libopenblas0-pthread; run it with /usr/bin/python3 if another python3 comes first on PATH.
Each thread count runs in a fresh interpreter (OPENBLAS_NUM_THREADS is read at load time).
Prints best and median GFLOP/s of --reps timed calls (default 20) after a 1 s warm-up.
"""
import json
import os
import statistics
import subprocess
import sys
import time

SHAPES = [(1024, 1024, 1024), (256, 384, 128), (512, 768, 256), (1024, 2048, 512)]


def measure(reps):
    import numpy as np

    rng = np.random.default_rng(1)
    out = {}
    for m, n, k in SHAPES:
        for layout in (("NN",) if (m, n, k) == (1024, 1024, 1024) else ("NN", "NT", "TN")):
            a = rng.standard_normal((k, m) if layout == "TN" else (m, k), dtype=np.float32)
            b = rng.standard_normal((n, k) if layout == "NT" else (k, n), dtype=np.float32)
            aa = a.T if layout == "TN" else a
            bb = b.T if layout == "NT" else b
            c = np.empty((m, n), dtype=np.float32)
            # Repeat small shapes so one sample lasts about 20 ms (timer and call overhead stay negligible).
            inner = max(1, int(20e-3 / (2.0 * m * n * k / 100e9)))
            end = time.perf_counter() + 1.0
            while time.perf_counter() < end:
                np.matmul(aa, bb, out=c)
            samples = []
            for _ in range(reps):
                t = time.perf_counter()
                for _ in range(inner):
                    np.matmul(aa, bb, out=c)
                samples.append((time.perf_counter() - t) / inner)
            flops = 2.0 * m * n * k
            out[f"{m}x{n}x{k} {layout}"] = (flops / min(samples) / 1e9, flops / statistics.median(samples) / 1e9)
    return out


def main():
    args = sys.argv[1:]
    reps = 20
    if "--reps" in args:
        i = args.index("--reps")
        reps = int(args[i + 1])
        del args[i : i + 2]
    if os.environ.get("_SGEMM_CHILD"):
        print(json.dumps(measure(reps)))
        return
    for threads in args or ["1", "2"]:
        env = dict(os.environ, _SGEMM_CHILD="1", OPENBLAS_NUM_THREADS=threads)
        env.setdefault("OPENBLAS_CORETYPE", "Haswell")
        res = json.loads(subprocess.run([sys.executable, __file__, "--reps", str(reps)], env=env,
                                        check=True, capture_output=True, text=True).stdout)
        for key, (best, median) in res.items():
            print(f"openblas {key} {threads}t: {best:7.1f} GFLOP/s best, {median:7.1f} median")


if __name__ == "__main__":
    main()
