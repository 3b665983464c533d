import type { UpdateKernel } from "../tensor/kernels/update-wasm";
import { GradientOptimizer, type OptimizerOptions, type ParamState, checkPositive } from "./optimizer";

/** Options of AdaGrad. */
export interface AdaGradOptions extends OptimizerOptions {
  /** ε > 0 against division by zero. Default 1e-8. */
  eps?: number;
}

/** AdaGrad's state per parameter: G, the sum of squared gradients. */
export interface AdaGradState extends ParamState {
  sumSquares: Float64Array;
}

/**
 * AdaGrad: G ← G + g²; θ ← θ − η g / (√G + ε) (element-wise; g includes λθ). Source: Duchi et al. 2011; PyTorch's
 * torch.optim.Adagrad with lr_decay 0 and initial_accumulator_value 0.
 * SGD with a per-weight learning rate that shrinks where gradients have been large: the first adaptive method.
 */
export class AdaGrad extends GradientOptimizer<AdaGradState> {
  readonly name = "AdaGrad";
  readonly eps: number;
  constructor(options: AdaGradOptions) {
    super("adagrad", options, ["eps"]);
    this.eps = checkPositive(this.fn, "eps", options.eps ?? 1e-8);
  }
  protected initialState(size: number): AdaGradState {
    return { step: 0, sumSquares: new Float64Array(size) };
  }
  protected update(theta: Float64Array, g: Float64Array, { sumSquares: G }: AdaGradState): void {
    const { lr, eps, weightDecay: wd } = this;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i] + wd * theta[i];
      G[i] += gi * gi;
      theta[i] -= (lr * gi) / (Math.sqrt(G[i]) + eps);
    }
  }
  protected override kernel(): { kernel: UpdateKernel; scalars: readonly number[] } {
    return { kernel: "adagrad", scalars: [this.lr, this.eps, this.weightDecay] };
  }
  protected override buffers(state: AdaGradState): Float64Array[] {
    return [state.sumSquares];
  }
}

/** G ← G + g²; θ ← θ − η g / (√G + ε). */
export function adagrad(options: AdaGradOptions): AdaGrad {
  return new AdaGrad(options);
}
