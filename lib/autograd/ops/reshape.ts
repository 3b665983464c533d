import { formatShape } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";
import { count } from "../../tensor/plural";

/** The same values in a new shape with as many values; the backward reshapes the gradient back. */
export function reshape(a: Operand, shape: readonly number[]): Var {
  const x = asVar(a, "ad.reshape", "a");
  const size = shape.reduce((p, d) => p * d, 1);
  if (size !== x.value.size) {
    throw new RangeError(
      `reshape: ${formatShape(x.shape)} has ${count(x.value.size, "value")}, shape ${formatShape(shape)} needs ${size}`,
    );
  }
  return op("reshape", x.value.reshape(shape), [x], (g) => [g.reshape(x.shape)]);
}
