import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng, Tensor, allClose, matmul, matmulNaive, randomNormal, wasmKernelAvailable, wasmMemoryBuffer } from "../../../../lib";
import { gemm } from "../../../../lib/tensor/kernels/gemm";
import { rowMajor } from "../../../../lib/tensor/kernels/strided";
import { expectProductsMatchNaive } from "./products";

// The WebAssembly SIMD kernels of lib/tensor/kernels/gemm.wat against the naive triple loop. Shapes chosen for each path:
// at most 256 multiply-adds stays in JavaScript; B up to 16,384 doubles (2,048 with 256 rows or more) runs the direct
// kernel; beyond, the packed one.
const rng = new Rng(11);
// The one-thread kernels and their memory (products split over threads: gemm-threads.test.ts). "../../../../lib" is
// the package's build (lib/package.json), loaded by Node's require: its helper threads are switched off there.
const built = {
  wasm: require("../../../../lib/dist/tensor/kernels/gemm-wasm") as typeof import("../../../../lib/tensor/kernels/gemm-wasm"),
  threads:
    require("../../../../lib/dist/tensor/kernels/gemm-threads") as typeof import("../../../../lib/tensor/kernels/gemm-threads"),
};
beforeAll(() => built.wasm.setProductThreads(null));
afterAll(() => built.threads.registerProductThreads());
const TINY: [number, number, number][] = [
  [4, 4, 4],
  [1, 3, 5],
];
const DIRECT: [number, number, number][] = [
  [150, 4, 16], // Iris X·W1
  [150, 16, 3], // h·W2: n padded from 3 to 4
  [16, 150, 3], // hᵀ·G
  [4, 150, 16], // Xᵀ·G1
  [7, 1, 9], // k = 1
  [1, 37, 5], // one row: the 1×4 tile only
  [6, 13, 10], // 4 rows + 2 left over, n padded from 10 to 12
  [9, 128, 128], // the largest B the direct kernel takes (16,384 doubles)
  [300, 32, 64], // 256 rows or more: B of 2,048 doubles, the largest it takes then
];
const PACKED: [number, number, number][] = [
  [40, 600, 300], // k·n = 180,000 > 16,384
  [9, 300, 517], // n beyond two blocks of columns (NC), ragged edges
  [130, 520, 270], // k beyond the 256 block
  [64, 784, 128], // a mini-batch of 784-128-10
  [3, 200, 90], // one block of rows, a ragged panel of B
  [10, 129, 130], // whole and ragged blocks of rows, whole and ragged panels of columns
  [784, 64, 128], // Xᵀ·G of 784-128-10: many rows, B of 8,192 doubles
  // every remainder of m and n modulo the packed kernel's tile (MR×NR, 4×4 now; 3×6 and 2×8 were tried) and of n
  // modulo 6 and 8, n just past a block of columns (NC = 256)
  [2, 400, 61], // fewer rows than a tile: only the zero-padded block of A
  [4, 300, 253],
  [5, 260, 254],
  [7, 257, 255],
  [8, 300, 256],
  [11, 280, 257],
  [13, 100, 258],
  [6, 90, 262],
];

