import type { Loss } from "../losses/loss";
import { Tensor, formatShape } from "../tensor/tensor";
import { type Activation, activationByName } from "./activations";
import { softmax, softmaxDiagonal, softmaxJacobian } from "./softmax";
import { count } from "../tensor/plural";
import { expectTensor, received, wrongKind } from "../tensor/received";

/** A network in the slides' form: per layer k, W_k is (outputs×inputs), b_k has `outputs` values, h_k = f_k(W_k h_{k−1} + b_k). */
export interface SlidesNet {
  W: readonly Tensor[];
  /** Biases: columns (out×1), rows (1×out) or vectors; the gradients come back in the same shape. */
  b: readonly Tensor[];
  /** One per layer: an Activation, its name, or "softmax". */
  activations: readonly (Activation | string)[];
}

/** Options of `backpropSlides`. */
export interface BackpropSlidesOptions {
  /**
   * λ of J = L + λ Ω(θ), Ω = ½ Σ_k ‖W_k‖² (weights only), so ∇_{W_k} Ω = W_k (default 0). Named `weightDecay` as in
   * the optimizers and `l2Penalty` (and PyTorch): the slides' λ.
   */
  weightDecay?: number;
  /**
   * How a softmax layer's f'(a) is applied: "full" (default) multiplies g by the Jacobian diag(ŷ) − ŷŷᵀ, "diagonal"
   * multiplies element-wise by ŷ ⊙ (1 − ŷ), as the slides do (an erratum, kept to reproduce the slides' numbers).
   */
  softmaxDerivative?: "full" | "diagonal";
}

/** One pass of the slides' loop body for layer k. */
export interface BackpropSlidesStep {
  /** The layer, 1-based as on the slides (the loop runs k = l, l−1, ..., 1). */
  k: number;
  /** g on entry: ∇_{h^(k)} J. */
  g: Tensor;
  /** f'(a^(k)) as a column, or for a full softmax its Jacobian (K×K). */
  fPrime: Tensor;
  /** g ← g ⊙ f'(a^(k)) = ∇_{a^(k)} J. */
  gA: Tensor;
  /** ∇_{b^(k)} J = g (bias not regularised). */
  gradB: Tensor;
  /** ∇_{W^(k)} J = g h^(k−1)ᵀ + λ W^(k). */
  gradW: Tensor;
  /** g ← W^(k)ᵀ g = ∇_{h^(k−1)} J. */
  gPrev: Tensor;
}

/** Every intermediate of `backpropSlides`; vectors are columns, index k − 1 holds layer k. */
export interface BackpropSlidesResult {
  /** h^(0) = x, a column. */
  x: Tensor;
  /** a^(k) = W^(k) h^(k−1) + b^(k). */
  a: Tensor[];
  /** h^(k) = f(a^(k)); the last is ŷ. */
  h: Tensor[];
  yhat: Tensor;
  /** J = L(ŷ, y) + λ Ω(θ). */
  loss: number;
  /** L(ŷ, y). */
  dataLoss: number;
  /** Ω(θ) = ½ Σ ‖W_k‖². */
  penalty: number;
  /** g ← ∇_ŷ J, the start of the loop. */
  gOutput: Tensor;
  fPrime: Tensor[];
  /** ∇_{a^(k)} J. */
  gA: Tensor[];
  /** ∇_{h^(k)} J (the last is gOutput). */
  gH: Tensor[];
  /** ∇_x J, what the loop leaves in g after k = 1. */
  gInput: Tensor;
  gradW: Tensor[];
  gradB: Tensor[];
  /** The loop in its order, k = l first. */
  steps: BackpropSlidesStep[];
}

/**
 * The slides' backpropagation algorithm written out, for one sample x (a column) with target y:
 * g ← ∇_ŷ L; for k = l..1: g ← g ⊙ f'(a^(k)); ∇b^(k) = g; ∇W^(k) = g h^(k−1)ᵀ + λ ∇Ω; g ← W^(k)ᵀ g.
 * Returns every intermediate so a notebook can show it step by step and compare it with autograd.
 * @example
 * const r = backpropSlides({ W: [W1, W2], b: [b1, b2], activations: ["relu", "softmax"] }, x, y, crossEntropyWithNegatives);
 * r.gradW[1]; // ∇W^(2), (3×2)
 */
