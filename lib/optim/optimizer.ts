import { Var, gradientIsStale } from "../autograd/var";
import { firstNonFiniteIn } from "../tensor/kernels/finite";
import {
  copyOut,
  endUpdates,
  runUpdates,
  type UpdateJob,
  type UpdateKernel,
  updateKernelMinimum,
} from "../tensor/kernels/update-wasm";
import { formatShape } from "../tensor/tensor";
import { expectOptions, received } from "../tensor/received";

/**
 * Optimizer: θ ← θ − η·(update direction), applied to every parameter after `backward()`.
 *
 * `step` changes each `param.value` IN PLACE (and increments its `version`, so a graph built before the step can no
 * longer be back-propagated): the documented exception to the library's purity, so a model's weights stay the same
 * objects during training. A parameter whose `grad` is null (not reached by backward) is skipped.
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

/** What every gradient optimizer keeps per parameter: how many updates this parameter has had (PyTorch's `step`). */
export interface ParamState {
  step: number;
}

/** Throws a RangeError unless v is a finite number >= 0. */
export function checkNonNegative(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${received(v)}`);
  }
  return v;
}

/** Throws a RangeError unless v lies in [0, 1) (a decay rate β or ρ). */
export function checkDecay(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !(v >= 0 && v < 1)) throw new RangeError(`${fn}: ${name} must lie in [0, 1), got ${received(v)}`);
  return v;
}

/** Throws a RangeError unless v > 0 and finite (an ε). */
export function checkPositive(fn: string, name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${received(v)}`);
  return v;
}

/**
 * The shared machinery of the gradient optimizers: validated options (lr, weightDecay and the optimizer's own; an
 * unknown option is an error, not silently ignored), and per-parameter state (`ParamState` plus the optimizer's
 * named buffers) created at the parameter's first update. Each optimizer extends this class directly and writes
 * only `initialState` and `update`.
 *
 * `step` checks every gradient before changing any parameter: its shape must be the parameter's, its values finite.
 * The step counter is per parameter, as in PyTorch: a parameter first reached at the 6th call of `step`, or an
 * optimizer reused on a new model, starts its bias correction (Adam) at t = 1.
 */
export abstract class GradientOptimizer<S extends ParamState = ParamState> implements Optimizer {
  abstract readonly name: string;
  /** λ of the L2 term: the gradient used is g + λθ. */
  readonly weightDecay: number;
  private _lr = 0;
  private calls = 0;
  private readonly state = new WeakMap<Var, S>();

  /**
   * @param fn the factory's name, for messages ("adam")
   * @param options the user's options
   * @param own the names of this optimizer's options besides lr and weightDecay
   */
  protected constructor(
    protected readonly fn: string,
    options: OptimizerOptions,
    own: readonly string[],
  ) {
    expectOptions(
      fn,
      options,
      ["lr", "weightDecay", ...own],
      // the user's number as the learning rate of the example, when a number is what they passed (adam(0.01))
      `${fn}({ lr: ${typeof options === "number" && Number.isFinite(options) ? options : 0.1} }) makes an optimizer: pass it to fit as its optimizer option, or call its .step(params) after backward()`,
    );
    this.lr = options.lr;
    this.weightDecay = checkNonNegative(fn, "weightDecay", options.weightDecay ?? 0);
  }

  get lr(): number {
    return this._lr;
  }
  set lr(v: number) {
    this._lr = checkNonNegative(this.fn, "learning rate lr", v);
  }

  /** Calls of `step` so far. Each parameter's own count is `stateOf(p).step`. */
  get steps(): number {
    return this.calls;
  }

  /** The state this optimizer keeps for a parameter (its step count and buffers), or undefined before its first update. */
  stateOf(p: Var): Readonly<S> | undefined {
    return this.state.get(p);
  }

