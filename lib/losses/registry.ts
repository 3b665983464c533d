import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  categoricalCrossEntropy,
  crossEntropyWithNegatives,
  klDivergence,
  softmaxCrossEntropy,
} from "./cross-entropy";
import { hinge, multiclassHinge } from "./hinge";
import type { LossFactory } from "./loss";
import { perceptronLoss, zeroOneLoss } from "./perceptron";
import { mae, mse } from "./regression";

/** What ŷ a loss takes: any real scores (logits, regression outputs), probabilities in (0, 1), or one distribution per row. */
export type PredictionKind = "scores" | "probabilities" | "distributions";
/** What y a loss takes: real values, 0/1 (or probabilities), ±1 signs, one-hot rows, or one distribution per row. */
export type TargetKind = "values" | "binary" | "signs" | "oneHot" | "distributions";

/** A registered loss with the kinds of ŷ and y it is defined on. */
export interface RegisteredLoss {
  readonly loss: LossFactory;
  readonly prediction: PredictionKind;
  readonly target: TargetKind;
}

/**
 * Every loss of the library by name, with the inputs it is defined on: the one list the tests walk (gradient check,
 * valueAndGrad, lossOp, non-negativity), so a loss added here is checked without editing the tests.
 */
export const losses = {
  // a table: one row per loss (its rows share their shape on purpose)
  mae: { loss: mae, prediction: "scores", target: "values" },
  mse: { loss: mse, prediction: "scores", target: "values" },
  binaryCrossEntropy: { loss: binaryCrossEntropy, prediction: "probabilities", target: "binary" },
  binaryCrossEntropyWithLogits: { loss: binaryCrossEntropyWithLogits, prediction: "scores", target: "binary" },
  categoricalCrossEntropy: { loss: categoricalCrossEntropy, prediction: "distributions", target: "distributions" },
  softmaxCrossEntropy: { loss: softmaxCrossEntropy, prediction: "scores", target: "distributions" },
  crossEntropyWithNegatives: { loss: crossEntropyWithNegatives, prediction: "probabilities", target: "oneHot" },
  klDivergence: { loss: klDivergence, prediction: "distributions", target: "distributions" },
  hinge: { loss: hinge, prediction: "scores", target: "signs" },
  multiclassHinge: { loss: multiclassHinge, prediction: "scores", target: "oneHot" },
  perceptronLoss: { loss: perceptronLoss, prediction: "scores", target: "signs" },
  zeroOneLoss: { loss: zeroOneLoss, prediction: "scores", target: "signs" },
} as const satisfies Record<string, RegisteredLoss>;
