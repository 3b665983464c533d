import { describe, expect, it } from "vitest";
import {
  Rng,
  add,
  allClose,
  linear,
  matmul,
  matmulNaive,
  matmulTransposeA,
  matmulTransposeB,
  randomNormal,
  transpose,
  wasmKernelAvailable,
} from "../../../../lib";

// DL4NLP_WASM=0 keeps every product in the JavaScript kernels (the fallback where WebAssembly SIMD is missing). The
// variable is read at the first product, and vitest runs each test file in its own process.
process.env.DL4NLP_WASM = "0";
const rng = new Rng(12);

describe("matmul in JavaScript (DL4NLP_WASM=0)", () => {
  it("the WebAssembly kernels are switched off", () => {
    expect(wasmKernelAvailable()).toBe(false);
  });
  it("the 2×4 unpacked and the packed, k-blocked kernels equal the naive loop, transposes and bias included", () => {
    for (const [m, k, n] of [
      [4, 4, 4],
      [150, 4, 16],
      [150, 16, 3],
      [7, 3, 1],
      [64, 64, 64],
      [33, 300, 17],
      [130, 7, 529],
      [40, 600, 300],
    ]) {
      const a = randomNormal([m, k], rng);
      const b = randomNormal([k, n], rng);
      const bias = randomNormal([1, n], rng);
      const want = matmulNaive(a, b);
      expect(allClose(matmul(a, b), want, 1e-10), `${m}×${k}·${k}×${n}`).toBe(true);
      expect(allClose(matmulTransposeA(transpose(a), b), want, 1e-10)).toBe(true);
      expect(allClose(matmulTransposeB(a, transpose(b)), want, 1e-10)).toBe(true);
      expect(allClose(linear(a, b, bias), add(want, bias), 1e-10)).toBe(true);
    }
  });
});
