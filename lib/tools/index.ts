export * from "./kernel";
export * from "./nbformat";
export * from "./run";
export { cli } from "./cli";
