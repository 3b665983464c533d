import {
  activationFigure,
  confusionMatrixFigure,
  decisionBoundaryFigure,
  type Figure,
  learningRateComparison,
  lossCurves,
  lossLandscapeFigure,
  networkDiagram,
  perceptronAnimation,
  softmaxBars,
  xorSpacesFigure,
} from "../../lib/plot";
import { slidePerceptronTrace, slideW0, slideX, slideY } from "../lib/plot/helpers";

const sigmoid = {
  name: "sigmoid",
  f: (z: number) => 1 / (1 + Math.exp(-z)),
  df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
};
const tanh = { name: "tanh", f: Math.tanh, df: (z: number) => 1 - Math.tanh(z) ** 2 };
const relu = { name: "relu", f: (z: number) => Math.max(0, z), df: (z: number) => (z > 0 ? 1 : 0) };
const xorX = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/** One figure of every builder, with lecture data: what a course notebook shows. */
export function everyFigure(): { name: string; figure: Figure }[] {
  const bowl = (a: number, b: number) => 0.5 * a * a + 4 * b * b;
  const path = (lr: number) => {
    const pts = [[3, 1]];
    for (let k = 0; k < 20; k++) {
      const [a, b] = pts[pts.length - 1];
      pts.push([a - lr * a, b - lr * 8 * b]);
    }
    return pts;
  };
  return [
    { name: "activations", figure: activationFigure([sigmoid, tanh, relu]) },
    {
      name: "decision-boundary",
      figure: decisionBoundaryFigure(xorX, [0, 1, 1, 1], (a, b) => (a + b > 0.5 ? 1 : 0), { title: "OR" }),
    },
    { name: "perceptron-animation", figure: perceptronAnimation(slideX, slideY, slidePerceptronTrace(0.5), { w0: slideW0 }) },
    {
      name: "xor-spaces",
      figure: xorSpacesFigure(
        xorX,
        [
          [0, 0],
          [1, 0],
          [1, 0],
          [2, 1],
        ],
        [0, 1, 1, 0],
        { outputWeights: [0, 1, -2] },
      ),
    },
    { name: "softmax", figure: softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]) },
    {
      name: "loss-curves",
      figure: lossCurves({ loss: [1, 0.6, 0.4, 0.3], valLoss: [1.1, 0.7, 0.5, 0.45], accuracy: [0.5, 0.7, 0.85, 0.9] }),
    },
    {
      name: "loss-landscape",
      figure: lossLandscapeFigure(bowl, { paths: { "SGD η = 0.1": path(0.1), "SGD η = 0.2": path(0.2) } }),
    },
    {
      name: "learning-rates",
      figure: learningRateComparison(
        [0.01, 0.1, 0.3].map((lr) => ({ lr, loss: Array.from({ length: 30 }, (_, k) => (1 - lr) ** k) })),
      ),
    },
    {
      name: "confusion-matrix",
      figure: confusionMatrixFigure(
        [
          [10, 0, 0],
          [0, 9, 1],
          [0, 2, 8],
        ],
        ["setosa", "versicolor", "virginica"],
      ),
    },
    {
      name: "network",
      figure: networkDiagram([2, 2, 1], {
        weights: [
          [
            [1, 1],
            [1, 1],
          ],
          [[1], [-2]],
        ],
      }),
    },
  ];
}
