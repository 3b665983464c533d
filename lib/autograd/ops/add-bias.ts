import { add as tadd } from "../../tensor/elementwise";
import { sum as tsum } from "../../tensor/reduce";
import { formatShape } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/**
 * X + b with the bias row b (1×n or n) added to every row of X (m×n): a dense layer's X·W + b.
 * ∂L/∂X = G, ∂L/∂b = Σ over rows of G (the column sums).
 */
export function addBias(x: Operand, b: Operand): Var {
  const xv = asVar(x, "ad.addBias", "x");
  const bv = asVar(b, "ad.addBias", "b");
  const n = xv.value.rank === 2 ? xv.value.shape[1] : -1;
  if (n < 0 || bv.value.size !== n || (bv.value.rank === 2 && bv.value.shape[0] !== 1) || bv.value.rank > 2) {
    throw new RangeError(
      `addBias: X (${formatShape(xv.shape)}) + b (${formatShape(bv.shape)}): b must be a 1×${n < 0 ? "n" : n} row for an m×n X`,
    );
  }
  const brow = bv.value.rank === 2 ? bv.value : bv.value.reshape([1, n]);
  return op("addBias", tadd(xv.value, brow), [xv, bv], (g) => [g, bv.needsGrad ? tsum(g, 0).reshape(bv.shape) : null]);
}
