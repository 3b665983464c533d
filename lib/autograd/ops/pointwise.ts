import { allocUninit } from "../../tensor/kernels/alloc";
import * as T from "../../tensor/elementwise";
import { Tensor } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/** eˣ element-wise; ∂/∂x = eˣ (the output itself). */
export function exp(a: Operand): Var {
  const x = asVar(a, "ad.exp", "a");
  const y = T.exp(x.value);
  return op("exp", y, [x], (g) => [T.mul(g, y)]);
}

/** ln x element-wise; ∂/∂x = 1/x. */
export function log(a: Operand): Var {
  const x = asVar(a, "ad.log", "a");
  return op("log", T.log(x.value), [x], (g) => [T.div(g, x.value)]);
}

/** xᵖ element-wise for a number p; ∂/∂x = p·xᵖ⁻¹. */
export function pow(a: Operand, p: number): Var {
  const x = asVar(a, "ad.pow", "a");
  return op("pow", T.pow(x.value, p), [x], (g) => [T.mul(g, T.scale(T.pow(x.value, p - 1), p))]);
}

/** x² element-wise; ∂/∂x = 2x. */
export function square(a: Operand): Var {
  const x = asVar(a, "ad.square", "a");
  return op("square", T.mul(x.value, x.value), [x], (g) => [T.mul(g, T.scale(x.value, 2))]);
}

/**
 * y = f(x) element-wise for any scalar function with its derivative df (given x and y = f(x)), named for the graph:
 * map(z, Math.tanh, (_, y) => 1 - y * y, "tanh").
 */
export function map(a: Operand, f: (x: number) => number, df: (x: number, y: number) => number, name = "map"): Var {
  const x = asVar(a, "ad.map", "a");
  const xv = x.value.data;
  const yv = allocUninit(xv.length);
  for (let i = 0; i < xv.length; i++) yv[i] = f(xv[i]);
  const y = new Tensor(x.shape, yv);
  return op(name, y, [x], (g) => {
    const out = allocUninit(xv.length);
    const gd = g.data;
    for (let i = 0; i < xv.length; i++) out[i] = gd[i] * df(xv[i], yv[i]);
    return [new Tensor(x.shape, out)];
  });
}
