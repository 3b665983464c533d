export { type Optimizer, type OptimizerOptions, GradientOptimizer } from "./optimizer";
export { SGD, sgd } from "./sgd";
export { Momentum, momentum, type MomentumOptions } from "./momentum";
export { AdaGrad, adagrad, type AdaGradOptions } from "./adagrad";
export { RMSProp, rmsprop, type RMSPropOptions } from "./rmsprop";
export { Adam, adam, type AdamOptions } from "./adam";
export { type Schedule, constant, stepDecay, exponentialDecay, cosine } from "./schedules";
export { l2Penalty } from "./l2";
export { naiveRandomSearch, type NaiveSearchOptions, type NaiveSearchResult } from "./naive";
