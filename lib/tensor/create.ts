import { allocData } from "./kernels/alloc";
import type { Rng } from "./rng";
import { count } from "./plural";
import { formatShape, Tensor } from "./tensor";
import { expectShape, received, wrongKind } from "./received";

/** A tensor of zeros: zeros([2, 3]) is the 2×3 zero matrix. */
export function zeros(shape: readonly number[]): Tensor {
  expectShape("zeros", shape);
  return new Tensor(shape);
}

/** A tensor of ones: ones([1, 3]) = [[1, 1, 1]]. */
export function ones(shape: readonly number[]): Tensor {
  expectShape("ones", shape);
  return full(shape, 1);
}

/** A tensor with every value v: full([2], 7) = [7, 7]. */
export function full(shape: readonly number[], value: number): Tensor {
  expectShape("full", shape);
  if (typeof value !== "number") throw wrongKind("full", "value", "a number", value);
  const t = new Tensor(shape);
  t.data.fill(value);
  return t;
}

/** The n×n identity matrix I, I[i][j] = 1 if i = j else 0. */
export function eye(n: number): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`eye: n must be an integer >= 0, got ${received(n)}`);
  const t = new Tensor([n, n]);
  for (let i = 0; i < n; i++) t.data[i * n + i] = 1;
  return t;
}

/**
 * Values drawn uniformly from [low, high), seeded: randomUniform([2, 2], new Rng(1)) is the same on every run.
 */
export function randomUniform(shape: readonly number[], rng: Rng, low = -1, high = 1): Tensor {
  expectShape("randomUniform", shape);
  if (typeof low !== "number" || typeof high !== "number")
    throw wrongKind("randomUniform", "low and high", "numbers", typeof low !== "number" ? low : high);
  if (!(high >= low)) throw new RangeError(`randomUniform: high ${high} is below low ${low}`);
  const t = new Tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.range(low, high);
  return t;
}

/** Values drawn from the normal distribution N(mean, std²), seeded. */
export function randomNormal(shape: readonly number[], rng: Rng, mean = 0, std = 1): Tensor {
  expectShape("randomNormal", shape);
  if (typeof mean !== "number") throw wrongKind("randomNormal", "mean", "a number", mean);
  if (typeof std !== "number" || !(std >= 0))
    throw new RangeError(`randomNormal: std must be a number >= 0, got ${received(std)}`);
  const t = new Tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
  return t;
}

/** A tensor of the given shape over a copy of plain numbers, row-major: fromArray([2, 2], [1, 2, 3, 4]). */
export function fromArray(shape: readonly number[], values: ArrayLike<number>): Tensor {
  expectShape("fromArray", shape);
  if (values === null || typeof values !== "object" || typeof values.length !== "number")
    throw wrongKind("fromArray", "values", "an array of numbers", values);
  const size = shape.reduce((p, d) => p * d, 1);
  if (values.length !== size)
    throw new RangeError(`fromArray: shape ${formatShape(shape)} needs ${count(size, "value")}, got ${values.length}`);
  const data = allocData(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number")
      throw new TypeError(
        `fromArray: values must be numbers, got ${received(v)} at [${i}]${Array.isArray(v) ? " (nested rows: Tensor.from(rows))" : ""}`,
      );
    data[i] = v;
  }
  return new Tensor(shape, data);
}
