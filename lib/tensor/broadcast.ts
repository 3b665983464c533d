import { Tensor, formatShape } from "./tensor";
import { expectShape, expectTensor } from "./received";

/**
 * How two operands of an element-wise op line up: both viewed as matrices (a vector of n is a 1×n row,
 * a scalar 1×1), each dimension equal or 1 (then repeated). Strides of 0 repeat a row or column.
 */
export interface BroadcastPlan {
  /** Shape of the result. */
  shape: number[];
  rows: number;
  cols: number;
  /** True when both have the same shape: a flat loop suffices. */
  same: boolean;
  /** Row and column strides of a and b in the result's index space (0 where repeated). */
  ars: number;
  acs: number;
  brs: number;
  bcs: number;
}

/** The broadcasting plan of `op(a, b)`, or a RangeError naming the op and both shapes. */
export function broadcastPlan(op: string, a: readonly number[], b: readonly number[]): BroadcastPlan {
  if (a.length === b.length && a.every((d, i) => d === b[i])) {
    const size = a.reduce((p, d) => p * d, 1);
    return { shape: a.slice(), rows: 1, cols: size, same: true, ars: 0, acs: 1, brs: 0, bcs: 1 };
  }
  const aSize = a.reduce((p, d) => p * d, 1);
  const bSize = b.reduce((p, d) => p * d, 1);
  // a single value against anything of any rank
  if (bSize === 1 && b.length <= a.length) {
    return { shape: a.slice(), rows: 1, cols: aSize, same: false, ars: 0, acs: 1, brs: 0, bcs: 0 };
  }
  if (aSize === 1 && a.length <= b.length) {
    return { shape: b.slice(), rows: 1, cols: bSize, same: false, ars: 0, acs: 0, brs: 0, bcs: 1 };
  }
  if (a.length > 2 || b.length > 2) throw cannot(op, a, b);
  const [ar, ac] = as2D(a);
  const [br, bc] = as2D(b);
  if ((ar !== br && ar !== 1 && br !== 1) || (ac !== bc && ac !== 1 && bc !== 1)) throw cannot(op, a, b);
  const rows = Math.max(ar, br);
  const cols = Math.max(ac, bc);
  const shape = a.length < 2 && b.length < 2 ? [cols] : [rows, cols];
  return {
    shape,
    rows,
    cols,
    same: false,
    ars: ar === 1 ? 0 : ac,
    acs: ac === 1 ? 0 : 1,
    brs: br === 1 ? 0 : bc,
    bcs: bc === 1 ? 0 : 1,
  };
}

/**
 * Sums a gradient over the dimensions that broadcasting repeated, so it gets back the operand's shape:
 * the backward of broadcasting. sumToShape(G (m×n), [1, n]) = column sums as a 1×n row.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  expectTensor("sumToShape", "g", g);
  expectShape("sumToShape", shape);
  const gs = g.shape;
  if (gs.length === shape.length && gs.every((d, i) => d === shape[i])) return g;
  const size = shape.reduce((p, d) => p * d, 1);
  const out = new Tensor(shape);
  const gd = g.data;
  if (size === 1) {
    let s = 0;
    for (let i = 0; i < gd.length; i++) s += gd[i];
    out.data[0] = s;
    return out;
  }
  if (gs.length > 2 || shape.length > 2) {
    throw new RangeError(`sumToShape: cannot reduce ${formatShape(gs)} to ${formatShape(shape)}`);
  }
  const [gr, gc] = as2D(gs);
  const [r, c] = as2D(shape);
  if ((r !== gr && r !== 1) || (c !== gc && c !== 1)) {
    throw new RangeError(`sumToShape: cannot reduce ${formatShape(gs)} to ${formatShape(shape)}`);
  }
  const od = out.data;
  const rs = r === 1 ? 0 : c;
  const cs = c === 1 ? 0 : 1;
  for (let i = 0; i < gr; i++) {
    const o = i * rs;
    const gi = i * gc;
    for (let j = 0; j < gc; j++) od[o + j * cs] += gd[gi + j];
  }
  return out;
}

function as2D(s: readonly number[]): [number, number] {
  if (s.length === 0) return [1, 1];
  if (s.length === 1) return [1, s[0]];
  return [s[0], s[1]];
}

function cannot(op: string, a: readonly number[], b: readonly number[]): RangeError {
  return new RangeError(
    `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (each dimension must match or be 1)`,
  );
}

/**
 * t repeated to the given shape by the broadcasting rules (a 1×n row to every row of m×n, and so on): the forward
 * of broadcasting, and the backward of a reduction with an axis.
 */
export function broadcastTo(t: Tensor, shape: readonly number[]): Tensor {
  expectTensor("broadcastTo", "t", t);
  expectShape("broadcastTo", shape);
  const p = broadcastPlan("broadcastTo", shape, t.shape);
  if (p.shape.length !== shape.length || p.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(`broadcastTo: cannot broadcast ${formatShape(t.shape)} to ${formatShape(shape)}`);
  }
  if (p.same) return t;
  const out = new Tensor(shape);
  const od = out.data;
  const x = t.data;
  for (let i = 0, o = 0; i < p.rows; i++) {
    const bi = i * p.brs;
    for (let j = 0; j < p.cols; j++, o++) od[o] = x[bi + j * p.bcs];
  }
  return out;
}
