import { afterAll, describe, expect, it } from "vitest";
import { gemm } from "../../../../lib/tensor/kernels/gemm";
import { productThreadStats, registerProductThreads } from "../../../../lib/tensor/kernels/gemm-threads";
import { setProductThreads } from "../../../../lib/tensor/kernels/gemm-wasm";
import { StepBuffers } from "../../../../lib/tensor/kernels/scratch";
import { type Strided, rowMajor, transposedView } from "../../../../lib/tensor/kernels/strided";

// Inside a training step (scratch.ts), the A operand of the step's first product (fit's batch X) stays in the
// kernels' memory and a later product reading the same span of the same array (the weight gradient Xᵀ·G) is not
// copied again (gemm-wasm.ts). Every product of a step must give the same bits as outside a step, whatever the
// operands: the pinned array again, a shorter span of it, another array, and a new step after the array was refilled.

function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.37 + seed) * (1 + (i % 7));
  return out;
}

/** C = A·B (+ bias), and relu(C) when asked. */
function product(a: Strided, b: Strided, bias: Float64Array | null = null, relu = false): Float64Array[] {
  const c = new Float64Array(a.rows * b.cols);
  const r = relu ? new Float64Array(a.rows * b.cols) : null;
  gemm(a, b, c, bias, r);
  return r === null ? [c] : [c, r];
}

/**
 * A dense layer's forward and backward on batch X (m×k), hidden h, 10 outputs, then products that must not take the
 * pinned X: a shorter span of X's array, a copy of X with other values, X's rows as a wider matrix. Every result.
 */
function layerStep(X: Float64Array, m: number, k: number, h: number): Float64Array[] {
  const W1 = rowMajor(values(k * h, 2), k, h);
  const W2 = rowMajor(values(h * 10, 3), h, 10);
  const [z1, h1] = product(rowMajor(X, m, k), W1, values(h, 4), true);
  const [z2] = product(rowMajor(h1, m, h), W2);
  const g2 = z2.map((v) => v * 0.01);
  const [dW2] = product(transposedView(h1, h, m), rowMajor(g2, m, 10));
  const [dH] = product(rowMajor(g2, m, 10), transposedView(W2.data, 10, h));
  const g1 = dH.map((v, i) => (z1[i] > 0 ? v : 0));
  const [dW1] = product(transposedView(X, k, m), rowMajor(g1, m, h)); // X again: the pinned copy
  const [half] = product(transposedView(X, k, m >> 1), rowMajor(g1, m >> 1, h)); // the first rows' span only
  const other = X.map((v) => v + 1);
  const [otherArray] = product(transposedView(other, k, m), rowMajor(g1, m, h));
  const [wide] = product(rowMajor(X, m >> 1, 2 * k), rowMajor(values(2 * k * 8, 5), 2 * k, 8)); // same span, other shape
  return [z1, h1, z2, dW2, dH, dW1, half, otherArray, wide];
}

/** The same steps inside fit-like steps and outside any, on the same batches, as bits. */
function expectSameInsideSteps(m: number, k: number, h: number): void {
  const batches = [values(m * k, 1), values(m * k, 7)];
  const outside = batches.map((b) => layerStep(b, m, k, h));
  const step = new StepBuffers();
  const X = new Float64Array(m * k); // one batch buffer refilled for each step, as fit's shuffled batches are
  const inside = batches.map((b) => {
    X.set(b);
    step.begin(true);
    try {
      return layerStep(X, m, k, h);
    } finally {
      step.end();
    }
  });
  expect(inside.length).toBe(outside.length);
  for (let s = 0; s < inside.length; s++) {
    for (let p = 0; p < inside[s].length; p++) {
      const [a, b] = [inside[s][p], outside[s][p]];
      const differ = a.findIndex((v, i) => !Object.is(v, b[i]));
      expect({ step: s, product: p, differ }).toEqual({ step: s, product: p, differ: -1 });
    }
  }
}

describe("products inside a training step give the same bits as outside one", () => {
  afterAll(() => setProductThreads(null));
  it("on this thread: packed layer 70×500·500×40 (its Xᵀ·G packed too), the rest on the direct kernel", () => {
    setProductThreads(null);
    expectSameInsideSteps(70, 500, 40);
  });
  it("on this thread: a small layer on the direct kernel only (Iris-sized, 32×4·4×8)", () => {
    setProductThreads(null);
    expectSameInsideSteps(32, 4, 8);
  });
  it("split over two threads: a training step's sizes 64×784·784×128 and 784×64·64×128", async () => {
    registerProductThreads({ DL4NLP_THREADS: "2" });
    const a = rowMajor(values(64 * 784, 1), 64, 784);
    const b = rowMajor(values(784 * 128, 2), 784, 128);
    for (let i = 0; i < 600 && productThreadStats().splitProducts === 0; i++) {
      gemm(a, b, new Float64Array(64 * 128));
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = productThreadStats().splitProducts;
    expect(before).toBeGreaterThan(0);
    expectSameInsideSteps(64, 784, 128);
    expect(productThreadStats().splitProducts).toBeGreaterThan(before + 3); // both steps' X·W1 and Xᵀ·G1 were split
  }, 120_000);
});
