import { param, type Var } from "../autograd/var";
import { Rng } from "../tensor/rng";
import { Tensor, formatShape } from "../tensor/tensor";
import { count } from "../tensor/plural";
import { expectTensor, received, wrongKind } from "../tensor/received";

/**
 * Central differences ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every value of x. f sees x perturbed in place,
 * one value at a time, and x is restored afterwards.
 * @example
 * numericGradient((x) => x.data[0] ** 2, Tensor.from([3])); // ≈ [6]
 */
export function numericGradient(f: (x: Tensor) => number, x: Tensor, h = 1e-6): Tensor {
  if (typeof f !== "function") throw wrongKind("numericGradient", "f", "a function of a Tensor, (x) => number", f);
  expectTensor("numericGradient", "x", x);
  if (typeof h !== "number" || !(h > 0)) throw new RangeError(`numericGradient: step h must be > 0, got ${received(h)}`);
  const out = new Tensor(x.shape);
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const keep = d[i];
    d[i] = keep + h;
    const up = f(x);
    d[i] = keep - h;
    const down = f(x);
    d[i] = keep;
    if (!Number.isFinite(up) || !Number.isFinite(down)) {
      throw new RangeError(`numericGradient: f is not finite at value ${i} ± h (f = ${up}, ${down})`);
    }
    out.data[i] = (up - down) / (2 * h);
  }
  return out;
}

/** What a gradient check found. */
export interface GradCheckResult {
  /** max over all values of |a − n| / max(1e-12, |a| + |n|). */
  maxRelError: number;
  /** max over all values of |a − n|. */
  maxAbsError: number;
  /** The gradients being checked, one per input. */
  analytic?: Tensor[];
  /** The central-difference gradients, one per input. */
  numeric: Tensor[];
  /** maxRelError per input. */
  perInput: number[];
}

/**
 * Compares analytic gradients of a scalar function with central differences.
 * `analytic` gives the gradients to check (Tensors, or a function of the inputs returning them); without it only
 * the numeric gradients are computed and maxRelError is NaN.
 * @example
 * gradCheck((x) => sum(mul(x, x)), [x], { analytic: (x) => [scale(x, 2)] }).maxRelError; // ~1e-10
 */
export function gradCheck(
  f: (...xs: Tensor[]) => number,
  inputs: Tensor[],
  opts: { h?: number; analytic?: Tensor[] | ((...xs: Tensor[]) => Tensor[]) } = {},
): GradCheckResult {
  expectInputs("gradCheck", f, inputs);
  const h = opts.h ?? 1e-6;
  const numeric = inputs.map((_x, k) =>
    numericGradient(
      () => {
        const v = f(...inputs);
        if (typeof v !== "number") throw new TypeError(`gradCheck: f must return a number, got ${typeof v}`);
        return v;
      },
      inputs[k],
      h,
    ),
  );
  if (!opts.analytic)
    return { maxRelError: Number.NaN, maxAbsError: Number.NaN, numeric, perInput: inputs.map(() => Number.NaN) };
  const analytic = typeof opts.analytic === "function" ? opts.analytic(...inputs) : opts.analytic;
  if (analytic.length !== inputs.length) {
    throw new RangeError(`gradCheck: ${count(analytic.length, "analytic gradient")} for ${count(inputs.length, "input")}`);
  }
  return compare(analytic, numeric);
}

/**
 * Checks autograd against central differences: `build(...vars)` makes the output from one param Var per input.
 * A non-scalar output y is checked through L = Σ y ⊙ R with a fixed random R, which tests the whole Jacobian
 * product. One line per op test:
 * @example
 * checkVarGradients((a, b) => ad.matmul(a, b), [A, B]).maxRelError < 1e-7;
 */
export function checkVarGradients(
  build: (...vars: Var[]) => Var,
  inputs: Tensor[],
  opts: { h?: number; seed?: number } = {},
): GradCheckResult {
  expectInputs("checkVarGradients", build, inputs);
  const vars = inputs.map((x, i) => param(x, `x${i}`));
  const out = build(...vars);
  const weights = new Tensor(out.shape);
  if (out.value.size === 1) weights.data[0] = 1;
  else {
    const rng = new Rng(opts.seed ?? 12345);
    for (let i = 0; i < weights.data.length; i++) weights.data[i] = rng.range(0.5, 1.5) * (rng.uniform() < 0.5 ? -1 : 1);
  }
  out.backward(weights);
  const analytic = vars.map((v, i) => {
    if (!v.grad) throw new RangeError(`checkVarGradients: input ${i} (${formatShape(v.shape)}) got no gradient`);
    return v.grad;
  });
  const loss = (): number => {
    const y = build(...inputs.map((x) => param(x))).value;
    if (y.size !== weights.size) {
      throw new RangeError(`checkVarGradients: output shape changed from ${formatShape(out.shape)} to ${formatShape(y.shape)}`);
    }
    let s = 0;
    for (let i = 0; i < y.data.length; i++) s += y.data[i] * weights.data[i];
    return s;
  };
  const numeric = inputs.map((x) => numericGradient(loss, x, opts.h ?? 1e-6));
  return compare(analytic, numeric);
}

function compare(analytic: Tensor[], numeric: Tensor[]): GradCheckResult {
  let maxRelError = 0;
  let maxAbsError = 0;
  const perInput: number[] = [];
  analytic.forEach((a, k) => {
    const n = numeric[k];
    if (a.size !== n.size) {
      throw new RangeError(`gradCheck: analytic gradient ${k} has shape ${formatShape(a.shape)}, input ${formatShape(n.shape)}`);
    }
    let worst = 0;
    for (let i = 0; i < a.size; i++) {
      const x = a.data[i];
      const y = n.data[i];
      const abs = Math.abs(x - y);
      const rel = abs / Math.max(1e-12, Math.abs(x) + Math.abs(y));
      if (!(rel <= worst)) worst = rel; // NaN propagates
      if (!(abs <= maxAbsError)) maxAbsError = abs;
    }
    perInput.push(worst);
    if (!(worst <= maxRelError)) maxRelError = worst;
  });
  return { maxRelError, maxAbsError, analytic, numeric, perInput };
}

/** The function and its inputs (an array of Tensors), or a TypeError naming `fn` and what was received instead. */
function expectInputs(fn: string, f: unknown, inputs: unknown): void {
  if (typeof f !== "function") throw wrongKind(fn, "its first argument", "a function", f);
  if (!Array.isArray(inputs)) throw wrongKind(fn, "inputs", "an array of Tensors, e.g. [x, W]", inputs);
  inputs.forEach((x, i) => {
    expectTensor(fn, `inputs[${i}]`, x);
  });
}
