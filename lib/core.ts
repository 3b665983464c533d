/**
 * The numerical core of dl4nlp: tensors, autograd, layers, losses, optimizers, fit, data sets and gradient checks.
 * Runs unchanged in Node and in a browser: nothing reachable from here imports a Node built-in, mathjs, Graphviz,
 * Plotly or tslab (test/playground/browser-build.test.ts bundles it for the browser with esbuild and checks).
 */
export * from "./tensor";
export * from "./autograd";
export * from "./nn";
export * from "./losses";
export * from "./optim";
export * from "./train";
export * from "./data";
export * from "./check";
