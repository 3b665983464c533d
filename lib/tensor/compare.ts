import type { Tensor } from "./tensor";
import { expectTensor } from "./received";

/** True when a and b have the same shape and exactly the same values (NaN equals nothing). */
export function equal(a: Tensor, b: Tensor): boolean {
  expectTensor("equal", "a", a);
  expectTensor("equal", "b", b);
  if (!sameShape(a, b)) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/**
 * True when a and b have the same shape and every |aᵢ − bᵢ| ≤ atol + rtol·|bᵢ| (numpy's allclose).
 * `tol` is the absolute tolerance; pass {rtol} for a relative one.
 */
export function allClose(a: Tensor, b: Tensor, tol = 1e-9, opts: { rtol?: number } = {}): boolean {
  expectTensor("allClose", "a", a);
  expectTensor("allClose", "b", b);
  if (!sameShape(a, b)) return false;
  const rtol = opts.rtol ?? 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    if (x === y) continue; // also equal infinities
    if (!(Math.abs(x - y) <= tol + rtol * Math.abs(y))) return false;
  }
  return true;
}

/** The largest |aᵢ − bᵢ| (Infinity if the shapes differ): how far apart two results are. */
export function maxAbsDiff(a: Tensor, b: Tensor): number {
  expectTensor("maxAbsDiff", "a", a);
  expectTensor("maxAbsDiff", "b", b);
  if (!sameShape(a, b)) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (d > m || Number.isNaN(d)) m = d;
  }
  return m;
}

/**
 * The flat index of the first NaN or ±Infinity in t, or −1 when every value is finite. For messages that name the
 * bad value: in a matrix it is row ⌊i / cols⌋, column i mod cols.
 * @example
 * firstNonFinite(Tensor.from([[1, 2], [NaN, 4]])); // 2 (row 1, column 0)
 */
export function firstNonFinite(t: Tensor): number {
  expectTensor("firstNonFinite", "t", t);
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

function sameShape(a: Tensor, b: Tensor): boolean {
  return a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}
