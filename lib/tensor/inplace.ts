import { type Tensor, assertSameShape } from "./tensor";
import { expectTensor, wrongKind } from "./received";

// The few in-place operations, for optimizers and accumulators. Each says so in its name, increments its target's
// version (so backward refuses a graph built before the change) and returns its target.

/** target ← target + s·x, in place (the axpy of BLAS; an SGD step is addScaledInPlace(W, grad, −lr)). */
export function addScaledInPlace(target: Tensor, x: Tensor, s: number): Tensor {
  expectTensor("addScaledInPlace", "target", target);
  expectTensor("addScaledInPlace", "x", x);
  if (typeof s !== "number") throw wrongKind("addScaledInPlace", "s", "a number", s);
  assertSameShape("addScaledInPlace", target, x);
  const t = target.data;
  const d = x.data;
  for (let i = 0; i < t.length; i++) t[i] += s * d[i];
  target.bumpVersion();
  return target;
}

/** Every value of target set to v, in place. */
export function fillInPlace(target: Tensor, v: number): Tensor {
  expectTensor("fillInPlace", "target", target);
  if (typeof v !== "number") throw wrongKind("fillInPlace", "v", "a number", v);
  target.data.fill(v);
  target.bumpVersion();
  return target;
}

/** target ← values of source (same shape), in place. */
export function copyInPlace(target: Tensor, source: Tensor): Tensor {
  expectTensor("copyInPlace", "target", target);
  expectTensor("copyInPlace", "source", source);
  assertSameShape("copyInPlace", target, source);
  target.data.set(source.data);
  target.bumpVersion();
  return target;
}
