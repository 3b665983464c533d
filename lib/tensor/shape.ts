import { allocData } from "./kernels/alloc";
import { Tensor, formatShape } from "./tensor";
import { expectTensor, wrongKind } from "./received";

/** Aᵀ, the transpose: (m×n) → n×m with Aᵀ[j][i] = A[i][j]. A vector of n becomes an n×1 column. */
export function transpose(a: Tensor): Tensor {
  expectTensor("transpose", "a", a, "ad.transpose");
  if (a.rank === 1) return a.reshape([a.shape[0], 1]);
  if (a.rank !== 2) throw new RangeError(`transpose: expected a matrix, got shape ${formatShape(a.shape)}`);
  const [m, n] = a.shape;
  const x = a.data;
  const out = allocData(m * n);
  // blocked so both reads and writes stay in cache for large matrices
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = Math.min(m, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * m + i] = x[i * n + j];
    }
  }
  return new Tensor([n, m], out);
}

/** Matrices side by side, [A | B]: (m×n₁), (m×n₂) → m×(n₁+n₂). Vectors count as columns. */
export function hstack(ts: readonly Tensor[]): Tensor {
  expectTensors("hstack", ts);
  if (ts.length === 0) throw new RangeError("hstack: no tensors given");
  const mats = ts.map((t) => (t.rank === 1 ? new Tensor([t.shape[0], 1], t.data) : t));
  const m = mats[0].rows;
  for (const t of mats) {
    if (t.rank !== 2 || t.rows !== m) {
      throw new RangeError(`hstack: shapes ${ts.map((x) => formatShape(x.shape)).join(", ")}: row counts differ`);
    }
  }
  const n = mats.reduce((s, t) => s + t.cols, 0);
  const out = new Tensor([m, n]);
  let off = 0;
  for (const t of mats) {
    const c = t.cols;
    for (let i = 0; i < m; i++) out.data.set(t.data.subarray(i * c, i * c + c), i * n + off);
    off += c;
  }
  return out;
}

/** Matrices stacked vertically: (m₁×n), (m₂×n) → (m₁+m₂)×n. Vectors count as rows. (hstack's mirror image.) */
export function vstack(ts: readonly Tensor[]): Tensor {
  expectTensors("vstack", ts);
  if (ts.length === 0) throw new RangeError("vstack: no tensors given");
  const mats = ts.map((t) => (t.rank === 1 ? new Tensor([1, t.shape[0]], t.data) : t));
  const n = mats[0].cols;
  for (const t of mats) {
    if (t.rank !== 2 || t.cols !== n) {
      throw new RangeError(`vstack: shapes ${ts.map((x) => formatShape(x.shape)).join(", ")}: column counts differ`);
    }
  }
  const m = mats.reduce((s, t) => s + t.rows, 0);
  const out = new Tensor([m, n]);
  let off = 0;
  for (const t of mats) {
    out.data.set(t.data, off);
    off += t.data.length;
  }
  return out;
}

/** The rows at the given indices, in that order (a mini-batch): (m×n), k indices → k×n. */
export function selectRows(a: Tensor, indices: readonly number[]): Tensor {
  expectTensor("selectRows", "a", a);
  if (!Array.isArray(indices)) throw wrongKind("selectRows", "indices", "an array of row numbers", indices);
  if (a.rank !== 2) throw new RangeError(`selectRows: expected a matrix, got shape ${formatShape(a.shape)}`);
  const [m, n] = a.shape;
  const out = new Tensor([indices.length, n]);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= m) {
      throw new RangeError(`selectRows: row index ${i} is out of range for shape ${formatShape(a.shape)}`);
    }
    out.data.set(a.data.subarray(i * n, i * n + n), k * n);
  }
  return out;
}

/** Row i of a matrix as a vector of n values (a copy). */
export function row(a: Tensor, i: number): Tensor {
  expectTensor("row", "a", a);
  const r = selectRows(a, [i]);
  return new Tensor([r.cols], r.data);
}

/** Column j of a matrix as a vector of m values (a copy). */
export function column(a: Tensor, j: number): Tensor {
  expectTensor("column", "a", a);
  if (a.rank !== 2) throw new RangeError(`column: expected a matrix, got shape ${formatShape(a.shape)}`);
  const [m, n] = a.shape;
  if (!Number.isInteger(j) || j < 0 || j >= n) {
    throw new RangeError(`column: column index ${j} is out of range for shape ${formatShape(a.shape)}`);
  }
  const out = new Tensor([m]);
  for (let i = 0; i < m; i++) out.data[i] = a.data[i * n + j];
  return out;
}

/** ts must be an array of Tensors: else a TypeError naming the function and the first wrong entry. */
function expectTensors(fn: string, ts: unknown): void {
  if (!Array.isArray(ts)) throw wrongKind(fn, "its argument", "an array of Tensors", ts);
  for (let i = 0; i < ts.length; i++) expectTensor(fn, `tensor ${i}`, ts[i]);
}
