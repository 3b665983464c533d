import { Var, op } from "../autograd/var";
import { Tensor } from "../tensor/tensor";
import { checkNonNegative } from "./optimizer";
import { received } from "../tensor/received";

/**
 * The L2 regularisation term λΩ(θ) = λ · ½ Σ θ² over the given parameters, as a scalar Var: ∂/∂θ = λθ.
 * λ is `weightDecay`, the name the optimizers and `backpropSlides` use too (and PyTorch).
 * Add it to the loss (`ad.add(L, l2Penalty(net.parameters(), 0.01))`) to see the regularised objective
 * J = L + λΩ; an optimizer's `weightDecay: λ` takes the same gradient step without building this node.
 * @example
 * l2Penalty([param(Tensor.from([3, 4]))], 0.1).value.item(); // 0.1 · ½ · 25 = 1.25
 */
export function l2Penalty(params: readonly Var[], weightDecay: number): Var {
  const lambda = checkNonNegative("l2Penalty", "weightDecay", weightDecay);
  if (!Array.isArray(params) || !params.every((p) => p instanceof Var))
    throw new TypeError(`l2Penalty: params must be an array of Vars (model.parameters()), got ${received(params)}`);
  let s = 0;
  for (const p of params) for (let i = 0; i < p.value.size; i++) s += p.value.data[i] * p.value.data[i];
  return op("l2", Tensor.from(0.5 * lambda * s), params, (g) => {
    const k = lambda * g.data[0];
    return params.map(
      (p) =>
        new Tensor(
          p.value.shape,
          Float64Array.from(p.value.data, (v) => k * v),
        ),
    );
  });
}