export function backpropSlides(
  net: SlidesNet,
  x: Tensor | readonly number[],
  y: Tensor | readonly number[],
  loss: Loss,
  options: BackpropSlidesOptions = {},
): BackpropSlidesResult {
  for (const key of Object.keys(options)) {
    if (key !== "weightDecay" && key !== "softmaxDerivative") {
      throw new RangeError(`backpropSlides: unknown option "${key}"; known: weightDecay (the slides' λ), softmaxDerivative`);
    }
  }
  if (!net || !isArray(net.W) || !isArray(net.b) || !isArray(net.activations))
    throw new TypeError(`backpropSlides: net must be { W: Tensor[], b: Tensor[], activations }, got ${received(net)}`);
  [...net.W, ...net.b].forEach((t, i) => {
    expectTensor("backpropSlides", i < net.W.length ? `net.W[${i}]` : `net.b[${i - net.W.length}]`, t);
  });
  for (const [what, v] of [
    ["x", x],
    ["y", y],
  ] as const)
    if (!(v instanceof Tensor) && !(Array.isArray(v) && v.every((e) => typeof e === "number")))
      throw wrongKind("backpropSlides", what, "a Tensor or an array of numbers", v);
  const lambda = options.weightDecay ?? 0;
  const softmaxMode = options.softmaxDerivative ?? "full";
  const L = net.W.length;
  if (L === 0) throw new RangeError("backpropSlides: the network has no layers");
  if (net.b.length !== L || net.activations.length !== L) {
    throw new RangeError(
      `backpropSlides: ${count(L, "weight matrix", "weight matrices")} but ${count(net.b.length, "bias", "biases")} and ${count(net.activations.length, "activation")}`,
    );
  }
  const acts = net.activations.map((a) => (a === "softmax" ? "softmax" : activationByName(a, "backpropSlides")));
  const x0 = column(x);
  const yCol = column(y);

  // forward: a^(k) = W^(k) h^(k−1) + b^(k), h^(k) = f(a^(k))
  const a: Tensor[] = [];
  const h: Tensor[] = [];
  let prev = x0;
  for (let k = 0; k < L; k++) {
    const W = net.W[k];
    if (W.rank !== 2 || W.shape[1] !== prev.size) {
      throw new RangeError(
        `backpropSlides: W^(${k + 1}) is ${formatShape(W.shape)} but h^(${k}) has ${count(prev.size, "value")} (W is outputs×inputs, as on the slides)`,
      );
    }
    if (net.b[k].size !== W.shape[0]) {
      throw new RangeError(
        `backpropSlides: b^(${k + 1}) is ${formatShape(net.b[k].shape)} but W^(${k + 1}) has ${count(W.shape[0], "output")}`,
      );
    }
    const ak = matVec(W, prev);
    for (let i = 0; i < ak.size; i++) ak.data[i] += net.b[k].data[i];
    const act = acts[k];
    const hk = act === "softmax" ? softmax(ak.reshape([ak.size])).reshape([ak.size, 1]) : mapCol(ak, act.f);
    a.push(ak);
    h.push(hk);
    prev = hk;
  }
  const yhat = h[L - 1];
  if (yCol.size !== yhat.size) {
    throw new RangeError(`backpropSlides: y has ${count(yCol.size, "value")} but the network outputs ${yhat.size}`);
  }
  const asRow = (t: Tensor) => t.reshape([1, t.size]);
  const dataLoss = loss.value(asRow(yhat), asRow(yCol));
  const penalty = 0.5 * net.W.reduce((s, W) => s + W.data.reduce((q, v) => q + v * v, 0), 0);
  const gOutput = loss.grad(asRow(yhat), asRow(yCol)).reshape([yhat.size, 1]);

  // backward: the loop of the slides
  const fPrime: Tensor[] = new Array(L);
  const gA: Tensor[] = new Array(L);
  const gH: Tensor[] = new Array(L);
  const gradW: Tensor[] = new Array(L);
  const gradB: Tensor[] = new Array(L);
  const steps: BackpropSlidesStep[] = [];
  let g = gOutput;
  for (let k = L - 1; k >= 0; k--) {
    gH[k] = g;
    const act = acts[k];
    let gak: Tensor;
    if (act === "softmax") {
      const yv = h[k].reshape([h[k].size]);
      if (softmaxMode === "diagonal") {
        fPrime[k] = softmaxDiagonal(yv).reshape([yv.size, 1]);
        gak = hadamard(g, fPrime[k]);
      } else {
        fPrime[k] = softmaxJacobian(yv);
        gak = matVec(fPrime[k], g); // Jᵀ g, J symmetric
      }
    } else {
      fPrime[k] = mapCol(a[k], act.df);
      gak = hadamard(g, fPrime[k]);
    }
    gA[k] = gak;
    const hPrev = k === 0 ? x0 : h[k - 1];
    const gW = outer(gak, hPrev);
    if (lambda !== 0) for (let i = 0; i < gW.size; i++) gW.data[i] += lambda * net.W[k].data[i];
    gradW[k] = gW;
    gradB[k] = new Tensor(net.b[k].shape, gak.data.slice());
    const gPrev = matTVec(net.W[k], gak);
    steps.push({ k: k + 1, g, fPrime: fPrime[k], gA: gak, gradB: gradB[k], gradW: gW, gPrev });
    g = gPrev;
  }
  return {
    x: x0,
    a,
    h,
    yhat,
    loss: dataLoss + lambda * penalty,
    dataLoss,
    penalty,
    gOutput,
    fPrime,
    gA,
    gH,
    gInput: g,
    gradW,
    gradB,
    steps,
  };
}

