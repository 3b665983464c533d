export { fit, TrainingDivergedError, type FitOptions, type EarlyStopping } from "./fit";
export { evaluate, predictClasses, type Evaluation } from "./evaluate";
// EpochEntry is exported as FitEpochEntry: display/ exports a structurally compatible EpochEntry for liveChart
export type { History, EpochEntry as FitEpochEntry, StopReason } from "./history";
export type { TrainingData, ThresholdOptions } from "./targets";
export { naiveRandomSearch, type NaiveSearchOptions, type NaiveSearchResult } from "./naive";
