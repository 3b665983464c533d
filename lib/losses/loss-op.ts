import { type Var, asVar, op } from "../autograd/var";
import { Tensor } from "../tensor/tensor";
import { type Loss, type LossInput, lossTensor } from "./loss";
import { received } from "../tensor/received";

/**
 * The loss as an autograd op for training: a scalar Var L(pred, y); backward ∂L/∂pred = loss.grad(pred, y) · seed.
 * y is a Tensor, or rows of numbers (number[][]) or a vector (number[]).
 * @example
 * const L = lossOp(model.forward(input(X)), Y, softmaxCrossEntropy());
 * L.backward();
 */
export function lossOp(pred: Var, targets: LossInput, loss: Loss): Var {
  if (!loss || typeof loss.value !== "function" || typeof loss.grad !== "function")
    throw new TypeError(`lossOp: loss must be a Loss (mse(), softmaxCrossEntropy(), ...), got ${received(loss)}`);
  pred = asVar("lossOp", pred);
  const y = lossTensor(loss.name, "y", targets); // y as number[][] too
  // one pass for value and gradient when the loss offers it (the gradient is what training needs next)
  const both = loss.valueAndGrad?.(pred.value, y);
  const value = both ? both.value : loss.value(pred.value, y);
  return op(`loss:${loss.name}`, Tensor.from(value), [pred], (g) => {
    const grad = both ? both.grad : loss.grad(pred.value, y);
    const s = g.data[0];
    if (s === 1) return [grad];
    const out = new Float64Array(grad.size);
    for (let i = 0; i < out.length; i++) out[i] = grad.data[i] * s;
    return [new Tensor(grad.shape, out)];
  });
}