/** One gradient-descent step on a slides-form network: W^(k) − η ∇W^(k), b^(k) − η ∇b^(k) with η = `lr` (a new network). */
export function gradientStepSlides(net: SlidesNet, result: BackpropSlidesResult, lr: number): SlidesNet {
  if (!net || !isArray(net.W) || !isArray(net.b))
    throw new TypeError(`gradientStepSlides: net must be { W: Tensor[], b: Tensor[], activations }, got ${received(net)}`);
  if (!result || !isArray(result.gradW) || !isArray(result.gradB))
    throw new TypeError(`gradientStepSlides: result must be what backpropSlides returned, got ${received(result)}`);
  if (typeof lr !== "number" || !Number.isFinite(lr))
    throw new RangeError(`gradientStepSlides: lr must be a finite number, got ${received(lr)}`);
  const stepped = (t: Tensor, g: Tensor) =>
    new Tensor(
      t.shape,
      t.data.map((v, i) => v - lr * g.data[i]),
    );
  return {
    W: net.W.map((W, k) => stepped(W, result.gradW[k])),
    b: net.b.map((b, k) => stepped(b, result.gradB[k])),
    activations: net.activations,
  };
}

function column(v: Tensor | readonly number[]): Tensor {
  if (!(v instanceof Tensor)) return new Tensor([v.length, 1], Float64Array.from(v));
  if (v.rank === 1 || (v.rank === 2 && (v.shape[0] === 1 || v.shape[1] === 1))) return new Tensor([v.size, 1], v.data.slice());
  throw new RangeError(`backpropSlides: expects one sample as a vector or a column, got ${formatShape(v.shape)}`);
}

function matVec(W: Tensor, v: Tensor): Tensor {
  const [m, n] = W.shape;
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += W.data[i * n + j] * v.data[j];
    out[i] = s;
  }
  return new Tensor([m, 1], out);
}

function matTVec(W: Tensor, v: Tensor): Tensor {
  const [m, n] = W.shape;
  const out = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += W.data[i * n + j] * v.data[i];
  return new Tensor([n, 1], out);
}

function outer(u: Tensor, v: Tensor): Tensor {
  const out = new Float64Array(u.size * v.size);
  for (let i = 0; i < u.size; i++) for (let j = 0; j < v.size; j++) out[i * v.size + j] = u.data[i] * v.data[j];
  return new Tensor([u.size, v.size], out);
}

function hadamard(u: Tensor, v: Tensor): Tensor {
  return new Tensor(
    [u.size, 1],
    u.data.map((x, i) => x * v.data[i]),
  );
}

function mapCol(t: Tensor, f: (z: number) => number): Tensor {
  return new Tensor([t.size, 1], t.data.map(f));
}

/** Array.isArray without narrowing a readonly array's type to any[]. */
const isArray = (v: unknown): boolean => Array.isArray(v);
