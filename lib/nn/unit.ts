import { expectNumbers, wrongKind } from "../tensor/received";
import { Tensor, formatShape } from "../tensor/tensor";
import { type Activation, sigmoidActivation } from "./activations";

/**
 * The neural unit of the slides: z = w·x + b, y = f(z) (f = sigmoid unless given).
 * @example
 * neuralUnit([0.2, 0.3, 0.9], 0.5, [0.5, 0.6, 0.1]); // { z: 0.87, y: 0.704746 }
 */
export function neuralUnit(
  w: Tensor | readonly number[],
  b: number,
  x: Tensor | readonly number[],
  act: Activation = sigmoidActivation,
): { z: number; y: number } {
  const wv = w instanceof Tensor ? w.data : expectNumbers("neuralUnit", "w", w);
  const xv = x instanceof Tensor ? x.data : expectNumbers("neuralUnit", "x", x);
  if (typeof b !== "number") throw wrongKind("neuralUnit", "b", "a number", b);
  if (wv.length !== xv.length) {
    const ws = w instanceof Tensor ? formatShape(w.shape) : `${wv.length}`;
    const xs = x instanceof Tensor ? formatShape(x.shape) : `${xv.length}`;
    throw new RangeError(`neuralUnit: w (${ws}) and x (${xs}) have different lengths`);
  }
  let z = b;
  for (let i = 0; i < wv.length; i++) z += wv[i] * xv[i];
  return { z, y: act.f(z) };
}
