import { type TensorLoss, type LossFactory, type LossOptions, lossFactory, termLoss } from "./loss";

/**
 * Mean absolute error MAE = Σ |y_i − ŷ_i| / n; gradient sign(ŷ − y) / n (0 where ŷ = y).
 * @example
 * mae().value(Tensor.from([[1], [3]]), Tensor.from([[0], [1]])); // 1.5
 */
export const mae: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  return termLoss({
    name: "mae",
    latex: "\\mathrm{MAE} = \\frac{1}{n}\\sum_{i=1}^{n} |y_i - \\hat{y}_i|",
    kind: "elementwise",
    options,
    term: (p, t) => Math.abs(p - t),
    dterm: (p, t) => Math.sign(p - t),
  });
});

/**
 * Mean squared error MSE = Σ (y_i − ŷ_i)² / n; gradient 2 (ŷ − y) / n.
 * @example
 * mse().value(Tensor.from([[1], [3]]), Tensor.from([[0], [1]])); // 2.5
 */
export const mse: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  return termLoss({
    name: "mse",
    latex: "\\mathrm{MSE} = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat{y}_i)^2",
    kind: "elementwise",
    options,
    term: (p, t) => (p - t) * (p - t),
    dterm: (p, t) => 2 * (p - t),
  });
});
