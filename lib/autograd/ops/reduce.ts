import { broadcastTo } from "../../tensor/broadcast";
import { scale as tscale } from "../../tensor/elementwise";
import * as R from "../../tensor/reduce";
import { Tensor } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/**
 * Σ of all values (a scalar Var), or per column (axis 0 → 1×n) or per row (axis 1 → m×1).
 * The backward repeats the gradient over what was summed.
 */
export function sum(a: Operand, axis?: 0 | 1): Var {
  const x = asVar(a, "ad.sum", "a");
  const value = axis === undefined ? Tensor.from(R.sum(x.value)) : R.sum(x.value, axis);
  return op("sum", value, [x], (g) => [broadcastTo(g, x.shape)]);
}

/** The mean of all values, or per column (axis 0) or per row (axis 1); the backward is the gradient over n. */
export function mean(a: Operand, axis?: 0 | 1): Var {
  const x = asVar(a, "ad.mean", "a");
  const value = axis === undefined ? Tensor.from(R.mean(x.value)) : R.mean(x.value, axis);
  const n = x.value.size / value.size;
  return op("mean", value, [x], (g) => [tscale(broadcastTo(g, x.shape), 1 / n)]);
}
