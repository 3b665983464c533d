import { describe, expect, it } from "vitest";
import {
  SlideCheckError,
  Tensor,
  backpropSlides,
  categoricalCrossEntropy,
  crossEntropyWithNegatives,
  erratum,
  gradientStepSlides,
  input,
  lossOp,
  mlp,
  slideCheck,
  softmaxJacobian,
} from "../../../lib";
import { expectClose } from "./close";

// the slides' network and first Iris sample (sections "Walk-Through Example: Forward/Backward Pass")
const net = {
  W: [
    Tensor.from([
      [0.1, -0.2],
      [0.4, 0.6],
    ]),
    Tensor.from([
      [0.3, -0.3],
      [0.2, 0.1],
      [0.3, -0.2],
    ]),
  ],
  b: [Tensor.from([[0.2], [-0.3]]), Tensor.from([[-0.1], [-0.5], [-0.4]])],
  activations: ["relu", "softmax"],
};
const x = [1.8, 0.5];
const y = [1, 0, 0];
const yhatSlide = Tensor.from([[0.38, 0.32, 0.3]]);
const yRow = Tensor.from([y]);

// independent closed forms
const a2 = [-0.1 + 0.3 * 0.28 - 0.3 * 0.72, -0.5 + 0.2 * 0.28 + 0.1 * 0.72, -0.4 + 0.3 * 0.28 - 0.2 * 0.72];
const e2 = a2.map(Math.exp);
const yhatExact = e2.map((v) => v / (e2[0] + e2[1] + e2[2]));

const full = backpropSlides(net, x, y, crossEntropyWithNegatives);
const slidePath = backpropSlides(net, x, y, crossEntropyWithNegatives({ slideSignError: true }), {
  softmaxDerivative: "diagonal",
});
const signFixedDiagonal = backpropSlides(net, x, y, crossEntropyWithNegatives, { softmaxDerivative: "diagonal" });

describe('slide "Walk-Through Example: Forward Pass"', () => {
  it("a1 = b1 + W1 x = [0.28, 0.72], h1 = relu(a1) = [0.28, 0.72]", () => {
    expectClose(full.a[0], [0.2 + 0.1 * 1.8 - 0.2 * 0.5, -0.3 + 0.4 * 1.8 + 0.6 * 0.5], 1e-9);
    expect(slideCheck("a1", [0.28, 0.72], full.a[0]).ok).toBe(true);
    expect(slideCheck("h1", [0.28, 0.72], full.h[0]).ok).toBe(true);
  });
  it("a2 = [−0.232, −0.372, −0.46] (slide: [−0.23, −0.37, −0.46])", () => {
    expectClose(full.a[1], a2, 1e-9);
    expectClose(full.a[1], [-0.232, -0.372, -0.46], 1e-12);
    expect(slideCheck("a2", [-0.23, -0.37, -0.46], full.a[1]).ok).toBe(true);
  });
  it("ŷ = softmax(a2) = [0.375167, 0.326154, 0.298679] (slide: [0.38, 0.32, 0.30], within 0.01: 0.326 is truncated)", () => {
    expectClose(full.yhat, yhatExact, 1e-9);
    expectClose(full.yhat, [0.375167, 0.326154, 0.298679], 5e-7);
    expect(slideCheck("ŷ", [0.38, 0.32, 0.3], full.yhat, { tol: 0.01 }).ok).toBe(true);
    // softmax of the slide's rounded a2 also gives 0.326: the 0.32 is a truncation, not a different computation
    const r = [-0.23, -0.37, -0.46].map(Math.exp);
    expect(Math.abs(r[1] / (r[0] + r[1] + r[2]) - 0.326)).toBeLessThan(0.001);
  });
});

