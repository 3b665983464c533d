import { linear, linearOf } from "../autograd/ops/linear";
import { linearRelu } from "../tensor/matmul";
import { type Var, asVar, op } from "../autograd/var";
import { allocUninit } from "../tensor/kernels/alloc";
import { Tensor } from "../tensor/tensor";
import { type Activation, activationByName, applyActivation, reluActivation, reluBackwardInto } from "./activations";
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
    const out = allocUninit(y.size);
    reluBackwardInto(y.data, g.data, out);
    return [new Tensor(y.shape, out)];
  });
}

/**
 * A dense layer's f(X·W + b) as two nodes, "linear" (the slides' a = b + W h) then the activation's ("relu",
 * "tanh", ...), as `activate(ad.linear(x, W, b), f)` gives, with the same values. An identity activation adds no node.
 *
 * Relu comes out of the product kernel with z (tensor/matmul.ts `linearRelu`: relu computed in the WebAssembly memory,
 * both copied out by memcpy), the same values as `reluInto` after the product: Iris's 150×4·4×16 + b + relu 10.8 µs
 * against 13.5 µs for the product then `reluInto` (medians of 15 interleaved rounds, CPU time, load ~8: the ratio is
 * what counts). (Session 9 had measured this epilogue slower with a JavaScript `Math.max` per value in the copy-out.)
 */
export function linearActivate(x: Var, w: Var, b: Var, act: LayerActivation): Var {
  const name = activationName(act);
  if (name === "identity") return linear(x, w, b);
  if (act !== "relu" && act !== reluActivation) return activate(linear(x, w, b), act);
  const [z, y] = linearRelu(x.value, w.value, b.value);
  return reluOf(linearOf(x, w, b, z), y);
}

/** The name of a layer activation, for display ("relu", "softmax"). */
export function activationName(act: LayerActivation): string {
  return typeof act === "string" ? act : act.name;
}
