import { Tensor, formatShape } from "./tensor";
import { expectTensor } from "./received";

/** u·v = Σᵢ uᵢvᵢ, the dot product of two tensors with the same number of values (vectors, rows or columns). */
export function dot(u: Tensor, v: Tensor): number {
  expectTensor("dot", "u", u);
  expectTensor("dot", "v", v);
  if (u.size !== v.size || (u.rank > 1 && u.rows !== 1 && u.cols !== 1) || (v.rank > 1 && v.rows !== 1 && v.cols !== 1)) {
    throw new RangeError(`dot: shapes ${formatShape(u.shape)} and ${formatShape(v.shape)} are not vectors of equal length`);
  }
  let s = 0;
  for (let i = 0; i < u.size; i++) s += u.data[i] * v.data[i];
  return s;
}

/** u vᵀ, the outer product: (m)·(n) → m×n with [i][j] = uᵢvⱼ. */
export function outer(u: Tensor, v: Tensor): Tensor {
  expectTensor("outer", "u", u);
  expectTensor("outer", "v", v);
  const m = u.size;
  const n = v.size;
  const out = new Tensor([m, n]);
  for (let i = 0; i < m; i++) {
    const ui = u.data[i];
    for (let j = 0; j < n; j++) out.data[i * n + j] = ui * v.data[j];
  }
  return out;
}
