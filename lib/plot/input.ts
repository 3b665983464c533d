import { formatShape, Tensor } from "../tensor/tensor";
import { expectOptions, received } from "../tensor/received";
import type { MatrixLike, VectorLike } from "./types";

/**
 * The figure builders' checks of what a user passed: one place, so every builder refuses the same way
 * (`fn: what is wrong, got <value/shape>`, a RangeError for a bad value, a TypeError for a bad kind).
 */

/** `options` checked against the builder's known option names (undefined is no options). */
export function figureOptions<T>(fn: string, options: T | undefined, known: readonly string[]): T {
  if (options === undefined) return {} as T;
  return expectOptions(fn, options, known);
}

/** An option whose value must be one of `allowed` (a typo is refused, not read as the default or another value). */
export function oneOf<T extends string>(fn: string, name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value))
    throw new RangeError(`${fn}: option ${name} must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${received(value)}`);
  return value;
}

/**
 * One vector of numbers: an array of numbers or a Tensor with at most one axis longer than 1 (a 1×K row is one
 * vector). A batch (a matrix, nested arrays) is refused with its shape: a figure of one vector drawn from a batch would
 * silently mix its rows. Non-numbers are named with their index.
 */
export function vectorInput(fn: string, what: string, v: VectorLike, pick = ""): number[] {
  if (v instanceof Tensor) {
    if (v.shape.filter((d) => d > 1).length > 1)
      throw new RangeError(`${fn}: ${what} must be one vector, got a Tensor of shape ${formatShape(v.shape)}${pick}`);
    return Array.from(v.data);
  }
  if (Array.isArray(v)) {
    const nested = v.findIndex((x) => Array.isArray(x) || ArrayBuffer.isView(x));
    if (nested >= 0) throw new RangeError(`${fn}: ${what} must be one vector, got nested arrays (${received(v)})${pick}`);
    v.forEach((x, i) => {
      if (typeof x !== "number") throw new TypeError(`${fn}: ${what}[${i}] must be a number, got ${received(x)}`);
    });
    return [...v];
  }
  if (v !== null && typeof v === "object" && "data" in v) return Array.from((v as { data: ArrayLike<number> }).data);
  throw new TypeError(`${fn}: ${what} must be an array of numbers or a Tensor, got ${received(v)}`);
}

/** Rows of a matrix; a ragged one named by its first row of another length (not reported as a square/rectangle). */
export function matrixInput(fn: string, what: string, m: MatrixLike): number[][] {
  if (m === null || typeof m !== "object")
    throw new TypeError(`${fn}: ${what} must be a matrix (nested arrays or a 2-D Tensor), got ${received(m)}`);
  if (m instanceof Tensor && m.shape.length !== 2)
    throw new RangeError(`${fn}: ${what} must be a 2-D matrix, got a Tensor of shape ${formatShape(m.shape)}`);
  if ("to2D" in m && typeof m.to2D === "function") return m.to2D();
  if (!Array.isArray(m))
    throw new TypeError(`${fn}: ${what} must be a matrix (nested arrays or a 2-D Tensor), got ${received(m)}`);
  const rows = m as readonly unknown[];
  rows.forEach((r, i) => {
    if (!Array.isArray(r) && !ArrayBuffer.isView(r))
      throw new TypeError(`${fn}: ${what} row ${i} must be an array of numbers, got ${received(r)}`);
  });
  const out = rows.map((r) => Array.from(r as ArrayLike<number>));
  const bad = out.findIndex((r) => r.length !== out[0].length);
  if (bad > 0)
    throw new RangeError(`${fn}: ${what} is ragged: row ${bad} has ${out[bad].length} values, row 0 has ${out[0].length}`);
  for (const [i, r] of out.entries())
    for (const [j, x] of r.entries())
      if (typeof x !== "number") throw new TypeError(`${fn}: ${what}[${i}][${j}] must be a number, got ${received(x)}`);
  return out;
}

/** The first non-finite value of `values` named with its index (NaN, ±Infinity cannot be drawn truthfully). */
export function expectFinite(fn: string, what: string, values: readonly number[]): void {
  const i = values.findIndex((x) => !Number.isFinite(x));
  if (i >= 0) throw new RangeError(`${fn}: ${what}[${i}] is ${values[i]}: a figure needs finite values`);
}

/** Labels or class names: strings, or numbers written as text (`[1, 2]` → "1", "2"); anything else named. */
export function nameList(fn: string, what: string, names: readonly unknown[]): string[] {
  if (!Array.isArray(names)) throw new TypeError(`${fn}: ${what} must be an array of strings, got ${received(names)}`);
  return names.map((n, i) => {
    if (typeof n === "string") return n;
    if (typeof n === "number") return String(n);
    throw new TypeError(`${fn}: ${what}[${i}] must be a string, got ${received(n)}`);
  });
}

/** A whole-number option in [min, max] (a grid's resolution, a curve's points): 0, 2.5, NaN or 1e9 named. */
export function countOption(
  fn: string,
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${fn}: option ${name} must be a whole number from ${min} to ${max}, got ${received(value)}`);
  return value;
}

/** A [lo, hi] axis range option: two finite numbers, lo < hi (a reversed or NaN range would draw an empty figure). */
export function rangeOption(
  fn: string,
  name: string,
  value: readonly [number, number] | undefined,
  fallback: () => [number, number],
): [number, number] {
  if (value === undefined) return fallback();
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isFinite) || !(value[0] < value[1]))
    throw new RangeError(`${fn}: option ${name} must be [lo, hi] with finite lo < hi, got ${received(value)}`);
  return [value[0], value[1]];
}

/**
 * A series of numbers over epochs (a loss curve): an array whose entries are numbers; NaN and ±Infinity are kept (a
 * diverged run is drawn with a gap and said), nested arrays and strings are named with their index.
 */
export function numberSeries(fn: string, what: string, v: unknown): number[] {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v))
    throw new TypeError(`${fn}: ${what} must be an array of numbers, got ${received(v)}`);
  const values = Array.from(v as ArrayLike<unknown>);
  const bad = values.findIndex((x) => typeof x !== "number");
  if (bad >= 0) throw new TypeError(`${fn}: ${what}[${bad}] must be a number, got ${received(values[bad])}`);
  return values as number[];
}

/** Every entry of `rows` finite (a NaN point or weight would be dropped from the figure without a word), named [i][j]. */
export function expectFiniteRows(fn: string, what: string, rows: readonly (readonly number[])[]): void {
  for (const [i, r] of rows.entries())
    for (const [j, x] of r.entries())
      if (!Number.isFinite(x)) throw new RangeError(`${fn}: ${what}[${i}][${j}] is ${received(x)}: a figure needs finite values`);
}
