export { fit, TrainingDivergedError, type FitOptions, type EarlyStopping } from "./fit";
export { evaluate, predictClasses, type Evaluation } from "./evaluate";
export type { History, EpochEntry, StopReason } from "./history";
export type { TrainingData, ThresholdOptions } from "./targets";
