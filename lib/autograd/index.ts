export * from "./var";
export * from "./graph";
export * as ad from "./ops";
