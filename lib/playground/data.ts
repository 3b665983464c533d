import { blobs, circles, moons, spirals } from "../data/generators";
import { iris } from "../data/iris";
import { logicTable } from "../data/logic";
import { standardize } from "../data/preprocess";
import { trainTestSplit } from "../data/split";
import type { Rng } from "../tensor/rng";
import { Tensor } from "../tensor/tensor";
import type { PlaygroundSettings } from "./settings";

/** The slides' perceptron example: (1, 3) and (5, 4) positive, (6, 3) and (3, 1) negative. */
export const PERCEPTRON_POINTS = {
  X: [
    [1, 3],
    [5, 4],
    [6, 3],
    [3, 1],
  ],
  y: [1, 1, 0, 0],
};

/** A panel's data: the training and test parts (class labels 0..k−1), and the names of the two inputs. */
export interface PlaygroundData {
  xTrain: Tensor;
  yTrain: number[];
  xTest: Tensor | null;
  yTest: number[] | null;
  features: [string, string];
}

/**
 * The data of the settings, drawn from `rng` exactly in the order "copy as code" writes (generator, then the
 * stratified split), so a cell with the copied code gets the same points.
 */
export function makeData(s: PlaygroundSettings, rng: Rng): PlaygroundData {
  let X: Tensor;
  let y: number[];
  let features: [string, string] = ["x1", "x2"];
  switch (s.data) {
    case "circles":
      ({ X, y } = circles(s.points, rng, { noise: s.noise }));
      break;
    case "moons":
      ({ X, y } = moons(s.points, rng, { noise: s.noise }));
      break;
    case "spirals":
      ({ X, y } = spirals(s.points, rng, { noise: s.noise }));
      break;
    case "blobs":
      ({ X, y } = blobs(s.points, rng, { centers: BLOB_CENTERS, std: blobStd(s.noise) }));
      break;
    case "and":
    case "or":
    case "xor":
      ({ X, y } = logicTable(s.data));
      break;
    case "perceptron":
      X = Tensor.from(PERCEPTRON_POINTS.X);
      y = [...PERCEPTRON_POINTS.y];
      break;
    case "iris": {
      const full = iris();
      const [a, b] = s.irisFeatures;
      X = Tensor.from(full.y.map((_, i) => [full.X.get(i, a), full.X.get(i, b)]));
      if (s.standardize) X = standardize(X).X;
      y = full.y;
      features = [full.featureNames[a], full.featureNames[b]];
      break;
    }
  }
  if (s.testFraction > 0) {
    const split = trainTestSplit(X, y, { testFraction: s.testFraction, rng: rng, stratify: true });
    return { xTrain: split.xTrain, yTrain: split.yTrain, xTest: split.xTest, yTest: split.yTest, features };
  }
  return { xTrain: X, yTrain: y, xTest: null, yTest: null, features };
}

/** Centres of the two blobs. */
export const BLOB_CENTERS = [
  [-1, -1],
  [1, 1],
];

/** The blobs' standard deviation for a noise setting: 0.1 → 0.5. */
export function blobStd(noise: number): number {
  return 5 * noise;
}
