import { Tensor } from "../tensor/tensor";
import {
  type Loss,
  type LossFactory,
  type LossOptions,
  lossFactory,
  checkPair,
  checkSigns,
  oneHotIndices,
  reductionOf,
  termLoss,
} from "./loss";

// Each loss is one termLoss declaration, formula beside derivative; the shape the margin losses here and in
// perceptron.ts share is the design (see termLoss), not a copy.

/**
 * Binary hinge loss max(0, 1 − y s) for a score s and a label y = ±1; gradient −y where 1 − y s > 0, else 0.
 * @example
 * hinge().value(Tensor.from([[0.3]]), Tensor.from([[1]])); // 0.7
 */
export const hinge: LossFactory<LossOptions> = lossFactory((options: LossOptions): Loss => {
  const name = "hinge";
  return termLoss({
    name,
    latex: "L = \\max(0, 1 - y\\,s)",
    kind: "elementwise",
    options,
    validate: (_p, t, _yhat, y) => checkSigns(name, "y", t, y.shape),
    term: (s, t) => Math.max(0, 1 - t * s),
    dterm: (s, t) => (1 - t * s > 0 ? -t : 0),
  });
});

/**
 * Multi-class hinge loss of the slide, per sample Σ_{j≠c} max(0, s_j − s_c + 1) with c the true class (y one-hot),
 * averaged over samples. Gradient +1 for each violating j, −(number of violations) at c.
 * @example
 * multiclassHinge().value(Tensor.from([[3.2, 5.1, -1.7]]), Tensor.from([[1, 0, 0]])); // 2.9
 */
export const multiclassHinge: LossFactory<LossOptions> = lossFactory((options: LossOptions): Loss => {
  const name = "multiclassHinge";
  const reduction = reductionOf(name, options);
  const compute = (yhat: Tensor, y: Tensor, withGrad: boolean): { value: number; grad: Float64Array } => {
    const [s, t] = checkPair(name, yhat, y);
    const classes = oneHotIndices(name, t, y.shape);
    const [rows, cols] = s.shape;
    const grad = new Float64Array(withGrad ? s.size : 0);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const c = classes[r];
      for (let j = 0; j < cols; j++) {
        if (j === c) continue;
        const margin = s.data[o + j] - s.data[o + c] + 1;
        if (margin > 0) {
          total += margin;
          if (withGrad) {
            grad[o + j] += 1;
            grad[o + c] -= 1;
          }
        }
      }
    }
    const divisor = reduction === "sum" ? 1 : rows;
    for (let i = 0; i < grad.length; i++) grad[i] /= divisor;
    return { value: total / divisor, grad };
  };
  return {
    name,
    latex: "L = \\sum_{j \\neq y_i} \\max(0, s_j - s_{y_i} + 1)",
    value: (yhat, y) => compute(yhat, y, false).value,
    grad: (yhat, y) => new Tensor(yhat.shape, compute(yhat, y, true).grad),
  };
});
