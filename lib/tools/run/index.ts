export { executeNotebook, kernelNameOf, zmqKernelFactory } from "./execute";
export { injectParameters, type ParameterValue, parametersCode, parseParameter } from "./parameters";
export { expandPaths, type RunOptions, runNotebooks } from "./run-notebooks";
export type * from "./types";
export { jsonReport, type JsonReport } from "./report-json";
export { junitReport } from "./report-junit";
export { summaryTable } from "./progress";
