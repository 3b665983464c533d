import { allocData, allocUninit } from "./kernels/alloc";
import { gemm } from "./kernels/gemm";
import { type Strided, rowMajor, transposedView } from "./kernels/strided";
import { Tensor, formatShape } from "./tensor";
import { expectTensor } from "./received";

/**
 * Matrix product C = A·B, (m×k)·(k×n) → m×n, in float64.
 *
 * Vectors are accepted: a vector on the left is a 1×k row, on the right a k×1 column, and the result drops the
 * dimension the vector added. Throws a RangeError naming both shapes when the inner dimensions differ.
 * @example
 * matmul(Tensor.from([[1, 2], [3, 4]]), Tensor.from([[5], [6]])); // Tensor(2×1) [[17], [39]]
 *
 * Implementation: the kernels in tensor/kernels/ (gemm.ts): above 256 multiply-adds WebAssembly SIMD (gemm.wat, two
 * doubles per instruction), else, and wherever WebAssembly is missing, JavaScript (a 2×4 block of C in locals).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const [m, k] = leftDims("matmul", "a", a);
  const [k2, n] = rightDims("matmul", "b", b);
  return new Tensor(resultShape(a, b, m, n), product("matmul", a, b, rowMajor(a.data, m, k), rowMajor(b.data, k2, n)));
}

/**
 * Aᵀ·B without materialising Aᵀ: (k×m)ᵀ·(k×n) → m×n. Backprop's weight gradient Xᵀ·G.
 * @example
 * matmulTransposeA(X, G); // equals matmul(transpose(X), G)
 */
export function matmulTransposeA(a: Tensor, b: Tensor): Tensor {
  const [k, m] = matrixDims("matmulTransposeA", "a", a);
  const [k2, n] = matrixDims("matmulTransposeA", "b", b);
  return new Tensor([m, n], product("matmulTransposeA", a, b, transposedView(a.data, m, k), rowMajor(b.data, k2, n)));
}

/**
 * A·Bᵀ without materialising Bᵀ: (m×k)·(n×k)ᵀ → m×n. Backprop's input gradient G·Wᵀ.
 * @example
 * matmulTransposeB(G, W); // equals matmul(G, transpose(W))
 */
export function matmulTransposeB(a: Tensor, b: Tensor): Tensor {
  const [m, k] = matrixDims("matmulTransposeB", "a", a);
  const [n, k2] = matrixDims("matmulTransposeB", "b", b);
  return new Tensor([m, n], product("matmulTransposeB", a, b, rowMajor(a.data, m, k), transposedView(b.data, k2, n)));
}

/**
 * X·W + b, (m×k)·(k×n) + (1×n) → m×n: a dense layer's pre-activation, the slides' a = b + W h, in one pass (the
 * product's sums start from the bias). b may be a 1×n row or n values.
 * @example
 * linear(Tensor.from([[1, 2]]), Tensor.from([[1], [1]]), Tensor.from([0.5])); // Tensor(1×1) [[3.5]]
 */
export function linear(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [m, k] = matrixDims("linear", "x", x);
  const [k2, n] = matrixDims("linear", "w", w);
  expectTensor("linear", "b", b, "ad.linear");
  return new Tensor([m, n], product("linear", x, w, rowMajor(x.data, m, k), rowMajor(w.data, k2, n), b));
}

/**
 * linear and relu in one pass: [Z, Y] with Z = X·W + b (m×n) and Y = relu(Z) = max(Z, 0) (NaN stays NaN), Y written
 * while Z is copied out of the product kernel's memory: a dense relu layer's forward, both values the layer's graph
 * shows. The same values as `linear` followed by `relu`.
 * @example
 * const [z, y] = linearRelu(Tensor.from([[1, 2]]), Tensor.from([[1, -1], [1, -1]]), Tensor.from([0.5, 0.5])); // z [[3.5, -2.5]], y [[3.5, 0]]
 */
