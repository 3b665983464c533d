export type { Dataset } from "./dataset";
export { iris, type IrisDataset } from "./iris";
export { logicTable, type LogicFunction } from "./logic";
export { augment, standardize, oneHot, type Standardizer } from "./preprocess";
export { blobs, moons, circles, spirals } from "./generators";
export { trainTestSplit, type Split } from "./split";
export type { Targets } from "./labels";
export { accuracy, confusionMatrix } from "./metrics";
