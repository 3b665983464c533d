import { Var } from "../autograd/var";
import { count } from "../tensor/plural";
import { received } from "../tensor/received";
import { formatShape, type Tensor } from "../tensor/tensor";

/**
 * Model: anything that maps a batch of inputs (one sample per row) to outputs through the autograd graph,
 * and lists the parameters an optimizer updates.
 */
export interface Model {
  /** Forward pass: X (batch×inputs) → outputs (batch×outputs), recorded in the graph. */
  forward(x: Var): Var;
  /** The trainable leaves (weights and biases), each a `param` Var whose `.value` the optimizer updates in place. */
  parameters(): Var[];
  /** Inputs (features) per sample, when the model knows it (an MLP, a Dense): checked before a forward pass. */
  readonly inputSize?: number;
}

/**
 * Throws a RangeError naming `fn` (the function the user called) when the matrix `x` (argument `what`) has another
 * number of columns than the model's `inputSize`, so that a wrong width is named as fit, evaluate or net.forward, not
 * as the first layer the data reaches.
 */
export function checkInputWidth(fn: string, what: string, model: Model, x: Tensor): void {
  const n = model.inputSize;
  if (typeof n === "number" && x.rank === 2 && x.shape[1] !== n)
    throw new RangeError(
      `${fn}: ${what} is ${formatShape(x.shape)}, ${count(x.shape[1], "feature")} per sample, but the model takes ${count(n, "input")} (batch×${n})`,
    );
}

/** `model` when it has forward and parameters (an MLP, a Dense, your own Model); else a TypeError naming `fn`. */
export function expectModel(fn: string, model: unknown): Model {
  const m = model as Partial<Model> | null;
  if (m && typeof m === "object" && typeof m.forward === "function" && typeof m.parameters === "function") return m as Model;
  throw new TypeError(
    `${fn}: model must be a Model with forward(x) and parameters() (mlp(...), dense(...)), got ${received(model)}`,
  );
}

/**
 * The parameters a model lists, each a Var that wants a gradient (made with `param(value, "w")`); else a TypeError
 * naming `fn`, the parameter and the way out: a Var made with `new Var(value, …)` or `input(…)` would get no gradient,
 * so training would never change it.
 */
export function expectTrainable(fn: string, params: readonly unknown[]): asserts params is Var[] {
  params.forEach((p, i) => {
    if (p instanceof Var && p.requiresGrad) return;
    const what = p instanceof Var ? `is ${received(p)}, which wants no gradient` : `is not a Var: ${received(p)}`;
    throw new TypeError(
      `${fn}: parameter ${i} of the model (parameters()[${i}]) ${what}, so training would never change it; ` +
        'make each weight with param(value, "w")',
    );
  });
}

/**
 * After the first backward of a training run: every parameter got a gradient; else a RangeError naming `fn` and the
 * parameter: the loss does not depend on it (the model's forward does not use it, or uses its `.value` outside the
 * graph), so training would never change it.
 */
export function expectReached(fn: string, params: readonly Var[]): void {
  params.forEach((p, i) => {
    if (p.grad) return;
    throw new RangeError(
      `${fn}: parameter ${i} of the model, ${received(p)}, got no gradient from the loss: the model's forward does ` +
        "not use it (or uses its .value, a Tensor outside the graph), so training would never change it; use it " +
        "through ad ops in forward(x), or leave it out of parameters()",
    );
  });
}
