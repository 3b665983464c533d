export { add, sub, mul, div, neg, scale } from "./arithmetic";
export { matmul, transpose } from "./matmul";
export { addBias } from "./add-bias";
export { linear } from "./linear";
export { sum, mean } from "./reduce";
export { exp, log, pow, square, map } from "./pointwise";
export { reshape } from "./reshape";
export { graphOf } from "../graph";
export type { Operand } from "./util";
