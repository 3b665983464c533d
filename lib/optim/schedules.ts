import { checkNonNegative, checkPositive } from "./optimizer";
import { expectOptions, isData, received } from "../tensor/received";

/**
 * A learning-rate schedule: η as a function of the epoch index t = 0, 1, 2, ... (epochs completed so far).
 * Callable, with a description for legends. fit sets `optimizer.lr = schedule(t)` before epoch t + 1.
 */
export interface Schedule {
  (epoch: number): number;
  /** "step decay: 0.1 · 0.5^⌊t/10⌋" */
  readonly description: string;
}

function schedule(description: string, f: (t: number) => number): Schedule {
  const s = (epoch: number): number => {
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new RangeError(`schedule: epoch must be an integer >= 0, got ${received(epoch)}`);
    return f(epoch);
  };
  return Object.assign(s, { description });
}

/**
 * η₀ of the schedule `fn`, checked (a finite number >= 0). A schedule given data was called as the schedule it makes
 * (`stepDecay(epoch)`): the error says so, with `form`, its calling form.
 */
function initialLr(fn: string, lr: unknown, form: string): number {
  if (isData(lr))
    throw new TypeError(
      `${fn}: lr must be a finite number >= 0, got ${received(lr)}: ${form} makes a schedule: call it with an epoch, s(epoch)`,
    );
  return checkNonNegative(fn, "lr", lr as number);
}

/** η_t = η₀. */
export function constant(lr: number): Schedule {
  initialLr("constant", lr, "constant(lr)");
  return schedule(`constant: ${lr}`, () => lr);
}

/**
 * Step decay: η_t = η₀ · γ^⌊t / k⌋, the rate multiplied by γ every k epochs.
 * @example
 * const s = stepDecay(0.1, { every: 10, factor: 0.5 }); // s(0) = 0.1, s(10) = 0.05, s(25) = 0.025
 */
export function stepDecay(lr: number, options: { every: number; factor?: number }): Schedule {
  const form = "stepDecay(lr, { every, factor })";
  initialLr("stepDecay", lr, form);
  expectOptions("stepDecay", options, ["every", "factor"], `${form} makes a schedule`);
  const k = options.every;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`stepDecay: every must be a positive integer, got ${received(k)}`);
  const gamma = options.factor ?? 0.5;
  if (typeof gamma !== "number" || !(gamma > 0 && gamma <= 1))
    throw new RangeError(`stepDecay: factor must lie in (0, 1], got ${received(gamma)}`);
  return schedule(`step decay: ${lr} · ${gamma}^⌊t/${k}⌋`, (t) => lr * gamma ** Math.floor(t / k));
}

/**
 * Exponential decay: η_t = η₀ · γ^t.
 * @example
 * exponentialDecay(0.1, { factor: 0.9 })(2); // 0.081
 */
export function exponentialDecay(lr: number, options: { factor: number }): Schedule {
  const form = "exponentialDecay(lr, { factor })";
  initialLr("exponentialDecay", lr, form);
  expectOptions("exponentialDecay", options, ["factor"], `${form} makes a schedule`);
  const gamma = options.factor;
  if (typeof gamma !== "number" || !(gamma > 0 && gamma <= 1))
    throw new RangeError(`exponentialDecay: factor must lie in (0, 1], got ${received(gamma)}`);
  return schedule(`exponential decay: ${lr} · ${gamma}^t`, (t) => lr * gamma ** t);
}

/**
 * Cosine annealing: η_t = η_min + ½ (η₀ − η_min)(1 + cos(π t / T)) for t ≤ T, then η_min.
 * @example
 * const s = cosine(0.1, { epochs: 100 }); // s(0) = 0.1, s(50) = 0.05, s(100) = 0
 */
export function cosine(lr: number, options: { epochs: number; minLr?: number }): Schedule {
  const form = "cosine(lr, { epochs, minLr })";
  initialLr("cosine", lr, form);
  expectOptions("cosine", options, ["epochs", "minLr"], `${form} makes a schedule`);
  const T = checkPositive("cosine", "epochs", options.epochs);
  const min = checkNonNegative("cosine", "minLr", options.minLr ?? 0);
  if (min > lr) throw new RangeError(`cosine: minLr ${min} is larger than lr ${lr}`);
  return schedule(`cosine: ${min} + ½(${lr} − ${min})(1 + cos(πt/${T}))`, (t) =>
    t >= T ? min : min + 0.5 * (lr - min) * (1 + Math.cos((Math.PI * t) / T)),
  );
}
