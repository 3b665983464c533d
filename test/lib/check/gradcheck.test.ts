import { describe, expect, it } from "vitest";
import { Tensor, type Var, ad, allClose, checkVarGradients, gradCheck, numericGradient, op, param } from "../../../lib";

describe("numericGradient", () => {
  it("central differences of x² + 3xy at (3, 2) are (12, 9), and x is restored", () => {
    const x = Tensor.from([3, 2]);
    const g = numericGradient((t) => t.data[0] ** 2 + 3 * t.data[0] * t.data[1], x);
    expect(allClose(g, Tensor.from([12, 9]), 1e-7)).toBe(true);
    expect(x.toArray()).toEqual([3, 2]);
  });
  it("rejects a non-positive step and a non-finite function", () => {
    expect(() => numericGradient(() => 0, Tensor.from([1]), 0)).toThrow("numericGradient: step h must be > 0, got 0");
    expect(() => numericGradient((t) => Math.log(t.data[0]), Tensor.from([0]))).toThrow(/f is not finite at value 0/);
  });
});

describe("gradCheck", () => {
  it("accepts a right analytic gradient and reports the relative error", () => {
    const f = (a: Tensor, b: Tensor) => a.data[0] * Math.sin(b.data[0]) + a.data[1] ** 3;
    const a = Tensor.from([0.7, -1.3]);
    const b = Tensor.from([0.4]);
    const r = gradCheck(f, [a, b], {
      analytic: (a, b) => [
        Tensor.from([Math.sin(b.data[0]), 3 * a.data[1] ** 2]),
        Tensor.from([a.data[0] * Math.cos(b.data[0])]),
      ],
    });
    expect(r.maxRelError).toBeLessThan(1e-8);
    expect(r.perInput).toHaveLength(2);
  });
  it("catches a wrong analytic gradient (off by 1%)", () => {
    const r = gradCheck((a) => a.data[0] ** 2, [Tensor.from([2])], { analytic: [Tensor.from([4.04])] });
    expect(r.maxRelError).toBeCloseTo(0.04 / 8.04, 6);
  });
  it("computes only numeric gradients without an analytic one", () => {
    const r = gradCheck((a) => 2 * a.data[0], [Tensor.from([5])]);
    expect(Number.isNaN(r.maxRelError)).toBe(true);
    expect(r.numeric[0].data[0]).toBeCloseTo(2, 8);
  });
});

describe("checkVarGradients", () => {
  it("catches an op whose backward forgets a factor", () => {
    // cube with derivative 2x² instead of 3x²
    const badCube = (x: Var) =>
      op("badCube", Tensor.from(Array.from(x.value.data, (v) => v ** 3)), [x], (g) => [
        Tensor.from(Array.from(x.value.data, (v, i) => g.data[i] * 2 * v * v)),
      ]);
    expect(checkVarGradients((x) => badCube(x), [Tensor.from([1, 2])]).maxRelError).toBeGreaterThan(0.1);
  });

  it("Backprop walk-through (Iris): the true gradient of the slide's loss, natural log, full softmax Jacobian", () => {
    // worked-examples.md §5, in the slides' column form: a1 = W1 x + b1, h1 = relu(a1), a2 = W2 h1 + b2, ŷ = softmax(a2),
    // L = −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]
    const W1 = Tensor.from([
      [0.1, -0.2],
      [0.4, 0.6],
    ]);
    const b1 = Tensor.from([[0.2], [-0.3]]);
    const W2 = Tensor.from([
      [0.3, -0.3],
      [0.2, 0.1],
      [0.3, -0.2],
    ]);
    const b2 = Tensor.from([[-0.1], [-0.5], [-0.4]]);
    const x = Tensor.from([[1.8], [0.5]]);
    const y = Tensor.from([[1], [0], [0]]);
    const loss = (w1: Var, c1: Var, w2: Var, c2: Var) => {
      const h1 = ad.map(
        ad.add(ad.matmul(w1, x), c1),
        (v) => Math.max(0, v),
        (v) => (v > 0 ? 1 : 0),
        "relu",
      );
      const e = ad.exp(ad.add(ad.matmul(w2, h1), c2));
      const yhat = ad.div(e, ad.sum(e));
      const pos = ad.mul(y, ad.log(yhat));
      const negs = ad.mul(ad.sub(1, y), ad.log(ad.sub(1, yhat)));
      return ad.neg(ad.sum(ad.add(pos, negs)));
    };
    const vars = [W1, b1, W2, b2].map((t) => param(t));
    const L = loss(vars[0], vars[1], vars[2], vars[3]);
    expect(L.value.item()).toBeCloseTo(1.729929, 6);
    L.backward();
    const gradW2 = Tensor.from([
      [-0.270535, -0.695662],
      [0.143754, 0.369652],
      [0.126782, 0.32601],
    ]);
    expect(allClose(vars[2].grad as Tensor, gradW2, 1e-6)).toBe(true);
    const r = checkVarGradients(loss, [W1, b1, W2, b2]);
    expect(r.maxRelError).toBeLessThan(1e-6);
    expect(allClose(r.numeric[2], gradW2, 1e-6)).toBe(true);
  });
});
