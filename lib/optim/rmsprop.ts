import { type AdaGradOptions, AdaGrad } from "./adagrad";
import { checkDecay } from "./optimizer";

/** Options of RMSProp. */
export interface RMSPropOptions extends AdaGradOptions {
  /** ρ ∈ [0, 1): decay of the squared-gradient average. Default 0.9. */
  rho?: number;
}

/**
 * RMSProp: s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε).
 * AdaGrad with a moving average instead of a sum, so the learning rate does not decay to zero.
 */
export class RMSProp extends AdaGrad {
  override readonly name: string = "RMSProp";
  readonly rho: number;
  constructor(options: RMSPropOptions, fn = "rmsprop", slots = 1) {
    super(options, fn, slots);
    this.rho = checkDecay(fn, "rho", options.rho ?? 0.9);
  }
  protected override accumulate(s: number, g: number): number {
    return this.rho * s + (1 - this.rho) * g * g;
  }
}

/** s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε). */
export function rmsprop(options: RMSPropOptions): RMSProp {
  return new RMSProp(options);
}
