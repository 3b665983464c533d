import type { UpdateKernel } from "../tensor/kernels/update-wasm";
import { GradientOptimizer, type OptimizerOptions, type ParamState, checkDecay, checkPositive } from "./optimizer";

/** Options of RMSProp. */
export interface RMSPropOptions extends OptimizerOptions {
  /** ρ ∈ [0, 1): decay of the squared-gradient average. Default 0.9. */
  rho?: number;
  /** ε > 0 against division by zero. Default 1e-8. */
  eps?: number;
}

/** RMSProp's state per parameter: s, the moving average of squared gradients. */
export interface RMSPropState extends ParamState {
  meanSquare: Float64Array;
}

/**
 * RMSProp: s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε) (g includes λθ). Source: Hinton's lecture 6e (2012);
 * PyTorch's torch.optim.RMSprop with alpha = ρ, no momentum, not centered.
 * AdaGrad with a moving average instead of a sum, so the learning rate does not decay to zero.
 */
export class RMSProp extends GradientOptimizer<RMSPropState> {
  readonly name = "RMSProp";
  readonly rho: number;
  readonly eps: number;
  constructor(options: RMSPropOptions) {
    super("rmsprop", options, ["rho", "eps"]);
    this.rho = checkDecay(this.fn, "rho", options.rho ?? 0.9);
    this.eps = checkPositive(this.fn, "eps", options.eps ?? 1e-8);
  }
  protected initialState(size: number): RMSPropState {
    return { step: 0, meanSquare: new Float64Array(size) };
  }
  protected update(theta: Float64Array, g: Float64Array, { meanSquare: s }: RMSPropState): void {
    const { lr, eps, rho, weightDecay: wd } = this;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i] + wd * theta[i];
      s[i] = rho * s[i] + (1 - rho) * gi * gi;
      theta[i] -= (lr * gi) / (Math.sqrt(s[i]) + eps);
    }
  }
  protected override kernel(): { kernel: UpdateKernel; scalars: readonly number[] } {
    const { lr, rho, eps, weightDecay } = this;
    return { kernel: "rmsprop", scalars: [lr, rho, 1 - rho, eps, weightDecay] };
  }
  protected override buffers(state: RMSPropState): Float64Array[] {
    return [state.meanSquare];
  }
}

/** s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). */
export function rmsprop(options: RMSPropOptions): RMSProp {
  return new RMSProp(options);
}
