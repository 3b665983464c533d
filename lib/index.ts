/**
 * dl4nlp: the neural-network library of the lecture "Deep Learning for NLP, chapter 2: Neural Networks".
 * One re-export line per concept. Loads fast: nothing here imports mathjs, Plotly or the tools.
 */
export * from "./tensor/tensor";
export * from "./tensor/rng";
export * from "./autograd/var";
