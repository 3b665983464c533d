import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlideCheckError, augment, erratum, logicTable, perceptronPredict, slideCheck, trainPerceptron } from "../../../lib";
import { expectClose } from "./close";

const X = [
  [1, 1, 3],
  [1, 5, 4],
  [1, 6, 3],
  [1, 3, 1],
];
const y = [1, 1, -1, -1];
const w0 = [0, -1, 1];

describe('slide "Perceptron Training II": the trace of epoch 1, eta = 0.5', () => {
  const run = trainPerceptron(X, y, { w0, lr: 0.5 });
  const t = run.trace;
  it("x0: L = max(0, −2) = 0, w stays [0, −1, 1]", () => {
    expect(-t[0].y * t[0].score).toBe(-2);
    expect(t[0].loss).toBe(0);
    expect(t[0].updated).toBe(false);
    expectClose(t[0].wAfter, [0, -1, 1], 1e-9);
  });
  it("x1: L = 1, w = [0.5, 1.5, 3]", () => {
    expect(t[1].loss).toBe(1);
    expectClose(t[1].wAfter, [0.5, 1.5, 3], 1e-9);
  });
  it("x2: L = 18.5, w = [0, −1.5, 1.5]", () => {
    expect(t[2].loss).toBe(18.5);
    expectClose(t[2].wAfter, [0, -1.5, 1.5], 1e-9);
  });
  it("x3: L = max(0, −3) = 0, w unchanged; then x0 again: L = max(0, −3) = 0", () => {
    expect(-t[3].y * t[3].score).toBe(-3);
    expect(t[3].loss).toBe(0);
    expectClose(t[3].wAfter, [0, -1.5, 1.5], 1e-9);
    expect(t[4]).toMatchObject({ epoch: 2, index: 0, loss: 0, updated: false });
    expect(-t[4].y * t[4].score).toBe(-3);
  });
});

describe('slide "Perceptron Training I": erratum, y printed as [1, 1, −1, 1]', () => {
  it("the printed y is a typo: with y3 = +1 the slide's L(x3) = max(0, −3) = 0 is not reproduced", () => {
    const typo = trainPerceptron(X, [1, 1, -1, 1], { w0, lr: 0.5 });
    expect(typo.trace[3].loss).toBe(3); // −y3 w·x3 = −(1)(−3) = 3
    expect(() => slideCheck("L(x3) with the printed y", 0, typo.trace[3].loss)).toThrow(SlideCheckError);
    const fixed = trainPerceptron(X, y, { w0, lr: 0.5 });
    const e = erratum("labels y of Training I", [1, 1, -1, 1], y, 'the trace of "Training II" only works with y3 = −1');
    expect(e.text).toMatch(/correct \[1, 1, -1, -1\]/);
    expect(slideCheck("L(x3) with y = [1, 1, −1, −1]", 0, fixed.trace[3].loss).ok).toBe(true);
  });
});

describe('slide "Learning Rate for the Perceptron": eta = 0.2, 0.5, 1.0 run to convergence', () => {
  const table = [
    { eta: 0.2, epochs: 12, updates: 21, w: [0.2, -2, 3.8] },
    { eta: 0.5, epochs: 15, updates: 27, w: [0.5, -5, 9.5] },
    { eta: 1.0, epochs: 16, updates: 29, w: [1, -10, 19] },
  ];
  for (const row of table) {
    it(`eta = ${row.eta}: ${row.epochs} epochs, ${row.updates} updates, final w = [${row.w}]`, () => {
      const r = trainPerceptron(X, y, { w0, lr: row.eta, maxEpochs: 100 });
      expect(r.converged).toBe(true);
      expect(r.epochs).toBe(row.epochs);
      expect(r.updates).toBe(row.updates);
      expect(r.trace.filter((s) => s.updated).length).toBe(row.updates);
      expectClose(r.w, row.w, 1e-9);
      expect(perceptronPredict(r.w, X)).toEqual(y);
    });
  }
});

describe("quiz slide: class +1 = (1,1), (0,1), (1,0); class −1 = (0,0)", () => {
  it("w = [−0.5, 1, 1] separates them: the perceptron computes OR", () => {
    const or = logicTable("or");
    expect(perceptronPredict([-0.5, 1, 1], augment(or.X))).toEqual(or.y.map((v) => (v ? 1 : -1)));
  });
  it("property: any w with w0 < 0 < w0 + w1, w0 + w2 separates them", () => {
    const or = logicTable("or");
    const want = or.y.map((v) => (v ? 1 : -1));
    const pos = fc.double({ min: 0.001, max: 10, noNaN: true });
    fc.assert(
      fc.property(pos, pos, pos, (minusW0, d1, d2) => {
        const w0 = -minusW0;
        const w = [w0, minusW0 + d1, minusW0 + d2]; // w0 + w1 = d1 > 0, w0 + w2 = d2 > 0
        return perceptronPredict(w, augment(or.X)).every((p, i) => p === want[i]);
      }),
    );
  });
});
