import { expect } from "vitest";
import {
  type Rng,
  add,
  allClose,
  linear,
  matmul,
  matmulNaive,
  matmulTransposeA,
  matmulTransposeB,
  randomNormal,
  transpose,
} from "../../../../lib";

/**
 * For each (m, k, n): A·B, Aᵀ·B, A·Bᵀ and X·W + b against the naive triple loop, to 1e-10. The one check both kernel
 * test files (JavaScript and WebAssembly) run on the shapes that reach each of their paths.
 */
export function expectProductsMatchNaive(shapes: readonly (readonly [number, number, number])[], rng: Rng): void {
  for (const [m, k, n] of shapes) {
    const a = randomNormal([m, k], rng);
    const b = randomNormal([k, n], rng);
    const bias = randomNormal([1, n], rng);
    const want = matmulNaive(a, b);
    expect(allClose(matmul(a, b), want, 1e-10), `${m}×${k}·${k}×${n}`).toBe(true);
    expect(allClose(matmulTransposeA(transpose(a), b), want, 1e-10), `(${k}×${m})ᵀ·${k}×${n}`).toBe(true);
    expect(allClose(matmulTransposeB(a, transpose(b)), want, 1e-10), `${m}×${k}·(${n}×${k})ᵀ`).toBe(true);
    expect(allClose(linear(a, b, bias), add(want, bias), 1e-10), `${m}×${k}·${k}×${n} + 1×${n}`).toBe(true);
  }
}
