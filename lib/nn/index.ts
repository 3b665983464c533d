export type { Model } from "./model";
export * from "./activations";
export * from "./softmax";
export * from "./activate";
export * from "./unit";
export * from "./perceptron";
export * from "./backprop-slides";
