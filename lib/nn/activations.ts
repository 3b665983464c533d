import { allocUninit } from "../tensor/kernels/alloc";
import { reluBackwardWasm } from "../tensor/kernels/gemm-wasm";
import { Tensor } from "../tensor/tensor";
import { expectTensor, isData, received, wrongKind } from "../tensor/received";

/**
 * Activation: an element-wise function f with its derivative f', both of the pre-activation z (the slides' a).
 * `latex` is the formula for display. Softmax is not element-wise: see `softmax.ts`. For every activation,
 * f(NaN) and f'(NaN) are NaN, so a NaN reaching a layer shows in its output and its gradient.
 * @example
 * activations.sigmoid.f(0);  // 0.5
 * activations.sigmoid.df(0); // 0.25
 */
export interface Activation {
  /** Short name, as accepted by `mlp(..., { activations: ["relu", ...] })`. */
  readonly name: string;
  /** The formula in LaTeX, e.g. `\sigma(z) = \frac{1}{1 + e^{-z}}`. */
  readonly latex: string;
  /** f(z). */
  f(z: number): number;
  /** f'(z), the derivative at the pre-activation z (a sub-gradient where f has a kink). */
  df(z: number): number;
}

/** identity(z) = z. */
function identityScalar(z: number): number {
  return z;
}

/** step(z) = 1 if z >= 0 else 0 (Heaviside, H(0) = 1); NaN for NaN; derivative 0 (undefined at 0). */
function stepScalar(z: number): number {
  return z >= 0 ? 1 : z < 0 ? 0 : Number.NaN;
}

/** sign(z) = +1, 0 or −1, NaN for NaN (Math.sign, numpy, torch); derivative 0 (undefined at 0). A score of 0 is on the boundary. */
function signScalar(z: number): number {
  return z > 0 ? 1 : z < 0 ? -1 : z === 0 ? 0 : Number.NaN;
}

/** `value` where z is a number, NaN where z is NaN: a derivative never turns a NaN into a silent 0 or 1. */
function unlessNaN(z: number, value: number): number {
  return Number.isNaN(z) ? Number.NaN : value;
}

/** sigmoid(z) = 1 / (1 + e^−z), computed without overflow for large |z| (e^−|z| only). */
function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** relu(z) = max(0, z); derivative 1 for z > 0, 0 otherwise (0 at the kink). */
function reluScalar(z: number): number {
  return Math.max(z, 0);
}

/** softplus(z) = ln(1 + e^z), stable: max(z, 0) + ln(1 + e^−|z|). Its derivative is sigmoid(z). */
function softplusScalar(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

// Each activation is one declaration { name, latex, f, df }; their shared shape is the design, not a copy.

/** The identity f(z) = z (linear output of a regression network). */
export const identityActivation: Activation = {
  name: "identity",
  latex: "f(z) = z",
  f: identityScalar,
  df: (z) => unlessNaN(z, 1),
};

/** The Heaviside step f(z) = 1 if z ≥ 0 else 0; f' = 0 (undefined at 0). */
export const stepActivation: Activation = {
  name: "step",
  latex: "f(z) = \\begin{cases} 1 & z \\ge 0 \\\\ 0 & z < 0 \\end{cases}",
  f: stepScalar,
  df: (z) => unlessNaN(z, 0),
};

/** The perceptron's sign f(z) = +1 / 0 / −1; f' = 0 (undefined at 0). */
export const signActivation: Activation = {
  name: "sign",
  latex: "f(z) = \\operatorname{sign}(z)",
  f: signScalar,
  df: (z) => unlessNaN(z, 0),
};

/** The logistic sigmoid σ(z) = 1 / (1 + e^−z); σ'(z) = σ(z)(1 − σ(z)). */
export const sigmoidActivation: Activation = {
  name: "sigmoid",
  latex: "\\sigma(z) = \\frac{1}{1 + e^{-z}}",
  f: sigmoidScalar,
  df: (z) => {
    const s = sigmoidScalar(z);
    return s * (1 - s);
  },
};

/** tanh(z) = (e^z − e^−z) / (e^z + e^−z); tanh'(z) = 1 − tanh²(z). */
export const tanhActivation: Activation = {
  name: "tanh",
  latex: "\\tanh(z) = \\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
  f: Math.tanh,
  df: (z) => {
    const t = Math.tanh(z);
    return 1 - t * t;
  },
};

/** ReLU f(z) = max(0, z); f'(z) = 1 if z > 0 else 0. */
export const reluActivation: Activation = {
  name: "relu",
  latex: "\\operatorname{relu}(z) = \\max(0, z)",
  f: reluScalar,
  df: (z) => (z > 0 ? 1 : unlessNaN(z, 0)),
};

const LEAKY_USAGE =
  ': leakyRelu(alpha) makes an activation: apply it with activate(x, leakyRelu(0.1)), use "leakyRelu" as a layer\'s activation, or call its .f(z) on a number';

/** Leaky ReLU f(z) = z if z > 0 else α z; f'(z) = 1 or α. */
export function leakyRelu(alpha = 0.01): Activation {
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0)
    throw new RangeError(`leakyRelu: alpha must be a number >= 0, got ${received(alpha)}${isData(alpha) ? LEAKY_USAGE : ""}`);
  return {
    name: alpha === 0.01 ? "leakyRelu" : `leakyRelu(${alpha})`,
    latex: `f(z) = \\begin{cases} z & z > 0 \\\\ ${alpha}\\,z & z \\le 0 \\end{cases}`,
    f: (z) => (z > 0 ? z : alpha * z),
    df: (z) => (z > 0 ? 1 : unlessNaN(z, alpha)),
  };
}

