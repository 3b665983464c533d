import { wrongKind } from "../../tensor/received";
import { Tensor } from "../../tensor/tensor";
import { Var, input } from "../var";

/** An operand of an ad op: a Var, or a Tensor or number taken as a constant (an input node). */
export type Operand = Var | Tensor | number;

/**
 * The operand as a Var: constants become input nodes (no gradient). Anything else is a TypeError naming the op the
 * user called (`fn`, e.g. "ad.add") and the argument (`what`).
 */
export function asVar(x: Operand, fn: string, what: string): Var {
  if (x instanceof Var) return x;
  if (typeof x === "number") return input(Tensor.from(x));
  if (x instanceof Tensor) return input(x);
  throw wrongKind(fn, what, "a Var, a Tensor or a number", x);
}
