import type { Var } from "../autograd/var";
import { received } from "../tensor/received";

/**
 * Model: anything that maps a batch of inputs (one sample per row) to outputs through the autograd graph,
 * and lists the parameters an optimizer updates.
 */
export interface Model {
  /** Forward pass: X (batch×inputs) → outputs (batch×outputs), recorded in the graph. */
  forward(x: Var): Var;
  /** The trainable leaves (weights and biases), each a `param` Var whose `.value` the optimizer updates in place. */
  parameters(): Var[];
}

/** `model` when it has forward and parameters (an MLP, a Dense, your own Model); else a TypeError naming `fn`. */
export function expectModel(fn: string, model: unknown): Model {
  const m = model as Partial<Model> | null;
  if (m && typeof m === "object" && typeof m.forward === "function" && typeof m.parameters === "function") return m as Model;
  throw new TypeError(
    `${fn}: model must be a Model with forward(x) and parameters() (mlp(...), dense(...)), got ${received(model)}`,
  );
}
