export { type Optimizer, type OptimizerOptions, type ParamState, GradientOptimizer } from "./optimizer";
export { SGD, sgd } from "./sgd";
export { Momentum, momentum, type MomentumOptions, type MomentumState } from "./momentum";
export { AdaGrad, adagrad, type AdaGradOptions, type AdaGradState } from "./adagrad";
export { RMSProp, rmsprop, type RMSPropOptions, type RMSPropState } from "./rmsprop";
export { Adam, adam, type AdamOptions, type AdamState } from "./adam";
export { type Schedule, constant, stepDecay, exponentialDecay, cosine } from "./schedules";
export { l2Penalty } from "./l2";
export { optimizers, type OptimizerName } from "./registry";
