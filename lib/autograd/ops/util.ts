import { Tensor } from "../../tensor/tensor";
import { Var, input } from "../var";

/** An operand of an ad op: a Var, or a Tensor or number taken as a constant (an input node). */
export type Operand = Var | Tensor | number;

/** The operand as a Var: constants become input nodes (no gradient). */
export function asVar(x: Operand): Var {
  if (x instanceof Var) return x;
  return input(typeof x === "number" ? Tensor.from(x) : x);
}
