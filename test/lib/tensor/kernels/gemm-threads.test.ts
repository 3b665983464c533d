import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gemm } from "../../../../lib/tensor/kernels/gemm";
import { productThreadStats, registerProductThreads, threadCount } from "../../../../lib/tensor/kernels/gemm-threads";
import { setProductThreads } from "../../../../lib/tensor/kernels/gemm-wasm";
import { type Strided, rowMajor, transposedView } from "../../../../lib/tensor/kernels/strided";

// Large products split over helper threads (gemm-threads.ts): the same bits as on one thread, for both WebAssembly
// kernels (direct and packed), transposed operands and a bias row; a memory that is never grown and is let go when
// large; the switch to one thread; and processes that exit by themselves with helpers started.
const root = join(__dirname, "..", "..", "..", "..");

function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.37 + seed) * (1 + (i % 7));
  return out;
}

/** C = A·B (+ bias) with the helpers registered or not. */
function product(a: Strided, b: Strided, bias: Float64Array | null, threaded: boolean): Float64Array {
  const c = new Float64Array(a.rows * b.cols);
  if (threaded) registerProductThreads({ DL4NLP_THREADS: "2" });
  else setProductThreads(null);
  gemm(a, b, c, bias);
  return c;
}

/** Runs a product of this shape until it is split over the helpers (the first ones start helpers for its memory). */
async function splitOnce(m: number, k: number, n: number): Promise<void> {
  registerProductThreads({ DL4NLP_THREADS: "2" });
  const a = rowMajor(values(m * k, 1), m, k);
  const b = rowMajor(values(k * n, 2), k, n);
  for (let i = 0; i < 600; i++) {
    const before = productThreadStats().splitProducts;
    gemm(a, b, new Float64Array(m * n));
    if (productThreadStats().splitProducts > before) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the helper threads never started");
}

describe("products split over threads", () => {
  beforeAll(async () => {
    await splitOnce(1000, 1000, 1000); // helpers on a memory that every case below fits in
  }, 120_000);
  afterAll(() => setProductThreads(null));

  it("two threads start and take large products", () => {
    expect(productThreadStats().ready).toBe(1);
  });

  const cases: [string, () => [Strided, Strided, Float64Array | null]][] = [
    ["256³ (packed kernel)", () => [rowMajor(values(256 * 256, 1), 256, 256), rowMajor(values(256 * 256, 2), 256, 256), null]],
    [
      "5000×32·32×30 + bias (direct kernel: B of 1,024 values)",
      () => [rowMajor(values(5000 * 32, 13), 5000, 32), rowMajor(values(32 * 30, 14), 32, 30), values(30, 15)],
    ],
    [
      "301×517·517×233 (packed kernel, ragged tiles)",
      () => [rowMajor(values(301 * 517, 3), 301, 517), rowMajor(values(517 * 233, 4), 517, 233), null],
    ],
    [
      "a dense layer 64×784·784×128 + bias",
      () => [rowMajor(values(64 * 784, 5), 64, 784), rowMajor(values(784 * 128, 6), 784, 128), values(128, 7)],
    ],
    [
      "Xᵀ·G, A a transposed view (784×64)ᵀ",
      () => [transposedView(values(64 * 784, 8), 784, 64), rowMajor(values(64 * 130, 9), 64, 130), null],
    ],
    [
      "G·Wᵀ, B a transposed view, packed",
      () => [rowMajor(values(200 * 600, 10), 200, 600), transposedView(values(700 * 600, 11), 600, 700), values(700, 12)],
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: the same bits as one thread`, () => {
      const [a, b, bias] = make();
      registerProductThreads({ DL4NLP_THREADS: "2" });
      const before = productThreadStats().splitProducts;
      const threaded = product(a, b, bias, true);
      expect(productThreadStats().splitProducts).toBe(before + 1);
      const single = product(a, b, bias, false);
      expect(threaded).toEqual(single);
    });
  }

  it("a larger product gets a new shared memory and new helpers: the old memory is never grown or detached", async () => {
    await splitOnce(256, 256, 256);
    const first = productThreadStats().memory as SharedArrayBuffer;
    const length = first.byteLength;
    await splitOnce(1300, 1300, 1300);
    const second = productThreadStats().memory as SharedArrayBuffer;
    expect(second).not.toBe(first);
    expect(second.byteLength).toBeGreaterThan(length);
    expect(first.byteLength).toBe(length);
  }, 120_000);

  it("a product needing more than 256 MiB lets its shared memory go afterwards; a small one after a large memory gets a small one", async () => {
    // C of 5000×5400 doubles: 216 MB, 270 MB with the headroom
    await splitOnce(5000, 16, 5400);
    expect(productThreadStats().memory).toBeNull();
    await splitOnce(4000, 16, 1700); // 54 MB, 68 MB with the headroom: kept
    const kept = productThreadStats().memory as SharedArrayBuffer;
    expect(kept.byteLength).toBeGreaterThan(64 * 2 ** 20);
    await splitOnce(256, 256, 256); // a quarter or less of a memory above 64 MiB: swapped for a small one
    expect((productThreadStats().memory as SharedArrayBuffer).byteLength).toBeLessThan(10e6);
  }, 120_000);
});

describe("the thread switch", () => {
  it("DL4NLP_THREADS=1 keeps every product on the calling thread; the default is the cores, at most 8", () => {
    expect(threadCount({ DL4NLP_THREADS: "1" })).toBe(1);
    expect(threadCount({})).toBeGreaterThanOrEqual(1);
    expect(threadCount({})).toBeLessThanOrEqual(8);
  });
  it("a bad DL4NLP_THREADS names the setting", () => {
    for (const bad of ["0", "-2", "two", "1.5"]) expect(() => threadCount({ DL4NLP_THREADS: bad })).toThrow(/DL4NLP_THREADS/);
  });
  it("no product detaches an ArrayBuffer (V8's detach protector stays valid, so typed-array loops keep their speed)", () => {
    const script = join(__dirname, "fixtures", "no-detach.cjs");
    const r = spawnSync(process.execPath, ["--trace-protector-invalidation", script, join(root, "lib", "dist")], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(Number(/split products: (\d+)/.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
    expect(`${r.stdout}${r.stderr}`).not.toContain("ArrayBufferDetaching");
  });
  it("a script whose products used helper threads exits by itself, with the one-thread results", () => {
    const script = join(__dirname, "fixtures", "threads-exit.cjs");
    for (const threads of ["2", "1"]) {
      const r = spawnSync(process.execPath, [script, join(root, "lib", "dist", "index.js")], {
        env: { ...process.env, DL4NLP_THREADS: threads },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.signal, r.stderr).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe("same");
    }
  });
});
