export * from "./kernel";
export * from "./nbformat";
export * from "./run";
