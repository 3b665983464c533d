import { expect } from "vitest";
// the package as a user imports it (its build), through one namespace
import * as dl from "../../../../lib";

/**
 * For each (m, k, n): A·B, Aᵀ·B, A·Bᵀ and X·W + b against the naive triple loop, to 1e-10. The one check both kernel
 * test files (JavaScript and WebAssembly) run on the shapes that reach each of their paths.
 */
export function expectProductsMatchNaive(shapes: readonly (readonly [number, number, number])[], rng: dl.Rng): void {
  for (const [m, k, n] of shapes) {
    const a = dl.randomNormal([m, k], rng);
    const b = dl.randomNormal([k, n], rng);
    const bias = dl.randomNormal([1, n], rng);
    const want = dl.matmulNaive(a, b);
    expect(dl.allClose(dl.matmul(a, b), want, 1e-10), `${m}×${k}·${k}×${n}`).toBe(true);
    expect(dl.allClose(dl.matmulTransposeA(dl.transpose(a), b), want, 1e-10), `(${k}×${m})ᵀ·${k}×${n}`).toBe(true);
    expect(dl.allClose(dl.matmulTransposeB(a, dl.transpose(b)), want, 1e-10), `${m}×${k}·(${n}×${k})ᵀ`).toBe(true);
    expect(dl.allClose(dl.linear(a, b, bias), dl.add(want, bias), 1e-10), `${m}×${k}·${k}×${n} + 1×${n}`).toBe(true);
  }
}
