// every builder, through the namespace: one figure of each is what this file is for
import * as plot from "../../lib/plot";
import { relu, sigmoid, slidePerceptronTrace, slideW0, slideX, slideY, tanh, xorH, xorX } from "../lib/plot/helpers";

/** One figure of every builder, with lecture data: what a course notebook shows. */
export function everyFigure(): { name: string; figure: plot.Figure }[] {
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
    { name: "activations", figure: plot.activationFigure([sigmoid, tanh, relu]) },
    {
      name: "decision-boundary",
      figure: plot.decisionBoundaryFigure(xorX, [0, 1, 1, 1], (a, b) => (a + b > 0.5 ? 1 : 0), { title: "OR" }),
    },
    {
      name: "perceptron-animation",
      figure: plot.perceptronAnimation(slideX, slideY, slidePerceptronTrace(0.5), { w0: slideW0 }),
    },
    {
      name: "xor-spaces",
      figure: plot.xorSpacesFigure(xorX, xorH, [0, 1, 1, 0], { outputWeights: [0, 1, -2] }),
    },
    { name: "softmax", figure: plot.softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]) },
    {
      name: "loss-curves",
      figure: plot.lossCurves({ loss: [1, 0.6, 0.4, 0.3], valLoss: [1.1, 0.7, 0.5, 0.45], accuracy: [0.5, 0.7, 0.85, 0.9] }),
    },
    {
      name: "loss-landscape",
      figure: plot.lossLandscapeFigure(bowl, { paths: { "SGD η = 0.1": path(0.1), "SGD η = 0.2": path(0.2) } }),
    },
    {
      name: "learning-rates",
      figure: plot.learningRateComparison(
        [0.01, 0.1, 0.3].map((lr) => ({ lr, loss: Array.from({ length: 30 }, (_, k) => (1 - lr) ** k) })),
      ),
    },
    {
      name: "confusion-matrix",
      figure: plot.confusionMatrixFigure(
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
      figure: plot.networkDiagram([2, 2, 1], {
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
