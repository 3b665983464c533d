/**
 * StepBuffers: the arrays of one training step, handed out again in the next step, so that a training loop that
 * repeats the same step allocates nothing once its first step is done (no garbage, no first touch of fresh pages).
 *
 * Active only between `begin` and `end` (fit's forward, loss and backward of a model and a loss the library knows
 * not to keep any of them); then every `allocUninit` takes from here. `begin` recycles every array handed out since
 * the previous `begin`: an array from the last step is reused, so whatever is handed out here must be unreachable for
 * the user by the next step. What decides it:
 * - fit uses these only for a model whose forward is the library's own (MLP, Dense; train/reuse.ts) and a loss
 *   the library made: nothing of theirs keeps a value, so a step's activations and intermediate gradients are reachable
 *   only from the step's graph, which fit drops;
 * - a parameter's gradient, which the user reaches through `param.grad` at any time (an `onEpoch` callback may keep
 *   it), is never one of these: backward copies a gradient that lands on a leaf out of here (`isStepBuffer`), and
 *   the layer's op computes a weight's gradient outside them in the first place (`outsideStep`), so large ones are
 *   not copied;
 * - the optimizer's step runs outside (its state lives across steps).
 * An array of n values is matched by its length: a step with the same shapes as the last one gets the same arrays.
 *
 * Weights' gradients (`outsideStep`) come from a second set of reused arrays when fit says so (`begin(true)`): fit
 * does for every step but the last of each epoch, and only with an optimizer of the library's (which keeps nothing of
 * a gradient beyond its step, train/reuse.ts); so the gradients an `onEpoch` callback sees, and any it keeps, are
 * arrays of their own. An array of 784×128 gradients fresh at every step cost a first touch of its pages and garbage
 * (about a tenth of a 784-128-10 epoch in the kernel's copy-out, the collector and the page faults).
 */
export class StepBuffers {
  /** The step's arrays, marked as step arrays (`isStepBuffer`). */
  private readonly arrays = new ArrayPool(true);
  private previous: ArrayTaker | null = null;
  private active = false;
  /** The reused arrays of weights' gradients (not marked as step arrays: backward keeps them as they are). */
  private readonly gradients = new ArrayPool(false);
  /** Whether `outsideStep` takes from `gradients` in this step (else it serves fresh arrays). */
  private reuseGradients = false;

  /**
   * Starts a step: every array handed out before is free again; allocUninit takes from here until `end`. With
   * `reuseGradients`, weights' gradients (`outsideStep`) are the arrays of the step before too: only when nothing
   * keeps a gradient beyond the optimizer's step.
   */
  begin(reuseGradients = false): void {
    if (this.active) throw new Error("StepBuffers.begin: the step has not ended");
    this.arrays.reset();
    this.gradients.reset();
    this.reuseGradients = reuseGradients;
    this.notes.clear();
    this.previous = swapStepBuffers(this);
    this.active = true;
  }

  /**
   * What a kernel keeps for the rest of this step, by its own key, dropped when the step ends. Inside a step of fit
   * (the library's model and loss, see above) no user code runs and the batch is not written, so an array a kernel
   * has seen earlier in the same step still holds the same values (gemm-wasm.ts keeps the batch's X in its memory).
   */
  readonly notes = new Map<string, unknown>();

  /** What `outsideStep` takes from in this step: the gradient arrays, or null (fresh arrays). */
  outside(): ArrayTaker | null {
    return this.reuseGradients ? this.gradients : null;
  }

  /** Ends the step's allocations (the arrays stay valid until the next `begin`). */
  end(): void {
    if (!this.active) return;
    this.notes.clear();
    swapStepBuffers(this.previous);
    this.previous = null;
    this.active = false;
  }

  /** An array of n values with unspecified contents (allocUninit's contract), reused from an earlier step if one is free. */
  take(n: number): Float64Array {
    return this.arrays.take(n);
  }
}

/** What allocUninit takes from inside a step: the step's arrays, or (in `outsideStep`) its gradient arrays. */
export interface ArrayTaker {
  take(n: number): Float64Array;
}

/**
 * Arrays by length, in the order they were handed out, handed out again after each `reset`: a StepBuffers' step arrays
 * (`marked`: each in its own ArrayBuffer, recorded so that `isStepBuffer` can tell it and views of it apart) and its
 * weights' gradient arrays (not marked: backward keeps them as they are).
 */
class ArrayPool implements ArrayTaker {
  private readonly byLength = new Map<number, { arrays: Float64Array[]; used: number }>();
  constructor(private readonly marked: boolean) {}
  reset(): void {
    for (const entry of this.byLength.values()) entry.used = 0;
  }
  take(n: number): Float64Array {
    let entry = this.byLength.get(n);
    if (entry === undefined) {
      entry = { arrays: [], used: 0 };
      this.byLength.set(n, entry);
    }
    if (entry.used < entry.arrays.length) return entry.arrays[entry.used++];
    const array = new Float64Array(n);
    if (this.marked) owned.add(array.buffer);
    entry.arrays.push(array);
    entry.used++;
    return array;
  }
}

/** The ArrayBuffers of every StepBuffers' arrays (each array has its own), to tell them and views of them apart. */
const owned = new WeakSet<ArrayBufferLike>();
let current: ArrayTaker | null = null;
/** The StepBuffers of the step under way (also while `outsideStep` runs), or null. */
let step: StepBuffers | null = null;

/** Makes `buffers` the ones allocUninit takes from (null: none); returns the ones before. */
function swapStepBuffers(buffers: ArrayTaker | null): ArrayTaker | null {
  const before = current;
  current = buffers;
  step = buffers instanceof StepBuffers ? buffers : null;
  return before;
}

/** The step under way (also while `outsideStep` runs), or null: for its `notes`. */
export function activeStep(): StepBuffers | null {
  return step;
}

/** What allocUninit takes from now, or null (the normal case: fresh arrays). */
export function activeStepBuffers(): ArrayTaker | null {
  return current;
}

/** Whether `data` is (a view of) an array of some StepBuffers: then it must be copied before the user may keep it. */
export function isStepBuffer(data: Float64Array): boolean {
  return owned.has(data.buffer);
}

/**
 * fn() with allocUninit serving arrays the user may keep, also inside a step: for a weight's gradient. Fresh arrays,
 * or the step's gradient arrays when fit has said that nothing keeps a gradient beyond this step (`begin(true)`).
 */
export function outsideStep<T>(fn: () => T): T {
  if (step === null || current !== step) return fn();
  const before = current;
  current = step.outside();
  try {
    return fn();
  } finally {
    current = before;
  }
}
