import type { UpdateKernel } from "../tensor/kernels/update-wasm";
import { GradientOptimizer, type OptimizerOptions, type ParamState, checkDecay } from "./optimizer";
import { received } from "../tensor/received";

/** Options of SGD with momentum. */
export interface MomentumOptions extends OptimizerOptions {
  /** β ∈ [0, 1): how much of the previous velocity is kept. Default 0.9. β = 0 is plain SGD. */
  beta?: number;
  /** Nesterov's accelerated gradient: step along g + β v (the velocity's look-ahead) instead of v. Default false. */
  nesterov?: boolean;
}

/** Momentum's state per parameter: the velocity v. */
export interface MomentumState extends ParamState {
  velocity: Float64Array;
}

/**
 * SGD with momentum: v ← β v + (g + λθ); θ ← θ − η v (v starts at 0). With `nesterov: true`: v as before, then
 * θ ← θ − η (g + λθ + β v). Source: PyTorch's torch.optim.SGD (momentum, dampening 0, nesterov), whose formulas
 * these are; Sutskever et al. 2013 for the Nesterov form.
 * A ball rolling downhill: steps grow along a consistent slope and oscillations across a valley cancel.
 */
export class Momentum extends GradientOptimizer<MomentumState> {
  readonly name: string;
  readonly beta: number;
  readonly nesterov: boolean;
  constructor(options: MomentumOptions) {
    super("momentum", options, ["beta", "nesterov"]);
    this.beta = checkDecay(this.fn, "beta", options.beta ?? 0.9);
    const nesterov = options.nesterov ?? false;
    if (typeof nesterov !== "boolean")
      throw new RangeError(`momentum: nesterov must be true or false, got ${received(nesterov)}`);
    this.nesterov = nesterov;
    this.name = nesterov ? "Nesterov" : "Momentum";
  }
  protected initialState(size: number): MomentumState {
    return { step: 0, velocity: new Float64Array(size) };
  }
  protected update(theta: Float64Array, g: Float64Array, { velocity: v }: MomentumState): void {
    const { lr, beta, weightDecay: wd } = this;
    if (this.nesterov) {
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i] + wd * theta[i];
        v[i] = beta * v[i] + gi;
        theta[i] -= lr * (gi + beta * v[i]);
      }
      return;
    }
    for (let i = 0; i < theta.length; i++) {
      v[i] = beta * v[i] + g[i] + wd * theta[i];
      theta[i] -= lr * v[i];
    }
  }
  protected override kernel(): { kernel: UpdateKernel; scalars: readonly number[] } {
    return { kernel: this.nesterov ? "nesterov" : "momentum", scalars: [this.lr, this.beta, this.weightDecay] };
  }
  protected override buffers(state: MomentumState): Float64Array[] {
    return [state.velocity];
  }
}

/** v ← β v + g; θ ← θ − η v (or θ ← θ − η (g + β v) with `nesterov: true`). */
export function momentum(options: MomentumOptions): Momentum {
  return new Momentum(options);
}
