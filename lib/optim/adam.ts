import type { UpdateKernel } from "../tensor/kernels/update-wasm";
import { GradientOptimizer, type OptimizerOptions, type ParamState, checkDecay, checkPositive } from "./optimizer";

/** Options of Adam. */
export interface AdamOptions extends OptimizerOptions {
  /** β₁ ∈ [0, 1): decay of the first moment (momentum). Default 0.9. */
  beta1?: number;
  /** β₂ ∈ [0, 1): decay of the second moment (RMSProp's ρ). Default 0.999. */
  beta2?: number;
  /** ε > 0. Default 1e-8. */
  eps?: number;
}

/** Adam's state per parameter: the moments m and v, and the step t of the bias correction (`step`). */
export interface AdamState extends ParamState {
  m: Float64Array;
  v: Float64Array;
}

/**
 * Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); θ ← θ − η m̂/(√v̂ + ε).
 * RMSProp's second moment plus momentum's first moment, both bias-corrected for their zero start. t counts the
 * updates of each parameter (PyTorch's torch.optim.Adam keeps it per parameter too), so the first update of every
 * parameter is about η long, however late it is reached. L2 regularisation (weightDecay) is added to g (classic
 * Adam with an L2 term, not AdamW).
 */
export class Adam extends GradientOptimizer<AdamState> {
  readonly name = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  constructor(options: AdamOptions) {
    super("adam", options, ["beta1", "beta2", "eps"]);
    this.beta1 = checkDecay(this.fn, "beta1", options.beta1 ?? 0.9);
    this.beta2 = checkDecay(this.fn, "beta2", options.beta2 ?? 0.999);
    this.eps = checkPositive(this.fn, "eps", options.eps ?? 1e-8);
  }
  protected initialState(size: number): AdamState {
    return { step: 0, m: new Float64Array(size), v: new Float64Array(size) };
  }
  protected update(theta: Float64Array, g: Float64Array, { m, v, step: t }: AdamState): void {
    const { eps, beta1, beta2, weightDecay: wd } = this;
    const { stepSize, invSqrtC2 } = this.corrections(t);
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i] + wd * theta[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) * invSqrtC2 + eps);
    }
  }
  /** The bias corrections for the zero initial m and v at update t (m̂ = m / c1, v̂ = v / c2): η/c1 and 1/√c2. */
  private corrections(t: number): { stepSize: number; invSqrtC2: number } {
    return { stepSize: this.lr / (1 - this.beta1 ** t), invSqrtC2: 1 / Math.sqrt(1 - this.beta2 ** t) };
  }
  protected override kernel(t: number): { kernel: UpdateKernel; scalars: readonly number[] } {
    const { beta1, beta2, eps, weightDecay } = this;
    const { stepSize, invSqrtC2 } = this.corrections(t);
    return { kernel: "adam", scalars: [beta1, 1 - beta1, beta2, 1 - beta2, stepSize, invSqrtC2, eps, weightDecay] };
  }
  protected override buffers(state: AdamState): Float64Array[] {
    return [state.m, state.v];
  }
}

/** Adam: momentum (β₁) + RMSProp (β₂), bias-corrected. */
export function adam(options: AdamOptions): Adam {
  return new Adam(options);
}
