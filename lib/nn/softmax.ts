import { type Var, asVar, op } from "../autograd/var";
import { Tensor, formatShape } from "../tensor/tensor";
import { expectTensor } from "../tensor/received";

/**
 * softmax(z)_i = e^{z_i} / Σ_j e^{z_j}, of a vector, or of every row of a matrix (one sample per row).
 * Numerically stable: the row maximum is subtracted first (softmax is shift-invariant), so no e^z overflows.
 * @example
 * softmax(Tensor.from([0.6, 1.1, -1.5, 1.2, 3.2, -1.1])); // [0.054825, 0.090392, 0.006714, 0.099898, 0.738155, 0.010016]
 */
export function softmax(z: Tensor): Tensor {
  expectTensor("softmax", "z", z, 'activate(x, "softmax")');
  if (z.rank !== 1 && z.rank !== 2) throw new RangeError(`softmax: expects a vector or a matrix, got ${formatShape(z.shape)}`);
  const cols = z.rank === 1 ? z.shape[0] : z.shape[1];
  const rows = z.rank === 1 ? 1 : z.shape[0];
  if (cols === 0) throw new RangeError(`softmax: no values in ${formatShape(z.shape)}`);
  const out = new Float64Array(z.size);
  const d = z.data;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) if (d[o + j] > max) max = d[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(d[o + j] - max);
      out[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < cols; j++) out[o + j] /= sum;
  }
  return new Tensor(z.shape, out);
}

/**
 * The Jacobian of softmax at its output y: J = diag(y) − y yᵀ, i.e. ∂y_i/∂z_j = y_i (δ_ij − y_j). K×K, symmetric.
 * The slides use only its diagonal y_i (1 − y_i), see `softmaxDiagonal`.
 * @example
 * softmaxJacobian(Tensor.from([0.5, 0.5])); // [[0.25, -0.25], [-0.25, 0.25]]
 */
export function softmaxJacobian(y: Tensor): Tensor {
  expectTensor("softmaxJacobian", "y", y);
  if (!(y.rank === 1 || (y.rank === 2 && (y.shape[0] === 1 || y.shape[1] === 1)))) {
    throw new RangeError(`softmaxJacobian: expects one softmax output (a vector), got ${formatShape(y.shape)}`);
  }
  const k = y.size;
  const out = new Float64Array(k * k);
  const v = y.data;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j] = (i === j ? v[i] : 0) - v[i] * v[j];
  return new Tensor([k, k], out);
}

/** The diagonal of the softmax Jacobian only, y_i (1 − y_i): what the slides multiply with (an erratum). */
export function softmaxDiagonal(y: Tensor): Tensor {
  expectTensor("softmaxDiagonal", "y", y);
  const out = new Float64Array(y.size);
  for (let i = 0; i < out.length; i++) out[i] = y.data[i] * (1 - y.data[i]);
  return new Tensor(y.shape, out);
}

/**
 * Backward of softmax for every row: given y = softmax(z) and g = ∂L/∂y, returns ∂L/∂z = Jᵀ g = y ⊙ (g − (g·y)),
 * the Jacobian-vector product per row (not the diagonal alone). y is a vector or a batch×classes matrix, g of the
 * same shape; otherwise a RangeError names both shapes.
 */
export function softmaxBackward(y: Tensor, g: Tensor): Tensor {
  expectTensor("softmaxBackward", "y", y);
  expectTensor("softmaxBackward", "g", g);
  if (y.rank !== 1 && y.rank !== 2) {
    throw new RangeError(`softmaxBackward: y must be a vector or a matrix (batch×classes), got ${formatShape(y.shape)}`);
  }
  if (g.rank !== y.rank || g.shape.some((d, i) => d !== y.shape[i])) {
    throw new RangeError(
      `softmaxBackward: the gradient ${formatShape(g.shape)} does not match the softmax output ${formatShape(y.shape)}`,
    );
  }
  const cols = y.rank === 1 ? y.shape[0] : y.shape[1];
  const rows = y.rank === 1 ? 1 : y.shape[0];
  const out = new Float64Array(y.size);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += g.data[o + j] * y.data[o + j];
    for (let j = 0; j < cols; j++) out[o + j] = y.data[o + j] * (g.data[o + j] - dot);
  }
  return new Tensor(y.shape, out);
}

/**
 * softmax as an autograd op, per row of x (batch×classes): forward `softmax`, backward the Jacobian-vector product
 * y ⊙ (g − (g·y)) of each row.
 */
export function softmaxOp(x: Var): Var {
  x = asVar("softmaxOp", x);
  const y = softmax(x.value);
  return op("softmax", y, [x], (g) => [softmaxBackward(y, g)]);
}