  /**
   * One update of every parameter that has a gradient. Throws a RangeError naming the parameter when a gradient's
   * shape differs from its parameter's, holds NaN or ±Infinity, or was computed by a backward() before the parameter's
   * last update (a later backward did not reach it: applying it again is PyTorch's classic forgotten `zero_grad`);
   * then no parameter has been changed. A Var listed more than once (tied weights) is updated once, as PyTorch's
   * `parameters()` yields a shared parameter once.
   */
  step(listed: readonly Var[]): void {
    if (!Array.isArray(listed))
      throw new TypeError(`${this.fn}.step: params must be an array of Vars (net.parameters()), got ${received(listed)}`);
    listed.forEach((p, i) => {
      if (!(p instanceof Var))
        throw new TypeError(
          `${this.fn}.step: params[${i}] must be a Var (a param the graph computed a grad for), got ${received(p)}`,
        );
    });
    // a Var listed twice (tied weights, or parameters() joined with itself) is one parameter: updated once
    const params = distinct(listed);
    const jobs = this.kernelJobs(params);
    try {
      const onKernel = jobs === null ? null : this.computeOnKernels(params, jobs);
      if (onKernel === null) this.checkAll(params);
      this.calls++;
      let job = 0;
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        if (!p.grad) continue;
        let s = this.state.get(p);
        if (!s) {
          s = this.initialState(p.value.size);
          this.state.set(p, s);
        }
        s.step++;
        if (onKernel !== null && job < onKernel.length && onKernel[job] === i) copyOut(job++, p.value.data, this.buffers(s));
        else this.update(p.value.data, p.grad.data, s);
        p.value.bumpVersion();
      }
    } finally {
      if (jobs !== null) endUpdates();
    }
  }

  /**
   * Every gradient checked before any parameter changes (a RangeError naming the first bad one in the list); last to
   * first, so the first parameter's gradient (a model's largest weight matrix: the first layer's) is still in the cache
   * when its update follows.
   */
  private checkAll(params: readonly Var[]): void {
    let bad = -1;
    for (let i = params.length - 1; i >= 0; i--) if (!gradientFits(params[i])) bad = i;
    if (bad >= 0) checkGradient(this.name, params[bad]);
  }

  /**
   * The indices of the parameters whose update runs on the WebAssembly kernels (update-wasm.ts: at least
   * `updateKernelMinimum` values, a gradient of their shape computed since their last update), in order; null when
   * none does, or when one of their arrays overlaps another parameter's values (then the updates in list order, one
   * after the other, are what defines the result: the JavaScript loops).
   */
  private kernelJobs(params: readonly Var[]): number[] | null {
    const minimum = updateKernelMinimum();
    if (minimum === null) return null;
    let jobs: number[] | null = null;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (p.value.size >= minimum && p.grad !== null && gradientShapeFits(p)) {
        jobs ??= [];
        jobs.push(i);
      }
    }
    // (no array and no call for a model of small parameters: Iris's steps)
    if (jobs === null || !kernelIsUpdate(this) || this.kernel(1) === null) return null;
    for (const i of jobs) {
      const { value, grad } = params[i];
      for (let j = 0; j < params.length; j++) {
        const other = params[j].value.data;
        if ((j !== i && overlap(value.data, other)) || (grad !== null && overlap(grad.data, other))) return null;
      }
    }
    return jobs;
  }

  /**
   * The new values of the parameters at `jobs` computed in the kernels' memory, their gradients checked there, as
   * many as fit in it (the indices returned); the other parameters' gradients checked in JavaScript. Throws checkAll's
   * RangeError when any gradient is bad (nothing has been written); null when the kernels cannot run here (then
   * nothing was checked).
   */
  private computeOnKernels(params: readonly Var[], jobs: readonly number[]): readonly number[] | null {
    const calls: UpdateJob[] = [];
    for (const i of jobs) {
      const p = params[i];
      const s = this.state.get(p);
      const call = this.kernel((s?.step ?? 0) + 1);
      if (call === null || p.grad === null) return null; // kernelJobs picked only these
      // a first update starts from initialState's buffers (a subclass may start them other than at zero)
      const state = this.buffers(s ?? this.initialState(p.value.size));
      calls.push({ theta: p.value.data, g: p.grad.data, state, ...call });
    }
    const finite = runUpdates(calls);
    if (finite === null) return null;
    // the jobs that ran (those that fit in the kernels' memory, from the first on); the others are JavaScript's
    const ran = finite.length === jobs.length ? jobs : jobs.slice(0, finite.length);
    let bad = !finite.every(Boolean);
    for (let i = 0, job = 0; i < params.length && !bad; i++) {
      if (job < ran.length && ran[job] === i) job++;
      else if (!gradientFits(params[i])) bad = true;
    }
    if (bad) this.checkAll(params); // throws, naming the first bad gradient
    return ran;
  }

  /** This optimizer's state for a parameter of `size` values before its first update (step 0, buffers of zeros). */
  protected abstract initialState(size: number): S;

  /** Updates θ in place from g (add λθ yourself: `g[i] + λ·θ[i]`) and this parameter's state (`state.step` ≥ 1). */
  protected abstract update(theta: Float64Array, g: Float64Array, state: S): void;

  /**
   * The same update as one of update.wat's kernels (update-wasm.ts) for a parameter at its t-th update: which kernel,
   * and its scalars after the arrays, computed exactly as `update` computes them (the results must agree to the bit);
   * null (the default) when there is none: then `update` runs for every parameter.
   */
  protected kernel(_t: number): { kernel: UpdateKernel; scalars: readonly number[] } | null {
    return null;
  }

  /** The state's buffers the kernel updates, in its order (none for SGD). */
  protected buffers(_state: S): Float64Array[] {
    return [];
  }
}

