// `dl4nlp/tools`: run, grade and export notebooks from Node; the `dl4nlp` command (cli) is built on the same functions.
export { cli } from "./cli";
export * from "./grade";
export * from "./html";
export * from "./kernel";
export * from "./nbformat";
export * from "./render";
export * from "./run";
export * from "./slides";
