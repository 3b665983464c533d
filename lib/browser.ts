/**
 * dl4nlp in a browser: what a bundler (esbuild, Vite, webpack with the "browser" condition) gets for
 * `import ... from "dl4nlp"`. The numerical core, the pure Plotly figure builders, and the Playground panel.
 * Node-only parts are left out: the mathjs converters, Graphviz drawings (computationGraph) and the tslab display;
 */
export * from "./core";
export * from "./plot/activations";
export * from "./plot/confusionMatrix";
export { type Classifier2D, type DecisionBoundaryOptions, decisionBoundaryFigure } from "./plot/decisionBoundary";
export * from "./plot/learningRates";
export * from "./plot/lossCurves";
export * from "./plot/lossLandscape";
export * from "./plot/network";
export { type PerceptronAnimationOptions, type PerceptronStepLike, perceptronAnimation } from "./plot/perceptron";
export * from "./plot/softmax";
export { baseLayout, colorOf, courseStyle } from "./plot/style";
export type { Axis, Datum, Figure, Frame, Layout, MatrixLike, Trace, VectorLike } from "./plot/types";
export * from "./plot/xorSpaces";
