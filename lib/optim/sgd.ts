import { GradientOptimizer, type OptimizerOptions, type ParamState } from "./optimizer";

/**
 * Stochastic gradient descent: θ ← θ − η (g + λθ). Stochastic, mini-batch or full batch depends only on the batch
 * the gradient was computed on (fit's batchSize). Source: PyTorch's torch.optim.SGD without momentum.
 * @example
 * const opt = sgd({ lr: 0.1 });
 * loss.backward(); opt.step(model.parameters());
 */
export class SGD extends GradientOptimizer {
  readonly name = "SGD";
  constructor(options: OptimizerOptions) {
    super("sgd", options, []);
  }
  protected initialState(): ParamState {
    return { step: 0 };
  }
  protected update(theta: Float64Array, g: Float64Array): void {
    const lr = this.lr;
    const wd = this.weightDecay;
    for (let i = 0; i < theta.length; i++) theta[i] -= lr * (g[i] + wd * theta[i]);
  }
}

/** θ ← θ − η (g + λθ). */
export function sgd(options: OptimizerOptions): SGD {
  return new SGD(options);
}
