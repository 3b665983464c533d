import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Loss,
  Tensor,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  categoricalCrossEntropy,
  checkVarGradients,
  crossEntropyWithNegatives,
  hinge,
  klDivergence,
  lossOp,
  losses,
  mae,
  mse,
  multiclassHinge,
  param,
  perceptronLoss,
  sigmoid,
  softmax,
  softmaxCrossEntropy,
  zeroOneLoss,
} from "../../../lib";

/** Largest relative error between loss.grad and central differences of loss.value (h = 1e-6). */
function gradError(loss: Loss, yhat: Tensor, y: Tensor): number {
  const g = loss.grad(yhat, y);
  expect(g.shape).toEqual(yhat.shape);
  let worst = 0;
  for (let i = 0; i < yhat.size; i++) {
    const p = yhat.clone();
    const m = yhat.clone();
    p.data[i] += 1e-6;
    m.data[i] -= 1e-6;
    const numeric = (loss.value(p, y) - loss.value(m, y)) / 2e-6;
    worst = Math.max(worst, Math.abs(numeric - g.data[i]) / Math.max(1, Math.abs(numeric)));
  }
  return worst;
}

const probs = Tensor.from([
  [0.2, 0.7, 0.1],
  [0.5, 0.25, 0.25],
]);
const onehot = Tensor.from([
  [0, 1, 0],
  [1, 0, 0],
]);
const soft = Tensor.from([
  [0.1, 0.6, 0.3],
  [0.3, 0.3, 0.4],
]);
const scores = Tensor.from([
  [1.5, -0.3, 0.8],
  [-2.1, 0.4, 0.35],
]);
const signs = Tensor.from([
  [1, -1, 1],
  [-1, -1, 1],
]);
const binary = Tensor.from([
  [1, 0, 1],
  [0, 0, 1],
]);

/** Sample inputs of each kind a registered loss declares (zeroOneLoss's scores stay away from its boundary). */
const predictions = { scores, probabilities: probs, distributions: probs };
const targets = { values: soft, binary, signs, oneHot: onehot, distributions: soft };

