"""numpy's matrix products for kernels.bench.mjs: python numpy_matmul.py <size>... ; prints one JSON line
{size: {"cpu": s, "wall": s}} per call, median of several calls, float64, with the BLAS threads the environment
allows (the bench runs it once with OPENBLAS_NUM_THREADS=1 and once with the machine's cores)."""
import json
import sys
import time

import numpy as np


def mat(n, f):
    i = np.arange(n).reshape(-1, 1)
    j = np.arange(n).reshape(1, -1)
    return f(i, j)


out = {}
for n in [int(a) for a in sys.argv[1:]]:
    A = mat(n, lambda i, j: ((i * 31 + j * 17) % 97) / 97 - 0.5)
    B = mat(n, lambda i, j: ((i * 13 + j * 7) % 89) / 89 - 0.5)
    A @ B
    calls = max(1, int(4e8 / (2 * n**3)))
    cpu, wall = [], []
    for _ in range(5):
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(calls):
            A @ B
        cpu.append((time.process_time() - c0) / calls)
        wall.append((time.perf_counter() - w0) / calls)
    out[n] = {"cpu": sorted(cpu)[2], "wall": sorted(wall)[2]}
print(json.dumps(out))
