import { input } from "../autograd/var";
import type { Loss } from "../losses/loss";
import type { Model } from "../nn/model";
import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import {
  type PreparedData,
  type ThresholdOptions,
  type TrainingData,
  classesOf,
  countCorrect,
  outputWidth,
  prepareData,
} from "./targets";
import { checkInputWidth, expectModel } from "../nn/model";

/** Loss and accuracy of a model on a data set. */
export interface Evaluation {
  /** L(ŷ, y) over the whole data set, when a loss was given. */
  loss?: number;
  /** Fraction of correct classes, when y holds classes (number[], one-hot rows, or one column of 0/1 or ±1). */
  accuracy?: number;
}

export function evaluatePrepared(
  model: Model,
  data: PreparedData,
  loss: Loss | undefined,
  threshold: ThresholdOptions,
): Evaluation {
  const out = model.forward(input(data.x)).value;
  const r: Evaluation = {};
  if (loss) r.loss = loss.value(out, data.targets);
  if (data.labels && data.classification) {
    r.accuracy = countCorrect(out, data.labels, null, threshold) / data.x.rows;
  }
  return r;
}

/**
 * Loss and accuracy of the model on {x, y} in one forward pass (no training, no shuffling).
 * @example
 * evaluate(net, { x: xTest, y: yTest }, { loss: softmaxCrossEntropy() }); // { loss: 0.08, accuracy: 0.978 }
 */
export function evaluate(model: Model, data: TrainingData, options: { loss?: Loss } & ThresholdOptions = {}): Evaluation {
  const prepared = prepareData("evaluate", data, outputWidth(model, data, "evaluate"));
  const negative = options.negative ?? (prepared.labels?.includes(-1) ? -1 : 0);
  return evaluatePrepared(model, prepared, options.loss, { threshold: options.threshold, negative });
}

/**
 * The predicted class of each row of X: argmax of the outputs, or for a single output 1 when ≥ threshold
 * (0.5 by default) else the negative class (0, or -1 if asked).
 * @example
 * predictClasses(net, xTest); // [2, 0, 1, ...]
 */
export function predictClasses(model: Model, X: DataMatrix, options: ThresholdOptions = {}): number[] {
  const x = asMatrix("predictClasses", "X", X);
  checkInputWidth("predictClasses", "X", expectModel("predictClasses", model), x);
  return classesOf(model.forward(input(x)).value, options);
}
