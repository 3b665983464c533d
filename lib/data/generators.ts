import { type Rng, expectRng } from "../tensor/rng";
import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
import { expectOptions, received } from "../tensor/received";

/**
 * Seeded 2-D toy data sets for decision-boundary plots. Each returns X (n×2) and y (class per row), rows grouped
 * by class (fit shuffles; trainTestSplit stratifies). Same seed, same points.
 */

function assertCount(fn: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${fn}: n must be an integer >= ${min}, got ${received(n)}`);
}

function assertNonNegative(fn: string, name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${received(v)}`);
}

/** How many of n samples class c gets when n is shared by k classes (the first n mod k get one more). */
function share(n: number, k: number, c: number): number {
  return Math.floor(n / k) + (c < n % k ? 1 : 0);
}

/**
 * Gaussian blobs: class c ~ N(center_c, std² I). Default centers: k = 3 points on a circle of radius 4.
 * @example
 * const { X, y } = blobs(300, new Rng(0), { k: 3, std: 1 });
 */
export function blobs(n: number, rng: Rng, options: { centers?: number[][]; k?: number; std?: number } = {}): Dataset {
  expectOptions("blobs", options, ["centers", "k", "std"], "blobs(n, rng, options) makes a data set { X, y }");
  assertCount("blobs", n, 1);
  expectRng("blobs", rng);
  const std = options.std ?? 1;
  assertNonNegative("blobs", "std", std);
  let centers = options.centers;
  if (!centers) {
    const k = options.k ?? 3;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`blobs: k must be a positive integer, got ${received(k)}`);
    centers = Array.from({ length: k }, (_, c) => [4 * Math.cos((2 * Math.PI * c) / k), 4 * Math.sin((2 * Math.PI * c) / k)]);
  }
  centers.forEach((c, i) => {
    if (c.length !== 2) throw new RangeError(`blobs: center ${i} has ${c.length} coordinates, expected 2`);
  });
  const X = new Tensor([n, 2]);
  const y: number[] = [];
  for (let c = 0; c < centers.length; c++) {
    for (let m = share(n, centers.length, c); m > 0; m--) {
      const i = y.length;
      X.data[2 * i] = centers[c][0] + std * rng.normal();
      X.data[2 * i + 1] = centers[c][1] + std * rng.normal();
      y.push(c);
    }
  }
  return { X, y };
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 (cos t, sin t), class 1 (1 − cos t, 0.5 − sin t),
 * t evenly spaced in [0, π], plus N(0, noise²) per coordinate.
 */
export function moons(n: number, rng: Rng, options: { noise?: number } = {}): Dataset {
  expectOptions("moons", options, ["noise"], "moons(n, rng, options) makes a data set { X, y }");
  assertCount("moons", n, 2);
  expectRng("moons", rng);
  const noise = options.noise ?? 0.1;
  assertNonNegative("moons", "noise", noise);
  const X = new Tensor([n, 2]);
  const y: number[] = [];
  for (let c = 0; c < 2; c++) {
    const m = share(n, 2, c);
    for (let j = 0; j < m; j++) {
      const t = m === 1 ? 0 : (Math.PI * j) / (m - 1);
      const i = y.length;
      X.data[2 * i] = (c === 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
      X.data[2 * i + 1] = (c === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
      y.push(c);
    }
  }
  return { X, y };
}

/**
 * Two concentric circles (as scikit-learn's make_circles): class 0 radius 1, class 1 radius `factor` (0.5),
 * plus N(0, noise²) per coordinate. Not linearly separable; separable with one hidden layer.
 */
export function circles(n: number, rng: Rng, options: { noise?: number; factor?: number } = {}): Dataset {
  expectOptions("circles", options, ["noise", "factor"], "circles(n, rng, options) makes a data set { X, y }");
  assertCount("circles", n, 2);
  expectRng("circles", rng);
  const noise = options.noise ?? 0.05;
  const factor = options.factor ?? 0.5;
  assertNonNegative("circles", "noise", noise);
  if (typeof factor !== "number" || !(factor > 0 && factor < 1))
    throw new RangeError(`circles: factor must lie in (0, 1), got ${received(factor)}`);
  const X = new Tensor([n, 2]);
  const y: number[] = [];
  for (let c = 0; c < 2; c++) {
    const m = share(n, 2, c);
    const r = c === 0 ? 1 : factor;
    for (let j = 0; j < m; j++) {
      const t = (2 * Math.PI * j) / m;
      const i = y.length;
      X.data[2 * i] = r * Math.cos(t) + noise * rng.normal();
      X.data[2 * i + 1] = r * Math.sin(t) + noise * rng.normal();
      y.push(c);
    }
  }
  return { X, y };
}

/**
 * Interleaved spirals (after CS231n): class c has points (r cos θ, r sin θ), r evenly spaced in [0, 1],
 * θ = 2π·c/k + 2π·turns·r + N(0, noise²). Default k = 2 classes, one turn, noise 0.2.
 */
export function spirals(n: number, rng: Rng, options: { classes?: number; turns?: number; noise?: number } = {}): Dataset {
  expectOptions("spirals", options, ["classes", "turns", "noise"], "spirals(n, rng, options) makes a data set { X, y }");
  const k = options.classes ?? 2;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`spirals: classes must be an integer >= 2, got ${received(k)}`);
  assertCount("spirals", n, k);
  expectRng("spirals", rng);
  const turns = options.turns ?? 1;
  const noise = options.noise ?? 0.2;
  assertNonNegative("spirals", "noise", noise);
  assertNonNegative("spirals", "turns", turns);
  const X = new Tensor([n, 2]);
  const y: number[] = [];
  for (let c = 0; c < k; c++) {
    const m = share(n, k, c);
    for (let j = 0; j < m; j++) {
      const r = m === 1 ? 1 : j / (m - 1);
      const theta = (2 * Math.PI * c) / k + 2 * Math.PI * turns * r + noise * rng.normal();
      const i = y.length;
      X.data[2 * i] = r * Math.cos(theta);
      X.data[2 * i + 1] = r * Math.sin(theta);
      y.push(c);
    }
  }
  return { X, y };
}
