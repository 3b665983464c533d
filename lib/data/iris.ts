import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
import { IRIS_FEATURES, IRIS_LABELS } from "./iris-data";

/** The Iris data set with its names and source. */
export interface IrisDataset extends Dataset {
  /** 150×4: sepal length, sepal width, petal length, petal width, in cm. */
  X: Tensor;
  /** 0 setosa, 1 versicolor, 2 virginica; 50 rows each, in that order. */
  y: number[];
  classNames: string[];
  featureNames: string[];
  /** Where the numbers come from, and which version (see iris-data.ts). */
  source: string;
}

/**
 * Iris (Fisher 1936), shipped inside the package: nothing is downloaded. A fresh copy on every call.
 * @example
 * const { X, y, classNames } = iris(); // X 150×4, y [0, 0, ..., 2], classNames[y[0]] = "setosa"
 */
export function iris(): IrisDataset {
  const X = new Tensor([150, 4]);
  IRIS_FEATURES.forEach((row, i) => {
    X.data.set(row, i * 4);
  });
  return {
    X,
    y: [...IRIS_LABELS],
    classNames: ["setosa", "versicolor", "virginica"],
    featureNames: ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
    source:
      "R. A. Fisher (1936), The use of multiple measurements in taxonomic problems; UCI Machine Learning Repository. " +
      "Corrected version as in scikit-learn: rows 35 and 38 follow Fisher's paper, not UCI's iris.data.",
  };
}
