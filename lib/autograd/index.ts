export * from "./var";