describe("loss values", () => {
  it("MAE and MSE of four regression predictions", () => {
    const p = Tensor.from([[2.5], [0], [2.1], [7.8]]);
    const t = Tensor.from([[3], [-0.5], [2], [7]]);
    expect(mae.value(p, t)).toBeCloseTo((0.5 + 0.5 + 0.1 + 0.8) / 4, 14);
    expect(mse.value(p, t)).toBeCloseTo((0.25 + 0.25 + 0.01 + 0.64) / 4, 14);
    expect(mse({ reduction: "sum" }).value(p, t)).toBeCloseTo(1.15, 14);
  });
  it("binary cross-entropy −(y ln ŷ + (1 − y) ln(1 − ŷ)), in nats, bits or decimal digits", () => {
    const p = Tensor.from([[0.8], [0.3]]);
    const t = Tensor.from([[1], [0]]);
    const nats = (-Math.log(0.8) - Math.log(0.7)) / 2;
    expect(binaryCrossEntropy.value(p, t)).toBeCloseTo(nats, 14);
    expect(binaryCrossEntropy({ base: 2 }).value(p, t)).toBeCloseTo(nats / Math.LN2, 14);
    expect(binaryCrossEntropy({ base: 10 }).value(p, t)).toBeCloseTo(nats / Math.LN10, 14);
  });
  it("a certain wrong prediction costs Infinity, a certain right one 0 (no NaN from 0·ln 0)", () => {
    expect(binaryCrossEntropy.value(Tensor.from([[0]]), Tensor.from([[1]]))).toBe(Number.POSITIVE_INFINITY);
    expect(binaryCrossEntropy.value(Tensor.from([[1]]), Tensor.from([[1]]))).toBe(0);
    expect(categoricalCrossEntropy.value(Tensor.from([[1, 0]]), Tensor.from([[1, 0]]))).toBe(0);
  });
  it("BCE from logits equals BCE of σ(s), and is stable for |s| = 800", () => {
    expect(binaryCrossEntropyWithLogits.value(scores, binary)).toBeCloseTo(binaryCrossEntropy.value(sigmoid(scores), binary), 12);
    expect(binaryCrossEntropyWithLogits.value(Tensor.from([[800]]), Tensor.from([[0]]))).toBe(800);
    expect(binaryCrossEntropyWithLogits.value(Tensor.from([[-800]]), Tensor.from([[0]]))).toBe(0);
  });
  it("softmax cross-entropy from logits equals CE of softmax(s), and is stable for scores of 1000", () => {
    expect(softmaxCrossEntropy.value(scores, onehot)).toBeCloseTo(categoricalCrossEntropy.value(softmax(scores), onehot), 12);
    expect(softmaxCrossEntropy.value(scores, soft)).toBeCloseTo(categoricalCrossEntropy.value(softmax(scores), soft), 12);
    expect(softmaxCrossEntropy.value(Tensor.from([[1000, 0]]), Tensor.from([[0, 1]]))).toBe(1000);
  });
  it("categorical CE per sample summed over classes, averaged over samples", () => {
    expect(categoricalCrossEntropy.value(probs, onehot)).toBeCloseTo((-Math.log(0.7) - Math.log(0.5)) / 2, 14);
    expect(categoricalCrossEntropy({ reduction: "sum" }).value(probs, onehot)).toBeCloseTo(-Math.log(0.7) - Math.log(0.5), 14);
  });
  it("KL(P‖Q) = Σ P log(P/Q): 0 for equal distributions, = CE − entropy", () => {
    expect(klDivergence.value(soft, soft)).toBe(0);
    const entropy = -[0.1, 0.6, 0.3, 0.3, 0.3, 0.4].reduce((s, p) => s + p * Math.log(p), 0) / 2;
    expect(klDivergence.value(probs, soft)).toBeCloseTo(categoricalCrossEntropy.value(probs, soft) - entropy, 14);
  });
  it("multi-class hinge of the slide: Σ_{j≠y} max(0, s_j − s_y + 1), scores [3.2, 5.1, −1.7], class 0 → 2.9", () => {
    expect(multiclassHinge.value(Tensor.from([[3.2, 5.1, -1.7]]), Tensor.from([[1, 0, 0]]))).toBeCloseTo(2.9, 14);
  });
  it("binary hinge, perceptron loss and 0/1 loss on scores", () => {
    const s = Tensor.from([[2], [0.5], [0], [-1]]);
    const y = Tensor.from([[1], [1], [1], [1]]);
    expect(hinge({ reduction: "sum" }).value(s, y)).toBeCloseTo(0 + 0.5 + 1 + 2, 14);
    expect(perceptronLoss({ reduction: "sum" }).value(s, y)).toBe(1);
    expect(zeroOneLoss.value(s, y)).toBe(0.5); // a score of 0 is an error, as in the update rule
    expect(zeroOneLoss.grad(s, y).data.every((v) => v === 0)).toBe(true);
  });
  it("losses are factories AND ready losses: mse.value(...) and mse({ reduction }).value(...)", () => {
    expect(mse.name).toBe("mse");
    expect(typeof mse).toBe("function");
    expect(mse().value(Tensor.from([[1]]), Tensor.from([[0]]))).toBe(1);
    expect(mse.latex).toMatch(/MSE/);
  });
  it("a vector is one sample", () => {
    expect(categoricalCrossEntropy.value(Tensor.from([0.2, 0.8]), Tensor.from([0, 1]))).toBeCloseTo(-Math.log(0.8), 15);
  });
});

describe("loss gradients match central differences", () => {
  // every registered loss on inputs of its kinds, then variants of the options
  const cases: [string, Loss, Tensor, Tensor][] = [
    ...Object.entries(losses).map(([name, r]): [string, Loss, Tensor, Tensor] => [
      name,
      r.loss,
      predictions[r.prediction],
      targets[r.target],
    ]),
    ["mse, sum", mse({ reduction: "sum" }), scores, soft],
    ["binaryCrossEntropy, base 10", binaryCrossEntropy({ base: 10 }), probs, soft],
    ["softmaxCrossEntropy, base 2", softmaxCrossEntropy({ base: 2 }), scores, onehot],
    ["crossEntropyWithNegatives, base 10", crossEntropyWithNegatives({ base: 10 }), probs, onehot],
  ];
  for (const [name, loss, p, t] of cases) {
    it(`gradient check of ${name}`, () => {
      expect(gradError(loss, p, t)).toBeLessThan(1e-7);
    });
    it(`valueAndGrad of ${name}, where offered, equals value and grad`, () => {
      const both = loss.valueAndGrad?.(p, t);
      if (!both) return;
      expect(both.value).toBeCloseTo(loss.value(p, t), 14);
      expect(Array.from(both.grad.data)).toEqual(Array.from(loss.grad(p, t).data));
    });
    it(`gradient check of lossOp(ŷ, y, ${name}) by checkVarGradients`, () => {
      expect(checkVarGradients((yhat) => lossOp(yhat, t, loss), [p]).maxRelError).toBeLessThan(1e-7);
    });
  }
  it("the slide's sign error in dL/dŷ is kept only on request, and then fails the gradient check", () => {
    expect(gradError(crossEntropyWithNegatives({ slideSignError: true }), probs, onehot)).toBeGreaterThan(0.5);
  });
});

