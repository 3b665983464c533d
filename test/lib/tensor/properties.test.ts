import fc from "fast-check";
import { describe, expect, it } from "vitest";
// the package as a user imports it (its build), through one namespace
import * as dl from "../../../lib";

// Random shapes include the edge sizes of the 4×4 kernel: 1, 3, 5, 7, 17 and other non-multiples of the block.
const dim = fc.oneof(fc.constantFrom(1, 3, 4, 5, 7, 8, 17, 33), fc.integer({ min: 1, max: 40 }));
const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

describe("matmul identities (fast-check)", () => {
  it("the blocked kernel equals the naive triple loop on random shapes", () => {
    fc.assert(
      fc.property(dim, dim, dim, seed, (m, k, n, s) => {
        const rng = new dl.Rng(s);
        const a = dl.randomNormal([m, k], rng);
        const b = dl.randomNormal([k, n], rng);
        return dl.allClose(dl.matmul(a, b), dl.matmulNaive(a, b), 1e-10);
      }),
      { numRuns: 150 },
    );
  });
  it("A(B + C) = AB + AC", () => {
    fc.assert(
      fc.property(dim, dim, dim, seed, (m, k, n, s) => {
        const rng = new dl.Rng(s);
        const a = dl.randomNormal([m, k], rng);
        const b = dl.randomNormal([k, n], rng);
        const c = dl.randomNormal([k, n], rng);
        return dl.allClose(dl.matmul(a, dl.add(b, c)), dl.add(dl.matmul(a, b), dl.matmul(a, c)), 1e-9);
      }),
      { numRuns: 80 },
    );
  });
  it("(AB)ᵀ = BᵀAᵀ, and the fused transposed products agree", () => {
    fc.assert(
      fc.property(dim, dim, dim, seed, (m, k, n, s) => {
        const rng = new dl.Rng(s);
        const a = dl.randomNormal([m, k], rng);
        const b = dl.randomNormal([k, n], rng);
        const ab = dl.matmul(a, b);
        return (
          dl.allClose(dl.transpose(ab), dl.matmul(dl.transpose(b), dl.transpose(a)), 1e-10) &&
          dl.allClose(dl.matmulTransposeA(dl.transpose(a), b), ab, 1e-10) &&
          dl.allClose(dl.matmulTransposeB(a, dl.transpose(b)), ab, 1e-10)
        );
      }),
      { numRuns: 80 },
    );
  });
});

describe("broadcasting (fast-check)", () => {
  it("add is commutative for same shapes, rows, columns and scalars", () => {
    fc.assert(
      fc.property(dim, dim, fc.constantFrom("same", "row", "vector", "column", "scalar"), seed, (m, n, kind, s) => {
        const rng = new dl.Rng(s);
        const a = dl.randomNormal([m, n], rng);
        const shape = { same: [m, n], row: [1, n], vector: [n], column: [m, 1], scalar: [] }[kind] as number[];
        const b = dl.randomNormal(shape, rng);
        const ab = dl.add(a, b);
        expect(ab.shape).toEqual([m, n]);
        return dl.allClose(ab, dl.add(b, a), 0);
      }),
      { numRuns: 100 },
    );
  });
});
