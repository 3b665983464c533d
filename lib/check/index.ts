export * from "./gradcheck";
export * from "./slides";
