import { type Var, asVar, op } from "../autograd/var";
import { allocUninit } from "../tensor/kernels/alloc";
import { Tensor } from "../tensor/tensor";
import { type Activation, activationByName, applyActivation, reluActivation } from "./activations";
import { softmaxOp } from "./softmax";

/** What a layer may apply after X·W + b: an element-wise Activation, its name, or "softmax" (per row). */
export type LayerActivation = Activation | string;

/**
 * f(x) element-wise as an autograd op: forward y = f(x), backward ∂L/∂x = ∂L/∂y ⊙ f'(x).
 * The op is named after the activation ("relu", "sigmoid"), so a drawn graph reads like the slides.
 * @example
 * const h = activate(ad.matmul(x, W), activations.relu);
 */
export function activate(x: Var, act: Activation | string): Var {
  x = asVar("activate", x);
  if (act === "softmax") return softmaxOp(x);
  const a = activationByName(act);
  const y = applyActivation(a, x.value);
  return op(a.name, y, [x], (g) => {
    const z = x.value.data;
    const gd = g.data;
    const out = allocUninit(z.length);
    if (a === reluActivation) {
      // the common hidden layer, without a call per element: g where z > 0, 0 where z <= 0, NaN where z is NaN
      for (let i = 0; i < out.length; i++) out[i] = z[i] > 0 ? gd[i] : z[i] <= 0 ? 0 : Number.NaN;
    } else {
      const df = a.df;
      for (let i = 0; i < out.length; i++) out[i] = gd[i] * df(z[i]);
    }
    return [new Tensor(x.value.shape, out)];
  });
}

/** The name of a layer activation, for display ("relu", "softmax"). */
export function activationName(act: LayerActivation): string {
  return typeof act === "string" ? act : act.name;
}
