/**
 * StepBuffers: the arrays of one training step, handed out again in the next step, so that a training loop that
 * repeats the same step allocates nothing once its first step is done (no garbage, no first touch of fresh pages).
 *
 * Active only between `begin` and `end` (fit's forward, loss and backward of a model and a loss the library knows
 * not to keep any of them); then every `allocUninit` takes from here. `begin` recycles every array handed out since
 * the previous `begin`: an array from the last step is reused, so whatever is handed out here must be unreachable for
 * the user by the next step. What decides it:
 * - fit uses these only for a model whose forward is the library's own (MLP, Dense, built-in activations) and a loss
 *   the library made: nothing of theirs keeps a value, so a step's activations and intermediate gradients are reachable
 *   only from the step's graph, which fit drops;
 * - a parameter's gradient, which the user reaches through `param.grad` at any time (an `onEpoch` callback may keep
 *   it), is never one of these: backward copies a gradient that lands on a leaf out of here (`isStepBuffer`), and
 *   the layer's op computes a weight's gradient outside them in the first place (`outsideStep`), so large ones are
 *   not copied;
 * - the optimizer's step runs outside (its state lives across steps).
 * An array of n values is matched by its length: a step with the same shapes as the last one gets the same arrays.
 */
export class StepBuffers {
  /** The arrays of each length, in the order they were handed out, and how many of them this step has taken. */
  private readonly byLength = new Map<number, { arrays: Float64Array[]; used: number }>();
  private previous: StepBuffers | null = null;
  private active = false;

  /** Starts a step: every array handed out before is free again; allocUninit takes from here until `end`. */
  begin(): void {
    if (this.active) throw new Error("StepBuffers.begin: the step has not ended");
    for (const entry of this.byLength.values()) entry.used = 0;
    this.previous = swapStepBuffers(this);
    this.active = true;
  }

  /** Ends the step's allocations (the arrays stay valid until the next `begin`). */
  end(): void {
    if (!this.active) return;
    swapStepBuffers(this.previous);
    this.previous = null;
    this.active = false;
  }

  /** An array of n values with unspecified contents (allocUninit's contract), reused from an earlier step if one is free. */
  take(n: number): Float64Array {
    let entry = this.byLength.get(n);
    if (entry === undefined) {
      entry = { arrays: [], used: 0 };
      this.byLength.set(n, entry);
    }
    if (entry.used < entry.arrays.length) return entry.arrays[entry.used++];
    const array = new Float64Array(n); // its own ArrayBuffer, so `isStepBuffer` can tell it (and views of it) apart
    owned.add(array.buffer);
    entry.arrays.push(array);
    entry.used++;
    return array;
  }
}

/** The ArrayBuffers of every StepBuffers' arrays (each array has its own), to tell them and views of them apart. */
const owned = new WeakSet<ArrayBufferLike>();
let current: StepBuffers | null = null;

/** Makes `buffers` the ones allocUninit takes from (null: none); returns the ones before. */
function swapStepBuffers(buffers: StepBuffers | null): StepBuffers | null {
  const before = current;
  current = buffers;
  return before;
}

/** The step buffers allocUninit takes from now, or null (the normal case: fresh arrays). */
export function activeStepBuffers(): StepBuffers | null {
  return current;
}

/** Whether `data` is (a view of) an array of some StepBuffers: then it must be copied before the user may keep it. */
export function isStepBuffer(data: Float64Array): boolean {
  return owned.has(data.buffer);
}

/** fn() with allocUninit serving fresh arrays, also inside a step: for a result the user may keep (a weight's gradient). */
export function outsideStep<T>(fn: () => T): T {
  if (current === null) return fn();
  const step = current;
  current = null;
  try {
    return fn();
  } finally {
    current = step;
  }
}
