/**
 * dl4nlp: the neural-network library of the lecture "Deep Learning for NLP, chapter 2: Neural Networks".
 * The Node entry (tslab kernels, scripts): the numerical core, the figure builders, and what only Node runs (mathjs
 * converters, Graphviz drawings, the display for tslab). Bundlers targeting a browser get browser.ts instead (the
 * "browser" condition of package.json's exports). Loads fast: nothing here imports mathjs, Plotly, tslab or the tools
 * until a function needs them.
 */
import { registerProductThreads } from "./tensor/kernels/gemm-threads";
import { enableRelaxedSimd } from "./tensor/kernels/relaxed-simd";

export * from "./core";
export * from "./tensor/mathjs";
export * from "./plot";
export * from "./display";
export * from "./playground";

// Fused multiply-adds in the product kernels on Node 20 too (a V8 flag newer runtimes do not need)
enableRelaxedSimd();
// Large products on all cores (Node only: worker_threads; the browser entry keeps them on one thread)
registerProductThreads();