describe("loss input errors name the loss and the shapes", () => {
  it("shape mismatch", () => {
    expect(() => mse.value(Tensor.from([[1, 2]]), Tensor.from([[1], [2]]))).toThrow(
      /mse: yhat 1×2 and y 2×1 have different shapes/,
    );
  });
  it("probabilities outside [0, 1]", () => {
    expect(() => binaryCrossEntropy.value(Tensor.from([[0.5], [1.3]]), Tensor.from([[1], [0]]))).toThrow(
      /binaryCrossEntropy: yhat must hold probabilities in \[0, 1\]; yhat\[1, 0\] = 1.3 \(2×1\)/,
    );
  });
  it("y not one-hot for the multi-class hinge", () => {
    expect(() => multiclassHinge.value(scores, soft)).toThrow(
      /multiclassHinge: y must be one-hot .* row 0 is \[0.1,0.6,0.3\] \(2×3\)/,
    );
  });
  it("y not a distribution for categorical cross-entropy", () => {
    expect(() =>
      categoricalCrossEntropy.value(
        probs,
        Tensor.from([
          [1, 1, 0],
          [1, 0, 0],
        ]),
      ),
    ).toThrow(/categoricalCrossEntropy: row 0 of y sums to 2, not 1 \(2×3\)/);
  });
  it("labels not ±1 for hinge, perceptron and 0/1 loss", () => {
    for (const loss of [hinge, perceptronLoss, zeroOneLoss]) {
      expect(() => loss.value(Tensor.from([[1]]), Tensor.from([[0]]))).toThrow(new RegExp(`${loss.name}: y must be \\+1 or -1`));
    }
  });
  it("NaN in the prediction, empty batch, unknown base or reduction", () => {
    expect(() => mse.value(Tensor.from([[Number.NaN]]), Tensor.from([[0]]))).toThrow(/mse: yhat\[0, 0\] is NaN/);
    expect(() => mse.value(new Tensor([0, 1]), new Tensor([0, 1]))).toThrow(/mse: empty batch/);
    expect(() => binaryCrossEntropy({ base: 3 as 2 })).toThrow(/log base must be "e", 2 or 10, got 3/);
    expect(() => mse({ reduction: "max" as "sum" })).toThrow(/mse: reduction must be "mean" or "sum", got "max" \(a string\)/);
  });
});

describe("loss properties (fast-check)", () => {
  const prob = fc.double({ min: 0.001, max: 0.999, noNaN: true });
  const real = fc.double({ min: -20, max: 20, noNaN: true });
  it("every registered loss is >= 0", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(prob, prob, real, fc.boolean()), { minLength: 1, maxLength: 6 }), (rows) => {
        const p = Tensor.from(rows.map((r) => [r[0], 1 - r[0]]));
        const t = Tensor.from(rows.map((r) => [r[1], 1 - r[1]]));
        const oh = Tensor.from(rows.map((r) => (r[3] ? [1, 0] : [0, 1])));
        const s = Tensor.from(rows.map((r) => [r[2], -r[2] / 2]));
        const pm = Tensor.from(rows.map((r) => (r[3] ? [1, -1] : [-1, 1])));
        const kinds = {
          prediction: { scores: s, probabilities: p, distributions: p },
          target: { values: t, binary: t, signs: pm, oneHot: oh, distributions: t },
        };
        const values = Object.values(losses).map((r) => r.loss.value(kinds.prediction[r.prediction], kinds.target[r.target]));
        return values.every((v) => v >= -1e-15);
      }),
    );
  });
});