describe('slides "Walk-Through Example": the loss J = 0.74 (erratum: log base 10)', () => {
  const lnLoss = -(Math.log(yhatExact[0]) + Math.log(1 - yhatExact[1]) + Math.log(1 - yhatExact[2]));
  it("with the natural log the slide's loss is 1.729929", () => {
    expect(Math.abs(full.loss - lnLoss)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(full.loss - 1.729929)).toBeLessThanOrEqual(5e-7);
  });
  it("with log10: 0.751299 on the exact ŷ, 0.742609 on the slide's rounded ŷ = the slide's 0.74", () => {
    const ce10 = crossEntropyWithNegatives({ base: 10 });
    const exact10 = backpropSlides(net, x, y, ce10).loss;
    expect(Math.abs(exact10 - lnLoss / Math.LN10)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(exact10 - 0.751299)).toBeLessThanOrEqual(5e-7);
    const rounded10 = ce10.value(yhatSlide, yRow);
    expect(Math.abs(rounded10 + Math.log10(0.38) + Math.log10(0.68) + Math.log10(0.7))).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(rounded10 - 0.742609)).toBeLessThanOrEqual(5e-7);
    expect(slideCheck("J (log10, rounded ŷ)", 0.74, rounded10).ok).toBe(true);
    expect(() => slideCheck("J (natural log)", 0.74, full.loss)).toThrow(SlideCheckError);
    const e = erratum("J", 0.74, full.loss, "the slide takes log base 10 of its rounded ŷ; its derivatives use the natural log", {
      reproducedBy: rounded10,
    });
    expect(e.text).toBe(
      "J: 0.74 on the slide (its formula gives 0.742609), correct 1.729929: the slide takes log base 10 of its rounded ŷ; its derivatives use the natural log",
    );
  });
  it("plain categorical cross-entropy −ln ŷ1 = 0.980385", () => {
    const ce = categoricalCrossEntropy.value(full.yhat.reshape([1, 3]), yRow);
    expect(Math.abs(ce + Math.log(yhatExact[0]))).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(ce - 0.980385)).toBeLessThanOrEqual(5e-7);
  });
});

describe('slide "Walk-Through Example: Backward Pass I": dL/dŷ = [−2.63, −1.47, −1.43] (erratum: sign error)', () => {
  it("the slide's −(y/ŷ + (1 − y)/(1 − ŷ)) on its rounded ŷ gives exactly its numbers", () => {
    const slideGrad = crossEntropyWithNegatives({ slideSignError: true, reduction: "sum" }).grad(yhatSlide, yRow);
    expectClose(slideGrad, [-1 / 0.38, -1 / 0.68, -1 / 0.7], 1e-9);
    expect(slideCheck("dL/dŷ as on the slide", [-2.63, -1.47, -1.43], slideGrad).ok).toBe(true);
  });
  it("correct: −y/ŷ + (1 − y)/(1 − ŷ) = [−2.665482, +1.484019, +1.425881]", () => {
    expectClose(full.gOutput, [-1 / yhatExact[0], 1 / (1 - yhatExact[1]), 1 / (1 - yhatExact[2])], 1e-9);
    expectClose(full.gOutput, [-2.665482, 1.484019, 1.425881], 5e-7);
    const e = erratum(
      "dL/dŷ",
      [-2.63, -1.47, -1.43],
      full.gOutput,
      "sign error in the second term: d/dŷ of −(1 − y) ln(1 − ŷ) is +(1 − y)/(1 − ŷ)",
      {
        reproducedBy: crossEntropyWithNegatives({ slideSignError: true }).grad(yhatSlide, yRow),
      },
    );
    expect(e.maxDiff).toBeGreaterThan(2.9);
  });
});

