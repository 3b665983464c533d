import { sumToShape } from "../../tensor/broadcast";
import * as T from "../../tensor/elementwise";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

// Element-wise arithmetic on Vars, broadcasting like the tensor ops. The backward of a broadcast operand sums the
// gradient over the dimensions it was repeated along (sumToShape).

/** a + b; ∂/∂a = 1, ∂/∂b = 1. */
export function add(a: Operand, b: Operand): Var {
  const x = asVar(a, "ad.add", "a");
  const y = asVar(b, "ad.add", "b");
  return op("add", T.add(x.value, y.value), [x, y], (g) => [sumToShape(g, x.shape), sumToShape(g, y.shape)]);
}

/** a − b; ∂/∂a = 1, ∂/∂b = −1. */
export function sub(a: Operand, b: Operand): Var {
  const x = asVar(a, "ad.sub", "a");
  const y = asVar(b, "ad.sub", "b");
  return op("sub", T.sub(x.value, y.value), [x, y], (g) => [
    sumToShape(g, x.shape),
    y.needsGrad ? T.neg(sumToShape(g, y.shape)) : null,
  ]);
}

/** a ⊙ b element-wise; ∂/∂a = b, ∂/∂b = a. */
export function mul(a: Operand, b: Operand): Var {
  const x = asVar(a, "ad.mul", "a");
  const y = asVar(b, "ad.mul", "b");
  return op("mul", T.mul(x.value, y.value), [x, y], (g) => [
    x.needsGrad ? sumToShape(T.mul(g, y.value), x.shape) : null,
    y.needsGrad ? sumToShape(T.mul(g, x.value), y.shape) : null,
  ]);
}

/** a / b element-wise; ∂/∂a = 1/b, ∂/∂b = −a/b². */
export function div(a: Operand, b: Operand): Var {
  const x = asVar(a, "ad.div", "a");
  const y = asVar(b, "ad.div", "b");
  const out = T.div(x.value, y.value);
  return op("div", out, [x, y], (g) => [
    x.needsGrad ? sumToShape(T.div(g, y.value), x.shape) : null,
    // −a/b² = −(a/b)/b = −out/b
    y.needsGrad ? sumToShape(T.neg(T.div(T.mul(g, out), y.value)), y.shape) : null,
  ]);
}

/** −a; ∂/∂a = −1. */
export function neg(a: Operand): Var {
  const x = asVar(a, "ad.neg", "a");
  return op("neg", T.neg(x.value), [x], (g) => [T.neg(g)]);
}

/** s·a for a number s; ∂/∂a = s. */
export function scale(a: Operand, s: number): Var {
  const x = asVar(a, "ad.scale", "a");
  return op("scale", T.scale(x.value, s), [x], (g) => [T.scale(g, s)]);
}