export function linearRelu(x: Tensor, w: Tensor, b: Tensor): [Tensor, Tensor] {
  const [m, k] = matrixDims("linear", "x", x);
  const [k2, n] = matrixDims("linear", "w", w);
  expectTensor("linear", "b", b, "ad.linear");
  const y = allocUninit(m * n);
  const z = product("linear", x, w, rowMajor(x.data, m, k), rowMajor(w.data, k2, n), b, y);
  return [new Tensor([m, n], z), new Tensor([m, n], y)];
}

/**
 * The reference triple loop C[i][j] = Σₚ A[i][p]·B[p][j], (m×k)·(k×n), for tests of the fast kernel.
 */
export function matmulNaive(a: Tensor, b: Tensor): Tensor {
  const [m, k] = matrixDims("matmulNaive", "a", a);
  const [k2, n] = matrixDims("matmulNaive", "b", b);
  checkInner("matmulNaive", a, b, k, k2);
  const c = allocData(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p] * b.data[p * n + j];
      c[i * n + j] = s;
    }
  }
  return new Tensor([m, n], c);
}

type Op = "matmul" | "matmulTransposeA" | "matmulTransposeB" | "linear" | "matmulNaive";

/** What takes Vars instead, for the message when a product is given a Var. */
const varHints: Partial<Record<Op, string>> = { matmul: "ad.matmul", linear: "ad.linear" };

/**
 * C = A·B (+ the bias row; relu(C) into `reluOut` if given) into a fresh array, after the checks every product shares: the inner dimension, and for
 * linear the bias's shape. `a` and `b` are the tensors as given, for the messages; `left` and `right` the operands.
 */
function product(
  op: Op,
  a: Tensor,
  b: Tensor,
  left: Strided,
  right: Strided,
  bias: Tensor | null = null,
  reluOut: Float64Array | null = null,
): Float64Array {
  checkInner(op, a, b, left.cols, right.rows);
  const m = left.rows;
  const n = right.cols;
  if (bias !== null && (bias.size !== n || bias.rank > 2 || (bias.rank === 2 && bias.shape[0] !== 1))) {
    throw new RangeError(
      `${op}: X·W is ${m}×${n} (${formatShape(a.shape)}·${formatShape(b.shape)}), so b must be a 1×${n} row, got ${formatShape(bias.shape)}`,
    );
  }
  const c = allocUninit(m * n);
  gemm(left, right, c, bias === null ? null : bias.data, reluOut);
  return c;
}

/** The one inner-dimension check, e.g. `matmul: (2×3)·(4×5): inner dimensions 3 and 4 differ`. */
function checkInner(op: Op, a: Tensor, b: Tensor, k: number, k2: number): void {
  if (k === k2) return;
  const [sa, sb] = [formatShape(a.shape), formatShape(b.shape)];
  const expression =
    op === "matmulTransposeA" ? `(${sa})ᵀ·(${sb})` : op === "matmulTransposeB" ? `(${sa})·(${sb})ᵀ` : `(${sa})·(${sb})`;
  throw new RangeError(`${op}: ${expression}${op === "linear" ? " + b" : ""}: inner dimensions ${k} and ${k2} differ`);
}

function matrixDims(name: Op, what: string, t: Tensor): [number, number] {
  expectTensor(name, what, t, varHints[name]);
  if (t.rank !== 2) throw new RangeError(`${name}: expected a matrix, got shape ${formatShape(t.shape)}`);
  return [t.shape[0], t.shape[1]];
}
function leftDims(name: Op, what: string, t: Tensor): [number, number] {
  if (t instanceof Tensor && t.rank === 1) return [1, t.shape[0]];
  return matrixDims(name, what, t);
}
function rightDims(name: Op, what: string, t: Tensor): [number, number] {
  if (t instanceof Tensor && t.rank === 1) return [t.shape[0], 1];
  return matrixDims(name, what, t);
}
function resultShape(a: Tensor, b: Tensor, m: number, n: number): number[] {
  if (a.rank === 1 && b.rank === 1) return [];
  if (a.rank === 1) return [n];
  if (b.rank === 1) return [m];
  return [m, n];
}
