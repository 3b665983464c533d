import { checkDecay, type OptimizerOptions } from "./optimizer";
import { SGD } from "./sgd";

/** Options of SGD with momentum. */
export interface MomentumOptions extends OptimizerOptions {
  /** β ∈ [0, 1): how much of the previous velocity is kept. Default 0.9. β = 0 is plain SGD. */
  beta?: number;
}

/**
 * SGD with momentum: v ← β v + (g + λθ); θ ← θ − η v (v starts at 0; the PyTorch form).
 * A ball rolling downhill: steps grow along a consistent slope and oscillations across a valley cancel.
 */
export class Momentum extends SGD {
  override readonly name: string = "Momentum";
  readonly beta: number;
  constructor(options: MomentumOptions, fn = "momentum", slots = 1) {
    super(options, fn, slots);
    this.beta = checkDecay(fn, "beta", options.beta ?? 0.9);
  }
  protected override update(theta: Float64Array, g: Float64Array, [v]: Float64Array[]): void {
    const { lr, beta, weightDecay: wd } = this;
    for (let i = 0; i < theta.length; i++) {
      v[i] = beta * v[i] + g[i] + wd * theta[i];
      theta[i] -= lr * v[i];
    }
  }
}

/** v ← β v + g; θ ← θ − η v. */
export function momentum(options: MomentumOptions): Momentum {
  return new Momentum(options);
}
