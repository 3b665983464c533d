import { type Tensor, assertSameShape } from "./tensor";

// The few in-place operations, for optimizers and accumulators. Each says so in its name, increments its target's
// version (so backward refuses a graph built before the change) and returns its target.

/** target ← target + s·x, in place (the axpy of BLAS; an SGD step is addScaledInPlace(W, grad, −lr)). */
export function addScaledInPlace(target: Tensor, x: Tensor, s: number): Tensor {
  assertSameShape("addScaledInPlace", target, x);
  const t = target.data;
  const d = x.data;
  for (let i = 0; i < t.length; i++) t[i] += s * d[i];
  target.bumpVersion();
  return target;
}

/** target ← target + x, in place. */
export function addInPlace(target: Tensor, x: Tensor): Tensor {
  return addScaledInPlace(target, x, 1);
}

/** target ← s·target, in place. */
export function scaleInPlace(target: Tensor, s: number): Tensor {
  const t = target.data;
  for (let i = 0; i < t.length; i++) t[i] *= s;
  target.bumpVersion();
  return target;
}

/** Every value of target set to v, in place. */
export function fillInPlace(target: Tensor, v: number): Tensor {
  target.data.fill(v);
  target.bumpVersion();
  return target;
}

/** target ← values of source (same shape), in place. */
export function copyInPlace(target: Tensor, source: Tensor): Tensor {
  assertSameShape("copyInPlace", target, source);
  target.data.set(source.data);
  target.bumpVersion();
  return target;
}
