import { checkPositive, type OptimizerOptions } from "./optimizer";
import { SGD } from "./sgd";

/** Options of AdaGrad. */
export interface AdaGradOptions extends OptimizerOptions {
  /** ε > 0 against division by zero. Default 1e-8. */
  eps?: number;
}

/**
 * AdaGrad: G ← G + g²; θ ← θ − η g / (√G + ε) (element-wise; g includes λθ).
 * SGD with a per-weight learning rate that shrinks where gradients have been large: the first adaptive method.
 */
export class AdaGrad extends SGD {
  override readonly name: string = "AdaGrad";
  readonly eps: number;
  constructor(options: AdaGradOptions, fn = "adagrad", slots = 1) {
    super(options, fn, slots);
    this.eps = checkPositive(fn, "eps", options.eps ?? 1e-8);
  }
  /** The running second-moment estimate: AdaGrad sums, RMSProp (below) averages. */
  protected accumulate(G: number, g: number): number {
    return G + g * g;
  }
  protected override update(theta: Float64Array, g: Float64Array, [G]: Float64Array[]): void {
    const { lr, eps, weightDecay: wd } = this;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i] + wd * theta[i];
      G[i] = this.accumulate(G[i], gi);
      theta[i] -= (lr * gi) / (Math.sqrt(G[i]) + eps);
    }
  }
}

/** G ← G + g²; θ ← θ − η g / (√G + ε). */
export function adagrad(options: AdaGradOptions): AdaGrad {
  return new AdaGrad(options);
}
