import { expectRng, type Rng } from "../tensor/rng";
import { Tensor } from "../tensor/tensor";
import { received } from "../tensor/received";

/** Makes the weight matrix of a dense layer, (fanIn×fanOut): one row per input, one column per output. */
export type Initializer = (fanIn: number, fanOut: number) => Tensor;

/**
 * Uniform U(−limit, limit), limit = 1/√fanIn unless given (the default of PyTorch's Linear layer).
 * @example
 * uniformInit(new Rng(1))(2, 3); // 2×3, every value in (−0.707, 0.707)
 */
export function uniformInit(rng: Rng, limit?: number): Initializer {
  expectRng("uniformInit", rng);
  return (fanIn, fanOut) =>
    fill(fanIn, fanOut, () => {
      const l = limit ?? 1 / Math.sqrt(fanIn);
      return rng.range(-l, l);
    });
}

/**
 * Xavier/Glorot uniform U(−a, a), a = √(6/(fanIn + fanOut)): keeps the variance for tanh and sigmoid layers.
 * Source: Glorot & Bengio 2010; PyTorch's torch.nn.init.xavier_uniform_ (gain 1).
 */
export function xavierInit(rng: Rng): Initializer {
  expectRng("xavierInit", rng);
  return (fanIn, fanOut) => {
    const l = Math.sqrt(6 / (fanIn + fanOut));
    return fill(fanIn, fanOut, () => rng.range(-l, l));
  };
}

/**
 * Xavier/Glorot normal N(0, σ²), σ = √(2/(fanIn + fanOut)): the same variance as `xavierInit`, drawn from a normal.
 * Source: Glorot & Bengio 2010; PyTorch's torch.nn.init.xavier_normal_ (gain 1).
 */
export function xavierNormalInit(rng: Rng): Initializer {
  expectRng("xavierNormalInit", rng);
  return (fanIn, fanOut) => {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    return fill(fanIn, fanOut, () => std * rng.normal());
  };
}

/**
 * He (Kaiming) normal N(0, σ²), σ = √(2/fanIn): keeps the variance for ReLU layers.
 * Source: He et al. 2015; PyTorch's torch.nn.init.kaiming_normal_ (mode "fan_in", nonlinearity "relu").
 */
export function heInit(rng: Rng): Initializer {
  expectRng("heInit", rng);
  return (fanIn, fanOut) => {
    const std = Math.sqrt(2 / fanIn);
    return fill(fanIn, fanOut, () => std * rng.normal());
  };
}

/**
 * He (Kaiming) uniform U(−a, a), a = √(6/fanIn): the variance of `heInit` (2/fanIn), drawn from a uniform.
 * Source: He et al. 2015; PyTorch's torch.nn.init.kaiming_uniform_ (mode "fan_in", nonlinearity "relu").
 */
export function heUniformInit(rng: Rng): Initializer {
  expectRng("heUniformInit", rng);
  return (fanIn, fanOut) => {
    const l = Math.sqrt(6 / fanIn);
    return fill(fanIn, fanOut, () => rng.range(-l, l));
  };
}

/** All zeros (for weights set by hand afterwards; training from zeros never breaks the symmetry of hidden units). */
export function zerosInit(): Initializer {
  return (fanIn, fanOut) => new Tensor([fanIn, fanOut]);
}

/**
 * The initialisers `mlp` and `dense` accept by name; each random one takes the seeded Rng. The one list from which
 * the names, the error message and the tests are derived.
 */
export const initializers = {
  uniform: (rng: Rng) => uniformInit(rng),
  xavier: xavierInit,
  xavierNormal: xavierNormalInit,
  he: heInit,
  heUniform: heUniformInit,
  zeros: (_rng: Rng) => zerosInit(),
} as const;

/** The name of a registered initialiser ("xavier", "he", ...). */
export type InitName = keyof typeof initializers;

/** An initialiser by name; the random ones need an Rng (the library never draws unseeded numbers). */
export function initializerByName(name: InitName | Initializer, rng: Rng | undefined, caller: string): Initializer {
  if (typeof name === "function") return name;
  if (name === "zeros") return zerosInit();
  if (!Object.hasOwn(initializers, name)) {
    const names = Object.keys(initializers).map((n) => `"${n}"`);
    throw new RangeError(`${caller}: init must be one of ${names.join(", ")}, got ${received(name)}`);
  }
  if (!rng) throw new RangeError(`${caller}: init "${name}" needs a seeded generator: pass { rng: new Rng(seed) }`);
  return initializers[name](rng);
}

function fill(rows: number, cols: number, draw: () => number): Tensor {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return new Tensor([rows, cols], data);
}