describe("matmul on WebAssembly SIMD", () => {
  it("the kernels are built (npm run build) and load in this process", () => {
    expect(wasmKernelAvailable()).toBe(true);
  });
  it("gemm.wat's blocks hold whole tiles: NC a multiple of NR (else a block's last panel overlaps the next block)", () => {
    const sizes = built.wasm.kernelBlockSizes();
    expect(sizes).not.toBeNull();
    const { kc, nc, mr, nr } = sizes as NonNullable<typeof sizes>;
    expect([kc, nc, mr, nr].every((v) => Number.isInteger(v) && v > 0)).toBe(true);
    expect(nc % nr).toBe(0);
  });
  for (const [name, shapes] of [
    ["tiny (JavaScript)", TINY],
    ["direct kernel", DIRECT],
    ["packed kernel", PACKED],
  ] as const) {
    it(`A·B, Aᵀ·B, A·Bᵀ and X·W + b equal the naive triple loop: ${name}`, () => {
      expectProductsMatchNaive(shapes, rng);
    });
  }
  it("writes exactly m×n values: neighbours of C in a shared buffer stay untouched", () => {
    for (const [m, k, n] of [...TINY, ...DIRECT.slice(0, 3), PACKED[0]]) {
      const a = randomNormal([m, k], rng);
      const b = randomNormal([k, n], rng);
      const buffer = new Float64Array(m * n + 20).fill(-7);
      const c = buffer.subarray(10, 10 + m * n);
      gemm(rowMajor(a.data, m, k), rowMajor(b.data, k, n), c);
      expect(allClose(new Tensor([m, n], c.slice()), matmulNaive(a, b), 1e-10)).toBe(true);
      expect(
        [...buffer.subarray(0, 10), ...buffer.subarray(10 + m * n)].every((v) => v === -7),
        `${m}×${k}·${k}×${n}`,
      ).toBe(true);
    }
  });
  it("a product needing more memory gets a new memory: the old buffer is never detached (no memory.grow)", () => {
    matmul(randomNormal([8, 8], rng), randomNormal([8, 8], rng));
    const before = wasmMemoryBuffer();
    expect(before).not.toBeNull();
    const size = (before as ArrayBuffer).byteLength;
    // 700×700 operands need ~12 MB, more than any product above
    matmul(randomNormal([700, 700], rng), randomNormal([700, 700], rng));
    const after = wasmMemoryBuffer() as ArrayBuffer;
    expect(after).not.toBe(before);
    expect(after.byteLength).toBeGreaterThan(size);
    expect((before as ArrayBuffer).byteLength).toBe(size); // a detached ArrayBuffer reports 0
  });
  it("a product needing more than 64 MiB lets its memory go afterwards; smaller ones keep theirs", () => {
    const big = 1600; // A, B and C of 20 MB each
    const a = randomNormal([big, big], rng);
    const c = matmul(a, a);
    let dot = 0;
    for (let p = 0; p < big; p++) dot += a.get(7, p) * a.get(p, 9);
    expect(c.get(7, 9)).toBeCloseTo(dot, 8);
    expect(wasmMemoryBuffer()).toBeNull();
    matmul(randomNormal([30, 30], rng), randomNormal([30, 30], rng));
    const kept = wasmMemoryBuffer();
    expect(kept).not.toBeNull();
    matmul(randomNormal([30, 30], rng), randomNormal([30, 30], rng));
    expect(wasmMemoryBuffer()).toBe(kept);
  });
  it("Node runs the fused multiply-add kernels (relaxed SIMD), DL4NLP_WASM_FMA=0 the unfused ones: products equal to 1e-12", () => {
    const run = (fma: string) => {
      const script = join(__dirname, "fixtures", "product-variant.cjs");
      const r = spawnSync(process.execPath, [script, join(__dirname, "..", "..", "..", "..", "lib", "dist", "index.js")], {
        env: { ...process.env, DL4NLP_WASM_FMA: fma },
        maxBuffer: 64 << 20,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { fma: boolean; products: number[][] };
    };
    const fused = run("");
    const unfused = run("0");
    expect(fused.fma).toBe(true);
    expect(unfused.fma).toBe(false);
    fused.products.forEach((values, p) => {
      const scale = Math.max(...values.map(Math.abs));
      const worst = Math.max(...values.map((v, i) => Math.abs(v - unfused.products[p][i])));
      expect(worst / scale, `product ${p}`).toBeLessThan(1e-12);
      expect(worst, `product ${p}: fused and unfused kernels gave the same bits`).toBeGreaterThan(0);
    });
  });
  it("propagates NaN and Infinity like the naive loop", () => {
    const a = randomNormal([20, 20], rng);
    a.data[3] = Number.NaN;
    a.data[45] = Number.POSITIVE_INFINITY;
    const b = randomNormal([20, 20], rng);
    const got = matmul(a, b).data;
    const want = matmulNaive(a, b).data;
    for (let i = 0; i < want.length; i++) expect(Object.is(got[i], want[i]) || Math.abs(got[i] - want[i]) < 1e-9).toBe(true);
  });
});

describe("relu(C) computed in the kernels' memory (gemm.wat reluInPlace): Math.max(c, 0) for every kind of value", () => {
  // C = A·[1 … 1] + b with b = −0 everywhere: C's rows are A's values exactly (−0 + v = v, −0 + −0 = −0), so the
  // special values reach the epilogue as they are (−0 included: pmax(−0, 0) is −0, which the epilogue's + 0 mends); shapes on both sides of the JavaScript/WebAssembly threshold
  // (256 multiply-adds), with and without C padded to 4 columns, direct and packed
  const special = [
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NaN,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    -0,
    0,
    2.5,
    -2.5,
  ];
  const cases: [string, number, number][] = [
    ["JavaScript: 16×1·1×16 (256 multiply-adds)", 16, 16],
    ["WebAssembly direct: 17×1·1×16, rows left over after tiles of 4", 17, 16],
    ["WebAssembly direct: 150×1·1×3, C padded to 4 columns", 150, 3],
    ["WebAssembly direct: 64×1·1×10, C padded to 12 columns", 64, 10],
  ];
  it.each(cases)("%s", (_, m, n) => {
    const a = new Float64Array(m);
    for (let i = 0; i < m; i++) a[i] = i < special.length ? special[i] : Math.sin(i * 1.3) * 3;
    const b = new Float64Array(n).fill(1);
    const bias = new Float64Array(n).fill(-0);
    const c = new Float64Array(m * n);
    const relu = new Float64Array(m * n);
    gemm(rowMajor(a, m, 1), rowMajor(b, 1, n), c, bias, relu);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const [z, y] = [c[i * n + j], relu[i * n + j]];
        // (the JavaScript kernel sums from +0 and adds the bias after: −0 arrives there as +0)
        if (!Object.is(z, a[i]) && !(z === 0 && a[i] === 0)) expect([i, j, z]).toEqual([i, j, a[i]]);
        if (!Object.is(y, Math.max(z, 0))) expect([i, j, z, y]).toEqual([i, j, z, Math.max(z, 0)]);
      }
    }
  });
  it("WebAssembly packed (k·n beyond the direct kernel's B): the same relu of every value of C", () => {
    const [m, k, n] = [40, 600, 300];
    const a = new Float64Array(m * k);
    const b = new Float64Array(k * n);
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.37) * 2;
    for (let i = 0; i < b.length; i++) b[i] = Math.cos(i * 0.11);
    a[0] = Number.NaN; // row 0 of C all NaN
    a[k] = Number.POSITIVE_INFINITY; // row 1: ±Infinity or NaN
    const c = new Float64Array(m * n);
    const relu = new Float64Array(m * n);
    gemm(rowMajor(a, m, k), rowMajor(b, k, n), c, null, relu);
    let bad = -1;
    for (let i = 0; i < c.length && bad < 0; i++) if (!Object.is(relu[i], Math.max(c[i], 0))) bad = i;
    expect(bad).toBe(-1);
    expect(relu.slice(0, n).every(Number.isNaN)).toBe(true);
  });
});
