export * from "./tensor";
export * from "./rng";
