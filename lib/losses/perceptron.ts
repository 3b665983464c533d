import { type Loss, type LossFactory, type LossOptions, lossFactory, checkSigns, termLoss } from "./loss";

// Each loss is one termLoss declaration, formula beside derivative; the shape these share with each other and with
// hinge.ts is the design (see termLoss), not a copy.

/**
 * The perceptron loss of the slides, max(0, −y s) for a score s = w·x and y = ±1; gradient −y where y s <= 0
 * (the slides update on y w·x <= 0, so a score of 0 counts), else 0.
 * @example
 * perceptronLoss({ reduction: "sum" }).value(Tensor.from([[-1]]), Tensor.from([[1]])); // 1
 */
export const perceptronLoss: LossFactory<LossOptions> = lossFactory((options: LossOptions): Loss => {
  const name = "perceptronLoss";
  return termLoss({
    name,
    latex: "L_p = \\max(0, -y\\,\\mathbf{w}^T\\mathbf{x})",
    kind: "elementwise",
    options,
    validate: (_p, t, _yhat, y) => checkSigns(name, "y", t, y.shape),
    term: (s, t) => Math.max(0, -t * s),
    dterm: (s, t) => (t * s <= 0 ? -t : 0),
  });
});

/**
 * The 0/1 loss: 1 where sign(s) ≠ y (y = ±1; a score of 0 is an error), else 0; its mean is the error rate.
 * Its gradient is 0 wherever it exists, which is why the perceptron trains on the perceptron loss instead.
 * @example
 * zeroOneLoss().value(Tensor.from([[2], [-1]]), Tensor.from([[1], [1]])); // 0.5
 */
export const zeroOneLoss: LossFactory<LossOptions> = lossFactory((options: LossOptions): Loss => {
  const name = "zeroOneLoss";
  return termLoss({
    name,
    latex: "L_{0/1}(\\hat{y}, y) = \\begin{cases} 0 & \\hat{y} = y \\\\ 1 & \\hat{y} \\neq y \\end{cases}",
    kind: "elementwise",
    options,
    validate: (_p, t, _yhat, y) => checkSigns(name, "y", t, y.shape),
    term: (s, t) => (Math.sign(s) === t ? 0 : 1),
    dterm: () => 0,
  });
});