/** Softplus f(z) = ln(1 + e^z), a smooth ReLU; f'(z) = σ(z). */
export const softplusActivation: Activation = {
  name: "softplus",
  latex: "\\operatorname{softplus}(z) = \\ln(1 + e^{z})",
  f: softplusScalar,
  df: sigmoidScalar,
};

/** Every element-wise activation of the lecture, by name; `leakyRelu` is a factory taking α (default 0.01). */
export const activations = {
  identity: identityActivation,
  step: stepActivation,
  sign: signActivation,
  sigmoid: sigmoidActivation,
  tanh: tanhActivation,
  relu: reluActivation,
  leakyRelu,
  softplus: softplusActivation,
};

/**
 * Looks up an activation by name ("relu", "leakyRelu", "sigmoid", ...) or passes an Activation object through. `fn`,
 * the function the user called (activate, dense, mlp), opens the message of a wrong kind or an unknown name.
 */
export function activationByName(a: string | Activation, fn?: string): Activation {
  const by = fn ? `${fn}: ` : "";
  if (typeof a !== "string") {
    if (a && typeof a === "object" && typeof a.f === "function" && typeof a.df === "function") return a;
    throw new TypeError(
      `${by}activation must be a name ("relu", "sigmoid", ...) or an Activation { name, f, df }, got ${received(a)}`,
    );
  }
  if (a === "leakyRelu") return leakyRelu();
  const found = (activations as Record<string, unknown>)[a];
  if (!found || typeof found === "function") {
    const names = Object.keys(activations).join(", ");
    throw new RangeError(`${by}activation "${a}" is unknown; known: ${names} (and "softmax" for an output layer)`);
  }
  return found as Activation;
}

/** Applies f element-wise to a tensor (a new tensor). */
export function applyActivation(act: Activation, z: Tensor): Tensor {
  if (!act || typeof act.f !== "function") throw wrongKind("applyActivation", "act", "an Activation { name, f, df }", act);
  expectTensor("applyActivation", "z", z, "activate(x, act)");
  const out = allocUninit(z.size);
  const f = act.f;
  const d = z.data;
  if (act === reluActivation) {
    reluInto(d, out); // no call per element for the common case
  } else {
    for (let i = 0; i < out.length; i++) out[i] = f(d[i]);
  }
  return new Tensor(z.shape, out);
}

/**
 * out[i] = relu(z[i]) = max(z[i], 0) (NaN stays NaN, −0 becomes 0), the values of `Math.max(z, 0)` exactly.
 *
 * Without a branch per value: (z + |z|)·½ is z for z > 0 (2z and its half are exact), +0 for z ≤ 0 and NaN for NaN,
 * with no compare (Math.max's NaN and signed-zero handling costs compares and branches, which mispredict on a layer's
 * outputs, about half of them positive in no order: 2.0× slower over a 150×16 layer here). It is wrong only for
 * −Infinity (NaN, not 0) and z above half the largest double (Infinity): both give a non-finite result, so the results
 * are checked in the same pass (Σ r·0 is 0 exactly when every r is finite) and then recomputed with Math.max.
 */
