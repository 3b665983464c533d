import type { Rng } from "../tensor/rng";
import { Tensor } from "../tensor/tensor";

/** Makes the weight matrix of a dense layer, (fanIn×fanOut): one row per input, one column per output. */
export type Initializer = (fanIn: number, fanOut: number) => Tensor;

/** The initialisers `mlp` and `dense` accept by name. */
export type InitName = "uniform" | "xavier" | "he" | "zeros";

/**
 * Uniform U(−limit, limit), limit = 1/√fanIn unless given (the default of PyTorch's Linear layer).
 * @example
 * uniformInit(new Rng(1))(2, 3); // 2×3, every value in (−0.707, 0.707)
 */
export function uniformInit(rng: Rng, limit?: number): Initializer {
  return (fanIn, fanOut) =>
    fill(fanIn, fanOut, () => {
      const l = limit ?? 1 / Math.sqrt(fanIn);
      return rng.range(-l, l);
    });
}

/** Xavier/Glorot uniform U(−√(6/(fanIn + fanOut)), +√(6/(fanIn + fanOut))): keeps the variance for tanh and sigmoid layers. */
export function xavierInit(rng: Rng): Initializer {
  return (fanIn, fanOut) => {
    const l = Math.sqrt(6 / (fanIn + fanOut));
    return fill(fanIn, fanOut, () => rng.range(-l, l));
  };
}

/** He (Kaiming) normal N(0, 2/fanIn): keeps the variance for ReLU layers. */
export function heInit(rng: Rng): Initializer {
  return (fanIn, fanOut) => {
    const std = Math.sqrt(2 / fanIn);
    return fill(fanIn, fanOut, () => std * rng.normal());
  };
}

/** All zeros (for weights set by hand afterwards; training from zeros never breaks the symmetry of hidden units). */
export function zerosInit(): Initializer {
  return (fanIn, fanOut) => new Tensor([fanIn, fanOut]);
}

/** An initialiser by name; the random ones need an Rng (the library never draws unseeded numbers). */
export function initializerByName(name: InitName | Initializer, rng: Rng | undefined, caller: string): Initializer {
  if (typeof name === "function") return name;
  if (name === "zeros") return zerosInit();
  if (name !== "uniform" && name !== "xavier" && name !== "he") {
    throw new RangeError(`${caller}: init must be "uniform", "xavier", "he" or "zeros", got ${String(name)}`);
  }
  if (!rng) throw new RangeError(`${caller}: init "${name}" needs a seeded generator: pass { rng: new Rng(seed) }`);
  return name === "uniform" ? uniformInit(rng) : name === "xavier" ? xavierInit(rng) : heInit(rng);
}

function fill(rows: number, cols: number, draw: () => number): Tensor {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return new Tensor([rows, cols], data);
}
