export * from "./gradcheck";
export * from "./slides";
export * from "./selfcheck";
