export type { Loss, LossFactory, LossOptions } from "./loss";
export { logScale } from "./loss";
export * from "./regression";
export * from "./cross-entropy";
export * from "./hinge";
export * from "./perceptron";
export * from "./loss-op";
export { losses, type RegisteredLoss, type PredictionKind, type TargetKind } from "./registry";
