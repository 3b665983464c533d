import { checkDecay, type OptimizerOptions } from "./optimizer";
import { RMSProp } from "./rmsprop";

/** Options of Adam. */
export interface AdamOptions extends OptimizerOptions {
  /** β₁ ∈ [0, 1): decay of the first moment (momentum). Default 0.9. */
  beta1?: number;
  /** β₂ ∈ [0, 1): decay of the second moment (RMSProp's ρ). Default 0.999. */
  beta2?: number;
  /** ε > 0. Default 1e-8. */
  eps?: number;
}

/**
 * Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); θ ← θ − η m̂/(√v̂ + ε).
 * RMSProp's second moment plus momentum's first moment, both bias-corrected for their zero start.
 * L2 regularisation (weightDecay) is added to g (classic Adam with an L2 term, not AdamW).
 */
export class Adam extends RMSProp {
  override readonly name: string = "Adam";
  readonly beta1: number;
  readonly beta2: number;
  constructor(options: AdamOptions, fn = "adam", slots = 2) {
    super({ ...options, rho: checkDecay(fn, "beta2", options?.beta2 ?? 0.999) }, fn, slots);
    this.beta1 = checkDecay(fn, "beta1", options.beta1 ?? 0.9);
    this.beta2 = this.rho;
  }
  protected override update(theta: Float64Array, g: Float64Array, [m, v]: Float64Array[]): void {
    const { lr, eps, beta1, beta2, weightDecay: wd } = this;
    // bias corrections for the zero initial m and v: m̂ = m / c1, v̂ = v / c2
    const stepSize = lr / (1 - beta1 ** this.t);
    const invSqrtC2 = 1 / Math.sqrt(1 - beta2 ** this.t);
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i] + wd * theta[i];
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi; // RMSProp's accumulate, inlined for speed
      theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) * invSqrtC2 + eps);
    }
  }
}

/** Adam: momentum (β₁) + RMSProp (β₂), bias-corrected. */
export function adam(options: AdamOptions): Adam {
  return new Adam(options);
}
