import type { Var } from "../autograd/var";

/**
 * Optimizer: θ ← θ − η·(update direction), applied to every parameter after `backward()`.
 *
 * `step` changes each `param.value` IN PLACE: the documented exception to the library's purity, so a model's
 * weights stay the same objects during training. A parameter whose `grad` is null (not reached by backward) is skipped.
 */
export interface Optimizer {
  /** Name for legends and tables ("SGD", "Adam"). */
  readonly name: string;
  /** Learning rate η. Can be changed between steps (fit's `schedule` does so each epoch). */
  lr: number;
  /** One update of every parameter from its current `grad`. */
  step(params: readonly Var[]): void;
}

/** Options every gradient optimizer takes. */
export interface OptimizerOptions {
  /** Learning rate η > 0 (0 allowed: no movement). */
  lr: number;
  /**
   * λ of the L2 regularisation term λΩ(θ) with Ω(θ) = ½‖θ‖²: adds λθ to each gradient (weight decay).
   * Applies to every parameter passed to `step`, biases included, as in the slides' ∇_b J = g + λ∇_b Ω. Default 0.
   */
  weightDecay?: number;
}

/** Throws a RangeError unless v is a finite number >= 0. */
export function checkNonNegative(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${v}`);
  }
  return v;
}

/** Throws a RangeError unless v lies in [0, 1) (a decay rate β or ρ). */
export function checkDecay(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) throw new RangeError(`${fn}: ${name} must lie in [0, 1), got ${v}`);
  return v;
}

/** Throws a RangeError unless v > 0 and finite (an ε). */
export function checkPositive(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${v}`);
  return v;
}

/**
 * The shared machinery of the gradient optimizers: validated lr and weight decay, a step counter t, and per-parameter
 * state buffers (velocity, squared-gradient sums...) created on first use. Subclasses write only `update`.
 */
export abstract class GradientOptimizer implements Optimizer {
  abstract readonly name: string;
  /** λ of the L2 term: the gradient used is g + λθ. */
  readonly weightDecay: number;
  /** Number of steps taken so far (1 during the first step). */
  protected t = 0;
  private _lr = 0;
  private readonly state = new WeakMap<Var, Float64Array[]>();

  constructor(
    protected readonly fn: string,
    options: OptimizerOptions,
    /** How many per-parameter buffers (each the parameter's size, zero at start) this optimizer keeps. */
    private readonly slots: number,
  ) {
    if (!options || typeof options !== "object") throw new RangeError(`${fn}: options { lr } are required`);
    this.lr = options.lr;
    this.weightDecay = checkNonNegative(fn, "weightDecay", options.weightDecay ?? 0);
  }

  get lr(): number {
    return this._lr;
  }
  set lr(v: number) {
    this._lr = checkNonNegative(this.fn, "learning rate lr", v);
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  step(params: readonly Var[]): void {
    this.t++;
    for (const p of params) {
      if (!p.grad) continue;
      let s = this.state.get(p);
      if (!s) {
        s = Array.from({ length: this.slots }, () => new Float64Array(p.value.size));
        this.state.set(p, s);
      }
      this.update(p.value.data, p.grad.data, s);
    }
  }

  /** Updates θ in place from g (add λθ yourself: `g[i] + λ·θ[i]`) and this parameter's state buffers. */
  protected abstract update(theta: Float64Array, g: Float64Array, state: Float64Array[]): void;
}
