import { expectTensor, received } from "./received";
import { Tensor, formatShape } from "./tensor";

// Reductions. Without an axis they return a number. With an axis they keep the matrix shape so the result
// broadcasts back: axis 0 (down the rows) gives a 1×n row, axis 1 (along each row) an m×1 column.

/** Σ of all values, or per column (axis 0 → 1×n) or per row (axis 1 → m×1). */
export function sum(a: Tensor): number;
export function sum(a: Tensor, axis: 0 | 1): Tensor;
export function sum(a: Tensor, axis?: 0 | 1): number | Tensor {
  expectTensor("sum", "a", a, "ad.sum");
  if (axis === undefined) {
    const x = a.data;
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    return s;
  }
  const [r, c] = dims("sum", a, axis);
  if (a.rank !== 2) return reduceAxis("sum", a, axis, 0, (acc, v) => acc + v);
  // the bias gradient of every dense layer: plain loops, no callback
  const x = a.data;
  if (axis === 0) {
    const out = new Tensor([1, c]);
    const o = out.data;
    // several columns at a time down the rows, the sums in locals rather than stored back per row: each column's
    // sum is a chain of dependent adds (rows long), so eight chains side by side run in about the time of one
    let j = 0;
    for (; j + 8 <= c; j += 8) sumColumns8(x, r, c, j, o);
    for (; j + 4 <= c; j += 4) sumColumns4(x, r, c, j, o);
    if (j < c) sumColumnsRest(x, r, c, j, o);
    return out;
  }
  const out = new Tensor([r, 1]);
  for (let i = 0; i < r; i++) {
    let acc = 0;
    const off = i * c;
    for (let j = 0; j < c; j++) acc += x[off + j];
    out.data[i] = acc;
  }
  return out;
}

/** Arithmetic mean of all values, or per column (axis 0) or per row (axis 1). */
export function mean(a: Tensor): number;
export function mean(a: Tensor, axis: 0 | 1): Tensor;
export function mean(a: Tensor, axis?: 0 | 1): number | Tensor {
  expectTensor("mean", "a", a, "ad.mean");
  if (a.size === 0) throw new RangeError(`mean: tensor of shape ${formatShape(a.shape)} is empty`);
  if (axis === undefined) return sum(a) / a.size;
  const [r, c] = dims("mean", a, axis);
  const s = sum(a, axis);
  const n = axis === 0 ? r : c;
  for (let i = 0; i < s.data.length; i++) s.data[i] /= n;
  return s;
}

/** Largest value, or per column (axis 0) or per row (axis 1). (min below mirrors it, on purpose: two comparisons.) */
export function max(a: Tensor): number;
export function max(a: Tensor, axis: 0 | 1): Tensor;
export function max(a: Tensor, axis?: 0 | 1): number | Tensor {
  expectTensor("max", "a", a);
  if (a.size === 0) throw new RangeError(`max: tensor of shape ${formatShape(a.shape)} is empty`);
  if (axis === undefined) {
    let m = Number.NEGATIVE_INFINITY;
    for (const v of a.data) if (v > m || Number.isNaN(v)) m = v;
    return m;
  }
  return reduceAxis("max", a, axis, Number.NEGATIVE_INFINITY, (acc, v) => (v > acc || Number.isNaN(v) ? v : acc));
}

/** Smallest value, or per column (axis 0) or per row (axis 1). */
export function min(a: Tensor): number;
export function min(a: Tensor, axis: 0 | 1): Tensor;
export function min(a: Tensor, axis?: 0 | 1): number | Tensor {
  expectTensor("min", "a", a);
  if (a.size === 0) throw new RangeError(`min: tensor of shape ${formatShape(a.shape)} is empty`);
  if (axis === undefined) {
    let m = Number.POSITIVE_INFINITY;
    for (const v of a.data) if (v < m || Number.isNaN(v)) m = v;
    return m;
  }
  return reduceAxis("min", a, axis, Number.POSITIVE_INFINITY, (acc, v) => (v < acc || Number.isNaN(v) ? v : acc));
}

/**
 * Index of the largest value (first one on ties): a flat index without an axis; per row (axis 1, the predicted
 * class of each sample) or per column (axis 0) as a number[].
 * @example
 * argmax(Tensor.from([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]), 1); // [1, 0]
 */
