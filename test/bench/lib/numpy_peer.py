"""The numpy candidate of the library benchmark: python numpy_peer.py <inputs.json> <runs>.

Same workloads as workloads.mjs (the integer formulas are copied verbatim), float64, one BLAS thread
(lib.bench.mjs sets OPENBLAS_NUM_THREADS=1 and friends). Times are CPU seconds (time.process_time). Prints one JSON line.
"""
import json
import sys
import time

import numpy as np

inputs = json.load(open(sys.argv[1]))
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
SIZES = [4, 64, 256, 1024]
IRIS = {"hidden": 16, "epochs": 2000, "lr": 0.1}
MNIST = {"n": 60000, "d": 784, "hidden": 128, "k": 10, "batch": 64, "lr": 0.1}


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def time_runs(f, runs, warmup=1):
    for _ in range(warmup):
        f()
    cpu, wall, last = [], [], None
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        last = f()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return median(cpu), median(wall), last


def calls_for(f, seconds):
    n = 1
    while True:
        t0 = time.process_time()
        for _ in range(n):
            f()
        dt = time.process_time() - t0
        if dt >= seconds / 4 or n >= 1 << 26:
            return max(1, int(np.ceil(n * seconds / max(dt, 1e-6))))
        n *= 4


matmul = []
for n in SIZES:
    i = np.arange(n).reshape(-1, 1)
    j = np.arange(n).reshape(1, -1)
    A = ((i * 31 + j * 17) % 97) / 97 - 0.5
    B = ((i * 13 + j * 7) % 89) / 89 - 0.5
    once = lambda: A @ B  # noqa: E731
    calls = calls_for(once, 0.5 if n >= 1024 else 0.25)

    def many():
        r = None
        for _ in range(calls):
            r = once()
        return r

    cpu, wall, C = time_runs(many, max(3, runs - 2) if n >= 1024 else runs)
    matmul.append({"size": n, "seconds": cpu / calls, "wall": wall / calls, "checksum": float(C.sum())})


def softmax_ce(logits, Y):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -(Y * logp).sum() / len(Y), np.exp(logp)


def train(X, Y, init, epochs, batch, lr):
    W1, b1 = np.array(init["W1"], dtype=np.float64), np.array(init["b1"], dtype=np.float64)
    W2, b2 = np.array(init["W2"], dtype=np.float64), np.array(init["b2"], dtype=np.float64)
    n = len(X)
    for _ in range(epochs):
        for s in range(0, n, batch):
            xb, yb = X[s : s + batch], Y[s : s + batch]
            m = len(xb)
            a1 = xb @ W1 + b1
            h = np.maximum(a1, 0)
            logits = h @ W2 + b2
            _, p = softmax_ce(logits, yb)
            g2 = (p - yb) / m
            gW2 = h.T @ g2
            gb2 = g2.sum(axis=0)
            g1 = (g2 @ W2.T) * (a1 > 0)
            gW1 = xb.T @ g1
            gb1 = g1.sum(axis=0)
            W1 -= lr * gW1
            b1 -= lr * gb1
            W2 -= lr * gW2
            b2 -= lr * gb2
    return W1, b1, W2, b2


def final_loss(weights, X, Y):
    W1, b1, W2, b2 = weights
    return float(softmax_ce(np.maximum(X @ W1 + b1, 0) @ W2 + b2, Y)[0])


Xi = np.array(inputs["iris"]["X"], dtype=np.float64)
Yi = np.eye(3)[np.array(inputs["iris"]["y"])]
train(Xi, Yi, inputs["iris"]["init"], 200, len(Xi), IRIS["lr"])
cpu, wall, w = time_runs(lambda: train(Xi, Yi, inputs["iris"]["init"], IRIS["epochs"], len(Xi), IRIS["lr"]), runs, 0)
iris = {"seconds": cpu, "wall": wall, "finalLoss": final_loss(w, Xi, Yi)}

n, d = MNIST["n"], MNIST["d"]
i = np.arange(n).reshape(-1, 1)
j = np.arange(d).reshape(1, -1)
Xm = ((i * 7919 + j * 104729) % 1000) / 1000
ym = (np.arange(n) * 7 + (np.arange(n) >> 4)) % 10
Ym = np.eye(MNIST["k"])[ym]
train(Xm[: MNIST["batch"] * 40], Ym[: MNIST["batch"] * 40], inputs["mnist"]["init"], 1, MNIST["batch"], MNIST["lr"])
cpu, wall, w = time_runs(lambda: train(Xm, Ym, inputs["mnist"]["init"], 1, MNIST["batch"], MNIST["lr"]), runs, 0)
mnist = {"seconds": cpu, "wall": wall, "finalLoss": final_loss(w, Xm, Ym)}

print(json.dumps({"backend": "numpy", "version": np.__version__, "matmul": matmul, "iris": iris, "mnist": mnist}))
