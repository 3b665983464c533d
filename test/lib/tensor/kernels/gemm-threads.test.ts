import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gemm } from "../../../../lib/tensor/kernels/gemm";
import { productThreadStats, registerProductThreads, threadCount } from "../../../../lib/tensor/kernels/gemm-threads";
import { setProductThreads } from "../../../../lib/tensor/kernels/gemm-wasm";
import { type Strided, rowMajor, transposedView } from "../../../../lib/tensor/kernels/strided";

// Large products split over helper threads (gemm-threads.ts): the same bits as on one thread, for both WebAssembly
// kernels (direct and packed), transposed operands and a bias row, however the chunks fall to the threads (helpers
// that wake late, products in quick succession); a memory that is never grown and is let go when large; the switch to
// one thread; and processes that exit by themselves with helpers started.
const root = join(__dirname, "..", "..", "..", "..");

function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.37 + seed) * (1 + (i % 7));
  return out;
}

/** C = A·B (+ bias), and relu(C) from the fused copy-out, with the helpers registered (this many threads) or not. */
function product(
  a: Strided,
  b: Strided,
  bias: Float64Array | null,
  threads: number,
  spin = "auto",
): [Float64Array, Float64Array] {
  const c = new Float64Array(a.rows * b.cols);
  const relu = new Float64Array(a.rows * b.cols);
  if (threads > 1) registerProductThreads({ DL4NLP_THREADS: String(threads), DL4NLP_THREAD_SPIN: spin });
  else setProductThreads(null);
  gemm(a, b, c, bias, relu);
  return [c, relu];
}

