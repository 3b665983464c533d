import { allocData } from "./kernels/alloc";
import type { Rng } from "./rng";
import { Tensor } from "./tensor";

/** A tensor of zeros: zeros([2, 3]) is the 2×3 zero matrix. */
export function zeros(shape: readonly number[]): Tensor {
  return new Tensor(shape);
}

/** A tensor of ones: ones([1, 3]) = [[1, 1, 1]]. */
export function ones(shape: readonly number[]): Tensor {
  return full(shape, 1);
}

/** A tensor with every value v: full([2], 7) = [7, 7]. */
export function full(shape: readonly number[], value: number): Tensor {
  const t = new Tensor(shape);
  t.data.fill(value);
  return t;
}

/** The n×n identity matrix I, I[i][j] = 1 if i = j else 0. */
export function eye(n: number): Tensor {
  const t = new Tensor([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/**
 * Values drawn uniformly from [low, high), seeded: randomUniform([2, 2], new Rng(1)) is the same on every run.
 */
export function randomUniform(shape: readonly number[], rng: Rng, low = -1, high = 1): Tensor {
  if (!(high >= low)) throw new RangeError(`randomUniform: high ${high} is below low ${low}`);
  const t = new Tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.range(low, high);
  return t;
}

/** Values drawn from the normal distribution N(mean, std²), seeded. */
export function randomNormal(shape: readonly number[], rng: Rng, mean = 0, std = 1): Tensor {
  if (!(std >= 0)) throw new RangeError(`randomNormal: std must be >= 0, got ${std}`);
  const t = new Tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
  return t;
}

/** A tensor of the given shape over a copy of plain numbers, row-major: fromArray([2, 2], [1, 2, 3, 4]). */
export function fromArray(shape: readonly number[], values: ArrayLike<number>): Tensor {
  const data = allocData(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i];
  return new Tensor(shape, data);
}