describe('slide "Walk-Through Example: Backward Pass II": ∂o_out/∂o_in = [0.23, 0.22, 0.21] (erratum: diagonal only)', () => {
  it("the slide's values are the diagonal ŷ(1 − ŷ) = [0.234417, 0.219778, 0.209470]", () => {
    expectClose(
      slidePath.fPrime[1],
      yhatExact.map((p) => p * (1 - p)),
      1e-9,
    );
    expectClose(slidePath.fPrime[1], [0.234417, 0.219778, 0.20947], 5e-7);
    expect(slideCheck("∂ŷ/∂a2 (diagonal)", [0.23, 0.22, 0.21], slidePath.fPrime[1]).ok).toBe(true);
  });
  it("the full Jacobian diag(ŷ) − ŷŷᵀ has the same diagonal but non-zero off-diagonal entries −ŷ_i ŷ_j", () => {
    const J = full.fPrime[1];
    expect(J.shape).toEqual([3, 3]);
    expectClose(J, softmaxJacobian(full.yhat), 0);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(J.get(i, i) - yhatExact[i] * (1 - yhatExact[i]))).toBeLessThanOrEqual(1e-9);
      for (let j = 0; j < 3; j++)
        if (i !== j) expect(Math.abs(J.get(i, j) + yhatExact[i] * yhatExact[j])).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('slide "Walk-Through Example: Backward Pass IV": ∇W2 and the update with learning rate 0.5', () => {
  const slideGradW2 = [
    [-0.17, -0.44],
    [-0.09, -0.23],
    [-0.08, -0.22],
  ];
  const slideNewW2 = [
    [0.39, -0.08],
    [0.25, 0.22],
    [0.34, -0.09],
  ];
  it("the slide's ∇W2 is its product of rounded factors −2.63·0.23·0.28 ... (within 0.005)", () => {
    const g = [-2.63, -1.47, -1.43];
    const d = [0.23, 0.22, 0.21];
    const h = [0.28, 0.72];
    const products = g.map((gi, i) => h.map((hj) => gi * d[i] * hj));
    expect(slideCheck("∇W2 from the slide's factors", slideGradW2, products).ok).toBe(true);
  });
  it("sign error + diagonal Jacobian on the exact values reproduce the slide's ∇W2 within 0.01 (rounded intermediates)", () => {
    expect(slideCheck("∇W2 (slide's algorithm)", slideGradW2, slidePath.gradW[1], { tol: 0.01 }).ok).toBe(true);
    expectClose(
      slidePath.gradW[1],
      [
        [-0.174953, -0.44988],
        [-0.091323, -0.234831],
        [-0.08363, -0.215049],
      ],
      5e-7,
    );
  });
  it("the slide's new W2 = W2 − 0.5 ∇W2 = [[0.39, −0.08], [0.25, 0.22], [0.34, −0.09]]", () => {
    const stepped = gradientStepSlides(net, slidePath, 0.5).W[1];
    expect(slideCheck("new W2 (slide's algorithm)", slideNewW2, stepped).ok).toBe(true);
  });
  it("with the sign fixed, diagonal Jacobian × that loss gives exactly ŷ − y, the gradient of plain categorical CE", () => {
    expectClose(
      signFixedDiagonal.gA[1],
      yhatExact.map((p, i) => p - y[i]),
      1e-9,
    );
    expectClose(signFixedDiagonal.gA[1], [-0.624833, 0.326154, 0.298679], 5e-7);
    const ce = backpropSlides(net, x, y, categoricalCrossEntropy);
    expectClose(ce.gA[1], signFixedDiagonal.gA[1], 1e-12);
    expectClose(
      signFixedDiagonal.gradW[1],
      [
        [-0.174953, -0.44988],
        [0.091323, 0.234831],
        [0.08363, 0.215049],
      ],
      5e-7,
    );
    expectClose(
      gradientStepSlides(net, signFixedDiagonal, 0.5).W[1],
      [
        [0.387477, -0.07506],
        [0.154338, -0.017416],
        [0.258185, -0.307525],
      ],
      5e-7,
    );
  });
  it("erratum: rows 2 and 3 of the slide's update go the wrong way", () => {
    const W2 = net.W[1];
    const correct = gradientStepSlides(net, signFixedDiagonal, 0.5).W[1];
    const slideStep = gradientStepSlides(net, slidePath, 0.5).W[1];
    for (const i of [1, 2]) {
      for (let j = 0; j < 2; j++) {
        expect(Math.sign(slideNewW2[i][j] - W2.get(i, j))).toBe(-Math.sign(correct.get(i, j) - W2.get(i, j)));
      }
    }
    // row 1 is right (only its size is off, by the sign-error-free first term)
    for (let j = 0; j < 2; j++)
      expect(Math.sign(slideNewW2[0][j] - W2.get(0, j))).toBe(Math.sign(correct.get(0, j) - W2.get(0, j)));
    const e = erratum("new W2", slideNewW2, correct, "the sign error in dL/dŷ flips the gradient of the wrong classes", {
      reproducedBy: slideStep,
    });
    expect(e.text).toMatch(/correct \[\[0.387477, -0.07506\], \[0.154338, -0.017416\], \[0.258185, -0.307525\]\]/);
  });
});

describe("the true gradient of the slide's own loss (natural log, full Jacobian)", () => {
  it("∇a2 = [−0.966198, 0.513405, 0.452792], ∇W2 = [[−0.270535, −0.695662], [0.143754, 0.369652], [0.126782, 0.326010]]", () => {
    expectClose(full.gA[1], [-0.966198, 0.513405, 0.452792], 5e-7);
    expectClose(
      full.gradW[1],
      [
        [-0.270535, -0.695662],
        [0.143754, 0.369652],
        [0.126782, 0.32601],
      ],
      5e-7,
    );
  });
  it("central differences (h = 1e-6) of the slide's loss confirm ∇W1, ∇b1, ∇W2, ∇b2 to 1e-6", () => {
    const params = [net.W[0], net.b[0], net.W[1], net.b[1]];
    const analytic = [full.gradW[0], full.gradB[0], full.gradW[1], full.gradB[1]];
    params.forEach((p, k) => {
      for (let i = 0; i < p.size; i++) {
        const plus = params.map((t) => t.clone());
        const minus = params.map((t) => t.clone());
        plus[k].data[i] += 1e-6;
        minus[k].data[i] -= 1e-6;
        const J = (ps: Tensor[]) =>
          backpropSlides({ W: [ps[0], ps[2]], b: [ps[1], ps[3]], activations: net.activations }, x, y, crossEntropyWithNegatives)
            .loss;
        const numeric = (J(plus) - J(minus)) / 2e-6;
        expect(Math.abs(numeric - analytic[k].data[i]), `parameter ${k}, element ${i}`).toBeLessThan(1e-6);
      }
    });
  });
  it("autograd through an MLP with the same weights gives the same gradients as the slides' loop (to 1e-12)", () => {
    const model = mlp([2, 2, 3], { activations: ["relu", "softmax"], init: "zeros" });
    model.setWeights(0, net.W[0], net.b[0], { layout: "slides" });
    model.setWeights(1, net.W[1], net.b[1], { layout: "slides" });
    lossOp(model.forward(input(Tensor.from([x]))), yRow, crossEntropyWithNegatives).backward();
    const [W1, b1, W2, b2] = model.parameters();
    const t = (g: Tensor | null) => {
      const m = g as Tensor;
      const [r, c] = m.shape;
      return Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => m.get(i, j)));
    };
    expectClose(full.gradW[0], t(W1.grad), 1e-12);
    expectClose(full.gradW[1], t(W2.grad), 1e-12);
    expectClose(full.gradB[0], b1.grad as Tensor, 1e-12);
    expectClose(full.gradB[1], b2.grad as Tensor, 1e-12);
    expect(model.toSlides().W[1].toArray()).toEqual(net.W[1].toArray());
  });
  it("the diagonal-only softmax derivative is NOT the gradient of the slide's loss", () => {
    expect(Math.abs(signFixedDiagonal.gA[1].data[0] - full.gA[1].data[0])).toBeGreaterThan(0.3);
  });
});

describe("backpropSlides: the loop itself", () => {
  it("records g, f'(a), ∇b, ∇W and W^T g for k = l..1, with λ∇Ω = λW added to ∇W only", () => {
    const reg = backpropSlides(net, x, y, crossEntropyWithNegatives, { weightDecay: 0.1 });
    expect(reg.steps.map((s) => s.k)).toEqual([2, 1]);
    expectClose(
      reg.gradW[1],
      Array.from(full.gradW[1].data, (v, i) => v + 0.1 * net.W[1].data[i]),
      1e-15,
    );
    expectClose(reg.gradB[1], full.gradB[1], 0);
    expect(reg.gradB[1].shape).toEqual([3, 1]);
    expect(
      Math.abs(
        reg.loss -
          (full.loss + 0.1 * 0.5 * [0.01, 0.04, 0.16, 0.36, 0.09, 0.09, 0.04, 0.01, 0.09, 0.04].reduce((s, v) => s + v, 0)),
      ),
    ).toBeLessThan(1e-12);
    expectClose(full.steps[0].gPrev, full.gH[0], 0);
    expectClose(full.steps[1].g, full.gH[0], 0);
    expect(full.gInput.shape).toEqual([2, 1]);
  });
  it("rejects a network whose shapes do not chain, naming them", () => {
    expect(() => backpropSlides({ ...net, W: [net.W[1], net.W[0]] }, x, y, crossEntropyWithNegatives)).toThrow(
      /W\^\(1\) is 3×2 .* b\^\(1\)|b\^\(1\) is 2×1 but W\^\(1\) has 3 outputs/,
    );
    expect(() => backpropSlides(net, [1, 2, 3], y, crossEntropyWithNegatives)).toThrow(
      /W\^\(1\) is 2×2 but h\^\(0\) has 3 values/,
    );
    expect(() => backpropSlides(net, x, [1, 0], crossEntropyWithNegatives)).toThrow(/y has 2 values but the network outputs 3/);
  });
});