export function reluInto(z: Float64Array, out: Float64Array): void {
  const n = z.length;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a = z[i];
    const b = z[i + 1];
    const ra = (a + Math.abs(a)) * 0.5;
    const rb = (b + Math.abs(b)) * 0.5;
    out[i] = ra;
    out[i + 1] = rb;
    s0 += ra * 0;
    s1 += rb * 0;
  }
  if (i < n) {
    const a = z[i];
    const ra = (a + Math.abs(a)) * 0.5;
    out[i] = ra;
    s0 += ra * 0;
  }
  if (s0 + s1 === 0) return;
  for (let j = 0; j < n; j++) out[j] = Math.max(z[j], 0); // a NaN, ±Infinity or a huge value: the exact definition
}

/**
 * relu's backward from its output: out[i] = g[i] where y[i] > 0, 0 where y[i] = 0, NaN where y[i] is NaN (y = relu(z),
 * so y > 0 exactly where z > 0; relu' = 0 at the kink, as PyTorch's threshold_backward). g's values pass unchanged
 * (−0, ±Infinity and NaN included) where y > 0, and never where y = 0.
 *
 * From 256 values on the WebAssembly SIMD kernels (gemm-wasm.ts `reluBackwardWasm`), else here, four values per
 * iteration: a loop over typed arrays pays a fixed cost per iteration here (its checks), as much as a step's work;
 * unrolled by four the 150×16 relu layer of Iris took 5.2-6.6 µs instead of 9.4-9.8 (microbenchmark, CPU time,
 * load ~6). The compare is well predicted or compiled without a branch: random and sorted signs ran alike.
 */
export function reluBackwardInto(y: Float64Array, g: Float64Array, out: Float64Array): void {
  if (reluBackwardWasm(y, g, out)) return;
  const n = out.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v0 = y[i];
    const v1 = y[i + 1];
    const v2 = y[i + 2];
    const v3 = y[i + 3];
    out[i] = v0 > 0 ? g[i] : Number.isNaN(v0) ? v0 : 0;
    out[i + 1] = v1 > 0 ? g[i + 1] : Number.isNaN(v1) ? v1 : 0;
    out[i + 2] = v2 > 0 ? g[i + 2] : Number.isNaN(v2) ? v2 : 0;
    out[i + 3] = v3 > 0 ? g[i + 3] : Number.isNaN(v3) ? v3 : 0;
  }
  for (; i < n; i++) {
    const v = y[i];
    out[i] = v > 0 ? g[i] : Number.isNaN(v) ? v : 0;
  }
}

function both(act: Activation): { (z: number): number; (z: Tensor): Tensor } {
  return ((z: number | Tensor) => {
    if (typeof z === "number") return act.f(z);
    if (z instanceof Tensor) return applyActivation(act, z);
    throw wrongKind(act.name, "z", "a number or a Tensor", z, `activate(x, "${act.name}")`);
  }) as {
    (z: number): number;
    (z: Tensor): Tensor;
  };
}

/** identity(z) = z, on a number or element-wise on a tensor. */
export const identity = both(identityActivation);
/** step(z) = 1 if z ≥ 0 else 0, on a number or element-wise on a tensor. */
export const step = both(stepActivation);
/** sign(z) ∈ {−1, 0, +1}, on a number or element-wise on a tensor. */
export const sign = both(signActivation);
/** sigmoid(z) = 1 / (1 + e^−z), stable for large |z|, on a number or element-wise on a tensor. */
export const sigmoid = both(sigmoidActivation);
/** tanh(z), on a number or element-wise on a tensor. */
export const tanh = both(tanhActivation);
/** relu(z) = max(0, z), on a number or element-wise on a tensor. */
export const relu = both(reluActivation);
/** softplus(z) = ln(1 + e^z), stable, on a number or element-wise on a tensor. */
export const softplus = both(softplusActivation);
