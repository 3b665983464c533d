import { describe, expect, it } from "vitest";
import {
  Rng,
  Tensor,
  allClose,
  linear,
  linearRelu,
  matmul,
  matmulNaive,
  matmulTransposeA,
  matmulTransposeB,
  randomNormal,
  relu,
  transpose,
} from "../../../lib";

describe("matmul", () => {
  it("multiplies (2×3)·(3×2) by hand", () => {
    const a = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = Tensor.from([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [58, 64],
      [139, 154],
    ]);
  });
  it("treats a left vector as a row and a right vector as a column", () => {
    const W = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    expect(matmul(W, Tensor.from([1, 1])).toArray()).toEqual([3, 7]);
    expect(matmul(Tensor.from([1, 1]), W).toArray()).toEqual([4, 6]);
    expect(matmul(Tensor.from([1, 2]), Tensor.from([3, 4])).toArray()).toEqual(11);
  });
  it("names both shapes and the inner dimensions when they differ", () => {
    expect(() => matmul(new Tensor([2, 3]), new Tensor([4, 5]))).toThrow("matmul: (2×3)·(4×5): inner dimensions 3 and 4 differ");
    expect(() => matmulTransposeA(new Tensor([2, 3]), new Tensor([4, 5]))).toThrow(
      "matmulTransposeA: (2×3)ᵀ·(4×5): inner dimensions 2 and 4 differ",
    );
    expect(() => matmulTransposeB(new Tensor([2, 3]), new Tensor([4, 5]))).toThrow(
      "matmulTransposeB: (2×3)·(4×5)ᵀ: inner dimensions 3 and 5 differ",
    );
    expect(() => matmul(new Tensor([2, 2, 2]), new Tensor([2, 2]))).toThrow("matmul: expected a matrix, got shape 2×2×2");
  });
  it("equals the naive triple loop on the blocked path (sizes beyond the kernel block and the k block)", () => {
    const rng = new Rng(3);
    for (const [m, k, n] of [
      [64, 64, 64],
      [33, 300, 17],
      [5, 517, 9],
      [130, 7, 529],
    ]) {
      const a = randomNormal([m, k], rng);
      const b = randomNormal([k, n], rng);
      expect(allClose(matmul(a, b), matmulNaive(a, b), 1e-10)).toBe(true);
    }
  });
  it("fused Aᵀ·B and A·Bᵀ equal the product with a materialised transpose", () => {
    const rng = new Rng(4);
    for (const [m, k, n] of [
      [3, 4, 5],
      [150, 4, 16],
      [37, 70, 41],
    ]) {
      const a = randomNormal([k, m], rng);
      const b = randomNormal([k, n], rng);
      expect(allClose(matmulTransposeA(a, b), matmulNaive(transpose(a), b), 1e-10)).toBe(true);
      const c = randomNormal([m, k], rng);
      const d = randomNormal([n, k], rng);
      expect(allClose(matmulTransposeB(c, d), matmulNaive(c, transpose(d)), 1e-10)).toBe(true);
    }
  });
  it("linear names the operation and the shapes when X, W or b do not fit", () => {
    expect(() => linear(new Tensor([2, 3]), new Tensor([4, 5]), new Tensor([1, 5]))).toThrow(
      "linear: (2×3)·(4×5) + b: inner dimensions 3 and 4 differ",
    );
    expect(() => linear(new Tensor([2, 3]), new Tensor([3, 5]), new Tensor([2, 5]))).toThrow(
      "linear: X·W is 2×5 (2×3·3×5), so b must be a 1×5 row, got 2×5",
    );
    expect(linear(Tensor.from([[1, 2]]), Tensor.from([[1], [1]]), Tensor.from([0.5])).toArray()).toEqual([[3.5]]);
  });
  it("handles empty dimensions", () => {
    expect(matmul(new Tensor([0, 3]), new Tensor([3, 2])).shape).toEqual([0, 2]);
    expect(matmul(new Tensor([2, 0]), new Tensor([0, 2])).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
  it("propagates NaN", () => {
    const a = Tensor.from([
      [Number.NaN, 1],
      [1, 1],
    ]);
    const r = matmul(a, Tensor.from([[1], [1]]));
    expect(Number.isNaN(r.get(0, 0))).toBe(true);
    expect(r.get(1, 0)).toBe(2);
    // 0 · NaN is NaN: no shortcut may skip zeros
    expect(Number.isNaN(matmul(Tensor.from([[0, 1]]), Tensor.from([[Number.NaN], [1]])).item())).toBe(true);
  });
});

describe("linearRelu: X·W + b and relu of it in one pass (a dense relu layer's forward)", () => {
  const rng = new Rng(21);
  /** X with NaN, ±Infinity and −0 in it, and b with ±Infinity and −0: the epilogue must keep each as relu does. */
  function operands(m: number, k: number, n: number): [Tensor, Tensor, Tensor] {
    const x = randomNormal([m, k], rng);
    const w = randomNormal([k, n], rng);
    const b = randomNormal([1, n], rng);
    if (k > 0) {
      x.data[0] = Number.NaN;
      x.data[x.size - 1] = -0;
    }
    if (m > 2 && k > 0) x.data[k] = Number.POSITIVE_INFINITY;
    b.data[0] = Number.NEGATIVE_INFINITY;
    if (n > 1) b.data[1] = -0;
    if (n > 2) b.data[2] = Number.POSITIVE_INFINITY;
    return [x, w, b];
  }
  const shapes = [
    { path: "JavaScript (tiny)", m: 3, k: 4, n: 5 },
    { path: "an empty sum (k = 0): the bias alone", m: 3, k: 0, n: 4 },
    { path: "WebAssembly direct, rows a multiple of 4 (Iris's 150×4·4×16)", m: 150, k: 4, n: 16 },
    { path: "WebAssembly direct, padded rows (150×16·16×3)", m: 150, k: 16, n: 3 },
    { path: "WebAssembly packed (B beyond half an L2)", m: 20, k: 600, n: 230 },
    { path: "WebAssembly packed, large enough for helper threads", m: 64, k: 784, n: 200 },
  ];
  it.each(shapes)("equals linear then relu bit for bit: $path", ({ m, k, n }) => {
    const [x, w, b] = operands(m, k, n);
    const [z, y] = linearRelu(x, w, b);
    const zRef = linear(x, w, b);
    expect(z.shape).toEqual([m, n]);
    expect(y.shape).toEqual([m, n]);
    expect(Array.from(z.data)).toEqual(Array.from(zRef.data));
    expect(Array.from(y.data)).toEqual(Array.from(relu(zRef).data));
    if (k > 0) expect(Number.isNaN(y.data[0])).toBe(true); // NaN stays NaN
    expect(y.data.every((v) => Number.isNaN(v) || (v >= 0 && !Object.is(v, -0)))).toBe(true);
  });
  it("names the operation and the shapes when X, W or b do not fit", () => {
    expect(() => linearRelu(new Tensor([2, 3]), new Tensor([4, 5]), new Tensor([1, 5]))).toThrow(
      "linear: (2×3)·(4×5) + b: inner dimensions 3 and 4 differ",
    );
    expect(() => linearRelu(new Tensor([2, 3]), new Tensor([3, 5]), new Tensor([1, 4]))).toThrow(
      "linear: X·W is 2×5 (2×3·3×5), so b must be a 1×5 row, got 1×4",
    );
  });
});