/**
 * Whether the class that names an optimizer's kernel also wrote its `update`: a subclass that overrides `update` alone
 * (a student's variant of SGD), or an instance given its own `update` (`opt.update = …`), runs its own loop, not the
 * kernel of the class above. Per class, decided once; an instance's own methods are looked at on each step.
 */
function kernelIsUpdate(optimizer: object): boolean {
  if (Object.hasOwn(optimizer, "update") || Object.hasOwn(optimizer, "kernel"))
    return ownerOf(optimizer, "kernel") === ownerOf(optimizer, "update");
  const cls = optimizer.constructor;
  let same = kernelsOwnUpdate.get(cls);
  if (same === undefined) {
    same = ownerOf(optimizer, "kernel") === ownerOf(optimizer, "update");
    kernelsOwnUpdate.set(cls, same);
  }
  return same;
}
const kernelsOwnUpdate = new WeakMap<object, boolean>();

/** The object in obj's chain (obj itself first) that defines `name` itself. */
function ownerOf(obj: object, name: string): object | null {
  let p: object | null = obj;
  while (p !== null && !Object.hasOwn(p, name)) p = Object.getPrototypeOf(p);
  return p;
}

/** The Vars without repeats, in order; the array itself when it has none (the usual case: no allocation per step). */
function distinct(params: readonly Var[]): readonly Var[] {
  for (let i = 1; i < params.length; i++) for (let j = 0; j < i; j++) if (params[i] === params[j]) return [...new Set(params)];
  return params;
}

/** Whether p has no gradient, or one of its shape with finite values. */
function gradientFits(p: Var): boolean {
  return gradientShapeFits(p) && (p.grad === null || firstNonFiniteIn(p.grad.data) < 0);
}

/** Whether p has no gradient, or one of its shape computed since its last update (its values not looked at). */
function gradientShapeFits(p: Var): boolean {
  const g = p.grad;
  if (g === null) return true;
  if (gradientIsStale(p)) return false;
  const shape = p.value.shape;
  if (g.shape.length !== shape.length) return false;
  for (let i = 0; i < shape.length; i++) if (g.shape[i] !== shape[i]) return false;
  return true;
}

/** Whether two arrays share any element (views of one buffer whose spans meet). */
function overlap(a: Float64Array, b: Float64Array): boolean {
  return (
    a.buffer === b.buffer &&
    a.length > 0 &&
    b.length > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/** A gradient of the parameter's shape with finite values, or a RangeError naming the parameter and the value. */
function checkGradient(name: string, p: Var): void {
  // for the messages only (not built on every step)
  const param = () => `${p.label ? `"${p.label}" ` : ""}(${formatShape(p.value.shape)})`;
  const g = p.grad;
  if (g === null) return;
  if (gradientIsStale(p)) {
    throw new RangeError(
      `${name}.step: the gradient of parameter ${param()} was computed before its last update: the last backward() ` +
        "did not reach it (the loss does not use it), so it would be applied again; no parameter was changed. " +
        "Set its grad to null (p.grad = null) to leave it out of this step, or compute a loss that uses it",
    );
  }
  if (g.shape.length !== p.value.shape.length || g.shape.some((d, i) => d !== p.value.shape[i])) {
    throw new RangeError(
      `${name}.step: parameter ${param()} has a gradient of shape ${formatShape(g.shape)}; no parameter was changed`,
    );
  }
  const i = firstNonFiniteIn(g.data);
  if (i >= 0) {
    throw new RangeError(
      `${name}.step: the gradient of parameter ${param()} is ${g.data[i]} at flat index ${i}; no parameter was changed ` +
        "(a loss that overflowed, or a NaN in the data or the weights)",
    );
  }
}