/** Runs a product of this shape until it is split over the helpers (the first ones start helpers for its memory). */
async function splitOnce(m: number, k: number, n: number, threads = 2): Promise<void> {
  registerProductThreads({ DL4NLP_THREADS: String(threads) });
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

/** The first index where x and y differ in any bit (NaN = NaN, 0 ≠ −0), or −1 (toEqual takes seconds on 1M values). */
function firstDifference(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

type Case = [string, () => [Strided, Strided, Float64Array | null]];
const layer =
  (m: number, k: number, n: number, seed: number): Case[1] =>
  () => [rowMajor(values(m * k, seed), m, k), rowMajor(values(k * n, seed + 1), k, n), values(n, seed + 2)];
/**
 * Split products of every kind: the direct kernel; the packed one with B packed once for all chunks (in tasks of a few
 * panels any thread runs) and with each chunk packing B (B over 2²⁰ values); ragged m, n and k (not multiples of 4, so
 * the last tile, panel, pack task and chunk are partial); transposed views; a bias row.
 */
const cases: Case[] = [
  [
    "256³ (packed kernel, B packed once for all chunks)",
    () => [rowMajor(values(256 * 256, 1), 256, 256), rowMajor(values(256 * 256, 2), 256, 256), null],
  ],
  [
    "5000×32·32×30 + bias (direct kernel: B of 1,024 values)",
    () => [rowMajor(values(5000 * 32, 13), 5000, 32), rowMajor(values(32 * 30, 14), 32, 30), values(30, 15)],
  ],
  [
    "301×517·517×233 (packed kernel, ragged tiles)",
    () => [rowMajor(values(301 * 517, 3), 301, 517), rowMajor(values(517 * 233, 4), 517, 233), null],
  ],
  ["a dense layer 64×784·784×128 + bias", layer(64, 784, 128, 5)],
  ["a ragged layer 67×781·781×130 + bias (m, k, n not multiples of 4)", layer(67, 781, 130, 20)],
  ["100×8000·8000×7 + bias: two panels of B, the second partial", layer(100, 8000, 7, 23)],
  ["1001×300·300×1001 + bias: B of 300 K values packed once", layer(1001, 300, 1001, 26)],
  ["42×1101·1101×1001 + bias: B of 1.1 M values, packed by each chunk (ragged)", layer(42, 1101, 1001, 41)],
  [
    "Xᵀ·G, A a transposed view (784×64)ᵀ",
    () => [transposedView(values(64 * 784, 8), 784, 64), rowMajor(values(64 * 130, 9), 64, 130), null],
  ],
  [
    "Xᵀ·W, both transposed views, ragged (70×777)ᵀ·(131×777)ᵀ + bias",
    () => [transposedView(values(70 * 777, 29), 70, 777), transposedView(values(777 * 131, 30), 777, 131), values(131, 31)],
  ],
  [
    "G·Wᵀ, B a transposed view, packed",
    () => [rowMajor(values(200 * 600, 10), 200, 600), transposedView(values(700 * 600, 11), 600, 700), values(700, 12)],
  ],
];

/** The case's product split over `threads` threads has the bits of the one-thread product, relu copy-out included. */
function expectSameBits(make: Case[1], threads: number, spin: string): void {
  const [a, b, bias] = make();
  registerProductThreads({ DL4NLP_THREADS: String(threads) });
  const before = productThreadStats().splitProducts;
  const [c, relu] = product(a, b, bias, threads, spin);
  registerProductThreads({ DL4NLP_THREADS: String(threads) });
  expect(productThreadStats().splitProducts).toBe(before + 1);
  const [c1, relu1] = product(a, b, bias, 1);
  expect(firstDifference(c, c1)).toBe(-1);
  expect(firstDifference(relu, relu1)).toBe(-1);
  // and right: a few entries against a plain sum (the kernels' order of the sums differs: 1e-12 relative)
  for (const [i, j] of [
    [0, 0],
    [a.rows - 1, b.cols - 1],
    [a.rows >> 1, b.cols >> 1],
  ]) {
    let sum = bias?.[j] ?? 0;
    let size = Math.abs(sum);
    for (let p = 0; p < a.cols; p++) {
      const term = a.data[i * a.rowStride + p * a.colStride] * b.data[p * b.rowStride + j * b.colStride];
      sum += term;
      size += Math.abs(term);
    }
    expect(Math.abs(c[i * b.cols + j] - sum)).toBeLessThanOrEqual(1e-12 * size);
    expect(relu[i * b.cols + j]).toBe(Math.max(c[i * b.cols + j], 0));
  }
}

/**
 * A training step's products (64×784·784×128 + bias, then Xᵀ·G 784×64·64×128) `steps` times in a row with new values
 * each time, split over `threads` threads: helpers asleep between products (spin off) wake while a product is under way
 * or after it is over, and must neither take a later product's chunks with an earlier one's arguments nor leave a
 * chunk undone. Every result has the one-thread bits.
 */
function expectStepsSameBits(steps: number, threads: number, spin: string): void {
  const make = (i: number) => {
    const x = values(64 * 784, 3 * i);
    return {
      forward: [rowMajor(x, 64, 784), rowMajor(values(784 * 128, 3 * i + 1), 784, 128), values(128, i)] as const,
      gradient: [transposedView(x, 784, 64), rowMajor(values(64 * 128, 3 * i + 2), 64, 128), null] as const,
    };
  };
  const run = (t: number) => {
    const out: Float64Array[] = [];
    for (let i = 0; i < steps; i++) {
      const { forward, gradient } = make(i);
      out.push(...product(forward[0], forward[1], forward[2], t, spin), product(gradient[0], gradient[1], null, t, spin)[0]);
    }
    return out;
  };
  const one = run(1);
  registerProductThreads({ DL4NLP_THREADS: String(threads) });
  const before = productThreadStats().splitProducts;
  const split = run(threads);
  registerProductThreads({ DL4NLP_THREADS: String(threads) });
  expect(productThreadStats().splitProducts).toBe(before + 2 * steps);
  for (let i = 0; i < one.length; i++) expect(firstDifference(split[i], one[i]), `result ${i}`).toBe(-1);
}

describe("products split over threads", () => {
  beforeAll(async () => {
    await splitOnce(1000, 1000, 1000); // helpers on a memory that every case below fits in
  }, 120_000);
  afterAll(() => setProductThreads(null));

  it("two threads start and take large products", () => {
    expect(productThreadStats().ready).toBe(1);
  });

  for (const [name, make] of cases) {
    it(`${name}: the same bits as one thread`, () => expectSameBits(make, 2, "off"));
  }
  // waiting threads that spin (as on a machine with a core to spare) take other paths through the waits
  for (const [name, make] of cases.slice(0, 6)) {
    it(`${name}, waiting threads spinning: the same bits as one thread`, () => expectSameBits(make, 2, "on"));
  }

  it("a training step's two products 40 times in a row, helpers sleeping between products: the same bits as one thread", () =>
    expectStepsSameBits(40, 2, "off"));
  it("the same with waiting threads spinning", () => expectStepsSameBits(40, 2, "on"));

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

describe("products split over three threads (more threads than cores)", () => {
  beforeAll(async () => {
    await splitOnce(1000, 1000, 1000, 3);
  }, 120_000);
  afterAll(() => setProductThreads(null));

  const three: Case[] = [
    ["200×5000·5000×5 + bias: two panels of B for three threads", layer(200, 5000, 5, 32)],
    ["a ragged layer 67×781·781×130 + bias", layer(67, 781, 130, 35)],
    [
      "Xᵀ·G, A a transposed view (781×66)ᵀ, ragged",
      () => [transposedView(values(66 * 781, 38), 781, 66), rowMajor(values(66 * 130, 39), 66, 130), null],
    ],
  ];
  it("a training step's two products 40 times in a row, helpers sleeping between products: the same bits as one thread", () =>
    expectStepsSameBits(40, 3, "off"));
  for (const [name, make] of three) {
    it(`${name}: the same bits as one thread`, () => expectSameBits(make, 3, "off"));
    it(`${name}, waiting threads spinning: the same bits as one thread`, () => expectSameBits(make, 3, "on"));
  }
});

describe("the thread switch", () => {
  it("DL4NLP_THREADS=1 keeps every product on the calling thread; the default is the cores, at most 8", () => {
    expect(threadCount({ DL4NLP_THREADS: "1" })).toBe(1);
    expect(threadCount({})).toBeGreaterThanOrEqual(1);
    expect(threadCount({})).toBeLessThanOrEqual(8);
  });
  it("a bad DL4NLP_THREAD_SPIN names the setting and keeps the default", () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on("warning", listener);
    try {
      registerProductThreads({ DL4NLP_THREADS: "2", DL4NLP_THREAD_SPIN: "fast" });
    } finally {
      setProductThreads(null);
    }
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off("warning", listener);
        expect(warnings.join("\n")).toMatch(/DL4NLP_THREAD_SPIN: expected auto, on or off, got "fast"/);
        resolve();
      }),
    );
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
