export * from "./gradcheck";
export * from "./slides";
export * from "./selfcheck";
export { type Check, check } from "./assert";