describe("lossOp", () => {
  it("is a scalar node whose backward is loss.grad, scaled by the incoming gradient", () => {
    const pred = param(scores.clone(), "scores");
    const L = lossOp(pred, onehot, softmaxCrossEntropy);
    expect(L.value.size).toBe(1);
    expect(L.op).toBe("loss:softmaxCrossEntropy");
    expect(L.value.item()).toBe(softmaxCrossEntropy.value(scores, onehot));
    L.backward();
    expect(Array.from((pred.grad as Tensor).data)).toEqual(Array.from(softmaxCrossEntropy.grad(scores, onehot).data));
    L.backward(Tensor.from(3));
    const g3 = softmaxCrossEntropy.grad(scores, onehot).data.map((v) => 3 * v);
    expect(Array.from((pred.grad as Tensor).data)).toEqual(Array.from(g3));
  });
});

describe("softmaxCrossEntropy on rows of three classes (a pass of its own) has the general pass's bits", () => {
  // A fourth class with logit −Infinity and target 0 changes nothing in a row (e^−∞ = 0 adds +0 to the row's sum, the
  // target adds 0), so the 150×4 batch runs the general pass on the same rows: values and gradients must agree bit
  // for bit with the three-class pass, and value() (the general pass, no gradient) with valueAndGrad().
  const loss = softmaxCrossEntropy();
  const sum = softmaxCrossEntropy({ reduction: "sum", base: 2 });
  function batch(rows: number, logit: (i: number, j: number) => number, target: (i: number, j: number) => number) {
    const s3 = new Tensor([rows, 3]);
    const s4 = new Tensor([rows, 4]);
    const t3 = new Tensor([rows, 3]);
    const t4 = new Tensor([rows, 4]);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < 3; j++) {
        s3.data[i * 3 + j] = s4.data[i * 4 + j] = logit(i, j);
        t3.data[i * 3 + j] = t4.data[i * 4 + j] = target(i, j);
      }
      s4.data[i * 4 + 3] = Number.NEGATIVE_INFINITY;
    }
    return { s3, s4, t3, t4 };
  }
  const oneHot = (i: number, j: number) => (j === i % 3 ? 1 : 0);
  const soft = (i: number, j: number) => [0.2, 0.3, 0.5][(i + j) % 3];
  const cases: [string, (i: number, j: number) => number, (i: number, j: number) => number][] = [
    ["one-hot targets, logits of every size", (i, j) => Math.sin(i * 7 + j * 3) * 10 ** ((i % 7) - 3), oneHot],
    ["soft targets", (i, j) => Math.cos(i + j * 2) * 4, soft],
    ["ties for the largest logit (e⁰ = 1 twice), −0 and 0", (i, j) => [0, -0, 0, 2, 2, -1][(i + j) % 6], oneHot],
    [
      "a logit of −Infinity (a masked class) that is not the target",
      (i, j) => (j === (i + 1) % 3 ? Number.NEGATIVE_INFINITY : i * 0.1 - j),
      oneHot,
    ],
    ["huge logits (no overflow: shifted by the row's largest)", (i, j) => (j === 0 ? 1e300 : -1e300) * (i % 2 ? 1 : -1), oneHot],
  ];
  it.each(cases)("%s", (_, logit, target) => {
    const { s3, s4, t3, t4 } = batch(150, logit, target);
    for (const l of [loss, sum]) {
      const three = l.valueAndGrad!(s3, t3);
      const four = l.valueAndGrad!(s4, t4);
      expect(Object.is(three.value, four.value)).toBe(true);
      expect(Object.is(three.value, l.value(s3, t3))).toBe(true);
      for (let i = 0; i < 150; i++) {
        for (let j = 0; j < 3; j++) {
          const [a, b] = [three.grad.data[i * 3 + j], four.grad.data[i * 4 + j]];
          if (!Object.is(a, b)) expect([i, j, a]).toEqual([i, j, b]);
        }
      }
      expect(Array.from(l.grad(s3, t3).data)).toEqual(Array.from(three.grad.data));
    }
  });
  it("a NaN logit, a target outside [0, 1] or a row not summing to 1: the general pass's error (value() runs it)", () => {
    for (const [at, logit, target] of [
      [4, Number.NaN, 0],
      [7, 0.5, -0.5],
      [7, 0.5, 1.5],
      [9, 0.5, 0.25],
    ] as const) {
      const { s3, t3 } = batch(10, (i, j) => i - j, oneHot);
      s3.data[at] = logit;
      t3.data[at] = target;
      let message = "";
      try {
        loss.value(s3, t3);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^softmaxCrossEntropy: /);
      expect(() => loss.valueAndGrad!(s3, t3)).toThrow(message);
    }
  });
});
