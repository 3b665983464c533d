/**
 * dl4nlp: the neural-network library of the lecture "Deep Learning for NLP, chapter 2: Neural Networks".
 * One re-export line per concept folder. Loads fast: nothing here imports mathjs, Plotly, tslab or the tools.
 */
export * from "./tensor";
export * from "./autograd";
export * from "./nn";
export * from "./losses";
export * from "./optim";
export * from "./train";
export * from "./data";
export * from "./check";
export * from "./plot";
export * from "./display";
