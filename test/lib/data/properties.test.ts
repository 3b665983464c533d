import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng, Tensor, confusionMatrix, oneHot, standardize, trainTestSplit } from "../../../lib";

const matrix = fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 4 })).chain(([n, d]) =>
  // values on a 0.001 grid in [-1000, 1000]: a non-constant column has a std well above rounding
  fc.array(
    fc.array(
      fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
      { minLength: d, maxLength: d },
    ),
    { minLength: n, maxLength: n },
  ),
);

describe("properties of the data helpers (fast-check)", () => {
  it("standardize: every non-constant column has mean 0 and population std 1", () => {
    fc.assert(
      fc.property(matrix, (rows) => {
        const s = standardize(Tensor.from(rows));
        const n = rows.length;
        rows[0].forEach((_, j) => {
          const col = s.X.to2D().map((r) => r[j]);
          const mean = col.reduce((a, b) => a + b, 0) / n;
          const variance = col.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
          expect(Math.abs(mean)).toBeLessThan(1e-9);
          const constant = rows.every((r) => r[j] === rows[0][j]);
          if (constant) expect(s.std[j]).toBe(1);
          else expect(variance).toBeCloseTo(1, 6);
        });
      }),
    );
  });
  it("trainTestSplit: a partition of the rows that keeps each class's share within one row", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 60 }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer(),
        (y, f, seed) => {
          const X = Tensor.from(y.map((_, i) => [i]));
          let s: ReturnType<typeof trainTestSplit<number[]>>;
          try {
            s = trainTestSplit(X, y, { testFraction: f, rng: new Rng(seed) });
          } catch (e) {
            expect(String(e)).toMatch(/leaves an empty part/);
            return;
          }
          expect([...s.trainIndex, ...s.testIndex].sort((a, b) => a - b)).toEqual(y.map((_, i) => i));
          for (const c of new Set(y)) {
            const total = y.filter((v) => v === c).length;
            const inTest = s.yTest.filter((v) => v === c).length;
            expect(Math.abs(inTest - total * f)).toBeLessThanOrEqual(0.5 + 1e-9);
          }
        },
      ),
    );
  });
  it("oneHot rows sum to 1 and the confusion matrix counts every sample once", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }), (y) => {
        const Y = oneHot(y, 5);
        for (let i = 0; i < y.length; i++) expect(Y.to2D()[i].reduce((a, b) => a + b, 0)).toBe(1);
        const predicted = y.map((c) => (c + 1) % 5);
        const C = confusionMatrix(predicted, y, 5);
        expect(C.data.reduce((a, b) => a + b, 0)).toBe(y.length);
      }),
    );
  });
});