export function argmax(a: Tensor): number;
export function argmax(a: Tensor, axis: 0 | 1): number[];
export function argmax(a: Tensor, axis?: 0 | 1): number | number[] {
  expectTensor("argmax", "a", a);
  if (a.size === 0) throw new RangeError(`argmax: tensor of shape ${formatShape(a.shape)} is empty`);
  const x = a.data;
  if (axis === undefined) {
    let best = 0;
    for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
  const [r, c] = dims("argmax", a, axis);
  const out: number[] = [];
  if (axis === 1) {
    for (let i = 0; i < r; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (x[i * c + j] > x[i * c + best]) best = j;
      out.push(best);
    }
  } else {
    for (let j = 0; j < c; j++) {
      let best = 0;
      for (let i = 1; i < r; i++) if (x[i * c + j] > x[best * c + j]) best = i;
      out.push(best);
    }
  }
  return out;
}

function dims(op: string, a: Tensor, axis: number): [number, number] {
  if (axis !== 0 && axis !== 1) throw new RangeError(`${op}: axis must be 0 or 1, got ${received(axis)}`);
  if (a.rank === 1) return [a.shape[0], 1];
  if (a.rank !== 2) throw new RangeError(`${op}: axis ${axis} needs a vector or matrix, got shape ${formatShape(a.shape)}`);
  return [a.shape[0], a.shape[1]];
}

function reduceAxis(op: string, a: Tensor, axis: 0 | 1, init: number, f: (acc: number, v: number) => number): Tensor {
  const [r, c] = dims(op, a, axis);
  const x = a.data;
  if (a.rank === 1) {
    // a vector has one axis: reducing it gives a scalar
    if (axis !== 0) throw new RangeError(`${op}: a vector of shape ${formatShape(a.shape)} has only axis 0`);
    let acc = init;
    for (let i = 0; i < x.length; i++) acc = f(acc, x[i]);
    return new Tensor([], Float64Array.of(acc));
  }
  if (axis === 0) {
    const out = new Tensor([1, c]);
    out.data.fill(init);
    const o = out.data;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o[j] = f(o[j], x[i * c + j]);
    return out;
  }
  const out = new Tensor([r, 1]);
  const o = out.data;
  for (let i = 0; i < r; i++) {
    let acc = init;
    for (let j = 0; j < c; j++) acc = f(acc, x[i * c + j]);
    o[i] = acc;
  }
  return out;
}

/** o[j..j+7] = the sums of columns j..j+7 of the r×c matrix x, each down the rows in order. */
function sumColumns8(x: Float64Array, r: number, c: number, j: number, o: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  for (let off = j; off < r * c; off += c) {
    s0 += x[off];
    s1 += x[off + 1];
    s2 += x[off + 2];
    s3 += x[off + 3];
    s4 += x[off + 4];
    s5 += x[off + 5];
    s6 += x[off + 6];
    s7 += x[off + 7];
  }
  o[j] = s0;
  o[j + 1] = s1;
  o[j + 2] = s2;
  o[j + 3] = s3;
  o[j + 4] = s4;
  o[j + 5] = s5;
  o[j + 6] = s6;
  o[j + 7] = s7;
}

/** o[j..j+3] = the sums of columns j..j+3, each down the rows in order. */
function sumColumns4(x: Float64Array, r: number, c: number, j: number, o: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let off = j; off < r * c; off += c) {
    s0 += x[off];
    s1 += x[off + 1];
    s2 += x[off + 2];
    s3 += x[off + 3];
  }
  o[j] = s0;
  o[j + 1] = s1;
  o[j + 2] = s2;
  o[j + 3] = s3;
}

/** o[j..c-1] = the sums of the last one to three columns, in one pass down the rows. */
function sumColumnsRest(x: Float64Array, r: number, c: number, j: number, o: Float64Array): void {
  const w = c - j;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let off = j; off < r * c; off += c) {
    s0 += x[off];
    if (w > 1) s1 += x[off + 1];
    if (w > 2) s2 += x[off + 2];
  }
  o[j] = s0;
  if (w > 1) o[j + 1] = s1;
  if (w > 2) o[j + 2] = s2;
}
