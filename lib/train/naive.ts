import type { Var } from "../autograd/var";
import { input } from "../autograd/var";
import type { Loss } from "../losses/loss";
import type { Model } from "../nn/model";
import type { Rng } from "../tensor/rng";
import { type TrainingData, outputWidth, prepareData } from "./targets";
import { expectOptions, received } from "../tensor/received";

/** Options of the naive random search. */
export interface NaiveSearchOptions {
  /** Number of random trials (each one forward pass over the data). */
  steps: number;
  /** Standard deviation of the random change, N(0, scale²). Default 0.1. */
  scale?: number;
  rng: Rng;
  /**
   * "all" (default): perturb every weight at once. "one": as the slides' steps 3-4, perturb one weight chosen at random,
   * keep the others fixed.
   */
  mode?: "all" | "one";
}

/** The trace of a naive random search: the loss after each trial (step 0 = the start). */
export interface NaiveSearchResult {
  step: number[];
  /** Best loss so far after each step, on the whole data set. */
  loss: number[];
  /** Whether each trial lowered the loss and was kept (step 0: true). */
  accepted: boolean[];
  /** Trials kept. */
  acceptedSteps: number;
  /** Forward passes made (steps + 1): the budget to compare with a gradient method. */
  evaluations: number;
}

/**
 * The slides' "naive approach" to training: change weights randomly, θ' = θ + scale·N(0, I); keep θ' if L(θ') < L(θ),
 * else go back. No gradient at all; a notebook compares its loss curve with SGD's on the same budget.
 * Changes the model's parameters IN PLACE (the model ends with the best weights found).
 * @example
 * const trace = naiveRandomSearch(net, mse(), { x: X, y }, { steps: 500, scale: 0.1, rng: new Rng(0) });
 */
export function naiveRandomSearch(model: Model, loss: Loss, data: TrainingData, options: NaiveSearchOptions): NaiveSearchResult {
  expectOptions(
    "naiveRandomSearch",
    options,
    ["steps", "scale", "rng", "mode"] satisfies (keyof NaiveSearchOptions)[],
    "call it as naiveRandomSearch(model, loss, { x, y }, { steps, scale, rng })",
  );
  const steps = options.steps;
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`naiveRandomSearch: steps must be an integer >= 0, got ${received(steps)}`);
  const scale = options.scale ?? 0.1;
  if (!Number.isFinite(scale) || scale <= 0)
    throw new RangeError(`naiveRandomSearch: scale must be a finite number > 0, got ${received(scale)}`);
  const mode = options.mode ?? "all";
  if (mode !== "all" && mode !== "one")
    throw new RangeError(`naiveRandomSearch: mode must be "all" or "one", got ${received(mode)}`);
  const rng = options.rng;
  if (!rng) throw new RangeError("naiveRandomSearch: pass rng (a seeded Rng)");
  const params: Var[] = model.parameters();
  if (params.length === 0) throw new RangeError("naiveRandomSearch: the model has no parameters");
  const prepared = prepareData("naiveRandomSearch", data, outputWidth(model, data, "naiveRandomSearch"));
  const x = input(prepared.x);
  const evaluateLoss = (): number => loss.value(model.forward(x).value, prepared.targets);

  const saved = params.map((p) => new Float64Array(p.value.size));
  const total = params.reduce((s, p) => s + p.value.size, 0);
  let current = evaluateLoss();
  if (!Number.isFinite(current)) throw new RangeError(`naiveRandomSearch: the starting loss is ${current}`);
  const result: NaiveSearchResult = { step: [0], loss: [current], accepted: [true], acceptedSteps: 0, evaluations: 1 };
  for (let s = 1; s <= steps; s++) {
    let one: { p: Var; i: number; old: number } | null = null;
    if (mode === "all") {
      params.forEach((p, k) => {
        saved[k].set(p.value.data);
        const w = p.value.data;
        for (let i = 0; i < w.length; i++) w[i] += scale * rng.normal();
        p.value.bumpVersion();
      });
    } else {
      let idx = rng.int(total);
      let k = 0;
      while (idx >= params[k].value.size) idx -= params[k++].value.size;
      const p = params[k];
      one = { p, i: idx, old: p.value.data[idx] };
      p.value.data[idx] += scale * rng.normal();
      p.value.bumpVersion();
    }
    const trial = evaluateLoss();
    result.evaluations++;
    const keep = trial < current; // NaN never passes
    if (keep) {
      current = trial;
      result.acceptedSteps++;
    } else if (one) {
      one.p.value.data[one.i] = one.old;
      one.p.value.bumpVersion();
    } else {
      params.forEach((p, k) => {
        p.value.data.set(saved[k]);
        p.value.bumpVersion();
      });
    }
    result.step.push(s);
    result.loss.push(current);
    result.accepted.push(keep);
  }
  return result;
}
