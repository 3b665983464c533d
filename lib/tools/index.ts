export * from "./kernel";
