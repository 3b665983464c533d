import { linear } from "../autograd/ops/linear";
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
  const a = activationByName(act, "activate");
  const y = applyActivation(a, x.value);
  if (a === reluActivation) return reluOf(x, y);
  return op(a.name, y, [x], (g) => {
    const z = x.value.data;
    const gd = g.data;
    const out = allocUninit(z.length);
    const df = a.df;
    for (let i = 0; i < out.length; i++) out[i] = gd[i] * df(z[i]);
    return [new Tensor(x.value.shape, out)];
  });
}

/**
 * The "relu" node y = relu(z) of the node z, y computed already; backward ∂L/∂z = ∂L/∂y where y > 0 (so z > 0), 0
 * where y = 0 (z ≤ 0), NaN where y is NaN (z is NaN): relu' read from the output, without a call per element.
 */
function reluOf(z: Var, y: Tensor): Var {
  return op("relu", y, [z], (g) => {
    const yd = y.data;
    const gd = g.data;
    const out = allocUninit(yd.length);
    // y read once; the NaN test only where y > 0 fails (rare, so well predicted)
    for (let i = 0; i < out.length; i++) {
      const v = yd[i];
      out[i] = v > 0 ? gd[i] : Number.isNaN(v) ? v : 0;
    }
    return [new Tensor(y.shape, out)];
  });
}

/**
 * A dense layer's f(X·W + b) as two nodes, "linear" (the slides' a = b + W h) then the activation's ("relu",
 * "tanh", ...), as `activate(ad.linear(x, W, b), f)` gives, with the same values. An identity activation adds no node.
 *
 * Relu is a pass of its own after the product (activate → activations.ts `reluInto`, branch-free), not the fused copy-out of
 * tensor/matmul.ts `linearRelu`: that epilogue's `Math.max` per value (compares and branches that mispredict on a
 * layer's outputs) made Iris's 150×4·4×16 + b + relu 14.3 µs against 10.9 µs for the product then `reluInto`
 * (interleaved, CPU medians, load ~10). Same values either way.
 */
export function linearActivate(x: Var, w: Var, b: Var, act: LayerActivation): Var {
  const z = linear(x, w, b);
  return activationName(act) === "identity" ? z : activate(z, act);
}

/** The name of a layer activation, for display ("relu", "softmax"). */
export function activationName(act: LayerActivation): string {
  return typeof act === "string" ? act : act.name;
}
