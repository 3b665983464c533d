import { allocUninit } from "./kernels/alloc";
import { type BroadcastPlan, broadcastPlan } from "./broadcast";
import { expectOperand, expectTensor, wrongKind } from "./received";
import { Tensor } from "./tensor";

// Element-wise arithmetic with broadcasting: same shapes, a scalar against anything, a row vector (1×n or n)
// against each row of an m×n matrix, a column vector (m×1) against each column. One loop per op, no closures:
// add, sub, mul and div repeat the same loop shape on purpose (a shared loop taking the operator as a function costs
// a call per element in V8), so `duplicates` lists them as a deliberate pair.

/** a + b element-wise, broadcast: add(X (m×n), b (1×n)) adds b to every row. */
export function add(a: Tensor, b: Tensor | number): Tensor {
  expectTensor("add", "a", a, "ad.add");
  const bt = asTensor("add", b, "ad.add");
  const p = broadcastPlan("add", a.shape, bt.shape);
  const x = a.data;
  const y = bt.data;
  const out = allocUninit(p.rows * p.cols);
  if (p.same) for (let i = 0; i < out.length; i++) out[i] = x[i] + y[i];
  else if (p.acs === 1 && p.ars === p.cols && p.brs === 0 && p.bcs === 1) {
    // a row added to every row of a matrix (the bias of a dense layer): both read contiguously
    const { rows, cols } = p;
    for (let i = 0, o = 0; i < rows; i++, o += cols) for (let j = 0; j < cols; j++) out[o + j] = x[o + j] + y[j];
  } else {
    const { rows, cols, ars, acs, brs, bcs } = p;
    for (let i = 0, o = 0; i < rows; i++) {
      let ia = i * ars;
      let ib = i * brs;
      for (let j = 0; j < cols; j++, o++, ia += acs, ib += bcs) out[o] = x[ia] + y[ib];
    }
  }
  return new Tensor(p.shape, out);
}

/** a − b element-wise, broadcast like add. */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  expectTensor("sub", "a", a, "ad.sub");
  const bt = asTensor("sub", b, "ad.sub");
  const p = broadcastPlan("sub", a.shape, bt.shape);
  const x = a.data;
  const y = bt.data;
  const out = allocUninit(p.rows * p.cols);
  if (p.same) for (let i = 0; i < out.length; i++) out[i] = x[i] - y[i];
  else {
    const { rows, cols, ars, acs, brs, bcs } = p;
    for (let i = 0, o = 0; i < rows; i++) {
      let ia = i * ars;
      let ib = i * brs;
      for (let j = 0; j < cols; j++, o++, ia += acs, ib += bcs) out[o] = x[ia] - y[ib];
    }
  }
  return new Tensor(p.shape, out);
}

/** a ⊙ b, the element-wise (Hadamard) product, broadcast like add. */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  expectTensor("mul", "a", a, "ad.mul");
  const bt = asTensor("mul", b, "ad.mul");
  const p = broadcastPlan("mul", a.shape, bt.shape);
  const x = a.data;
  const y = bt.data;
  const out = allocUninit(p.rows * p.cols);
  if (p.same) for (let i = 0; i < out.length; i++) out[i] = x[i] * y[i];
  else {
    const { rows, cols, ars, acs, brs, bcs } = p;
    for (let i = 0, o = 0; i < rows; i++) {
      let ia = i * ars;
      let ib = i * brs;
      for (let j = 0; j < cols; j++, o++, ia += acs, ib += bcs) out[o] = x[ia] * y[ib];
    }
  }
  return new Tensor(p.shape, out);
}

/** a / b element-wise, broadcast like add (division by zero gives ±Infinity or NaN, as in IEEE arithmetic). */
export function div(a: Tensor, b: Tensor | number): Tensor {
  expectTensor("div", "a", a, "ad.div");
  const bt = asTensor("div", b, "ad.div");
  const p = broadcastPlan("div", a.shape, bt.shape);
  const x = a.data;
  const y = bt.data;
  const out = allocUninit(p.rows * p.cols);
  if (p.same) for (let i = 0; i < out.length; i++) out[i] = x[i] / y[i];
  else {
    const { rows, cols, ars, acs, brs, bcs } = p;
    for (let i = 0, o = 0; i < rows; i++) {
      let ia = i * ars;
      let ib = i * brs;
      for (let j = 0; j < cols; j++, o++, ia += acs, ib += bcs) out[o] = x[ia] / y[ib];
    }
  }
  return new Tensor(p.shape, out);
}

/** s·a, every value times the number s. */
export function scale(a: Tensor, s: number): Tensor {
  expectTensor("scale", "a", a, "ad.scale");
  if (typeof s !== "number") throw wrongKind("scale", "s", "a number", s);
  const x = a.data;
  const out = allocUninit(x.length);
  for (let i = 0; i < x.length; i++) out[i] = s * x[i];
  return new Tensor(a.shape, out);
}

/** −a. */
export function neg(a: Tensor): Tensor {
  expectTensor("neg", "a", a, "ad.neg");
  return scale(a, -1);
}

/** f applied to every value: map(a, Math.exp). f also receives the flat index. */
export function map(a: Tensor, f: (value: number, index: number) => number): Tensor {
  expectTensor("map", "a", a, "ad.map");
  if (typeof f !== "function") throw wrongKind("map", "f", "a function", f);
  const x = a.data;
  const out = allocUninit(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], i);
  return new Tensor(a.shape, out);
}

/** f applied pairwise to a and b (broadcast like add): zip(a, b, Math.max). */
export function zip(a: Tensor, b: Tensor | number, f: (x: number, y: number) => number, name = "zip"): Tensor {
  expectTensor(name, "a", a);
  const bt = asTensor(name, b);
  if (typeof f !== "function") throw wrongKind(name, "f", "a function", f);
  const p: BroadcastPlan = broadcastPlan(name, a.shape, bt.shape);
  const x = a.data;
  const y = bt.data;
  const out = allocUninit(p.rows * p.cols);
  if (p.same) for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  else {
    for (let i = 0, o = 0; i < p.rows; i++) {
      for (let j = 0; j < p.cols; j++, o++) out[o] = f(x[i * p.ars + j * p.acs], y[i * p.brs + j * p.bcs]);
    }
  }
  return new Tensor(p.shape, out);
}

/** e^a element-wise. */
export function exp(a: Tensor): Tensor {
  expectTensor("exp", "a", a, "ad.exp");
  const x = a.data;
  const out = allocUninit(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  return new Tensor(a.shape, out);
}

/** ln a element-wise (natural logarithm). */
export function log(a: Tensor): Tensor {
  expectTensor("log", "a", a, "ad.log");
  const x = a.data;
  const out = allocUninit(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  return new Tensor(a.shape, out);
}

/** a^p element-wise. */
export function pow(a: Tensor, p: number): Tensor {
  expectTensor("pow", "a", a, "ad.pow");
  if (typeof p !== "number") throw wrongKind("pow", "p", "a number", p);
  const x = a.data;
  const out = allocUninit(x.length);
  if (p === 2) for (let i = 0; i < x.length; i++) out[i] = x[i] * x[i];
  else for (let i = 0; i < x.length; i++) out[i] = x[i] ** p;
  return new Tensor(a.shape, out);
}

function asTensor(fn: string, b: Tensor | number, varHint?: string): Tensor {
  const v = expectOperand(fn, "b", b, varHint);
  return typeof v === "number" ? new Tensor([], Float64Array.of(v)) : v;
}
