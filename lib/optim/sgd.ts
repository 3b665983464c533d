import { GradientOptimizer, type OptimizerOptions } from "./optimizer";

/**
 * Stochastic gradient descent: θ ← θ − η (g + λθ). Stochastic, mini-batch or full batch depends only on the batch
 * the gradient was computed on (fit's batchSize).
 * @example
 * const opt = sgd({ lr: 0.1 });
 * loss.backward(); opt.step(model.parameters());
 */
export class SGD extends GradientOptimizer {
  readonly name: string = "SGD";
  constructor(options: OptimizerOptions, fn = "sgd", slots = 0) {
    super(fn, options, slots);
  }
  protected update(theta: Float64Array, g: Float64Array, _state: Float64Array[]): void {
    const lr = this.lr;
    const wd = this.weightDecay;
    for (let i = 0; i < theta.length; i++) theta[i] -= lr * (g[i] + wd * theta[i]);
  }
}

/** θ ← θ − η (g + λθ). */
export function sgd(options: OptimizerOptions): SGD {
  return new SGD(options);
}
