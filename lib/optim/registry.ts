import { adagrad } from "./adagrad";
import { adam } from "./adam";
import { momentum } from "./momentum";
import type { Optimizer, OptimizerOptions } from "./optimizer";
import { rmsprop } from "./rmsprop";
import { sgd } from "./sgd";

/**
 * Every gradient optimizer's factory by name, simplest first: the one list the tests walk (each is checked for
 * reuse, late parameters, bad gradients and stale graphs), so a new optimizer added here is tested without editing
 * the tests. The story from simple to complex: SGD; momentum (a velocity); AdaGrad (a per-weight rate from the sum
 * of squared gradients); RMSProp (a moving average instead of the sum); Adam (momentum + RMSProp, bias-corrected).
 */
export const optimizers = { sgd, momentum, adagrad, rmsprop, adam } satisfies Record<
  string,
  (options: OptimizerOptions) => Optimizer
>;

/** The name of a registered optimizer ("sgd", "adam", ...). */
export type OptimizerName = keyof typeof optimizers;
