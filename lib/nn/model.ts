import type { Var } from "../autograd/var";

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
