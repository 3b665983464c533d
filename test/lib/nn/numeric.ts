import { type Var, param } from "../../../lib/autograd/var";
import { Tensor } from "../../../lib/tensor/tensor";

/**
 * Largest relative error between autograd and central differences (h = 1e-6) of sum(build(...) ⊙ seed) over
 * every input, with a fixed pseudo-random seed so a wrong Jacobian (not just a wrong diagonal) is caught.
 */
export function maxGradError(build: (...vars: Var[]) => Var, inputs: Tensor[], h = 1e-6): number {
  const vars = inputs.map((t, i) => param(t.clone(), `x${i}`));
  const out = build(...vars);
  const seed = new Tensor(
    out.value.shape,
    Float64Array.from(out.value.data, (_, i) => 0.3 + ((i * 7919) % 13) / 10),
  );
  out.backward(seed);
  const f = (ts: Tensor[]): number => {
    const o = build(...ts.map((t, i) => param(t, `x${i}`))).value;
    let s = 0;
    for (let i = 0; i < o.size; i++) s += o.data[i] * seed.data[i];
    return s;
  };
  let worst = 0;
  inputs.forEach((t, k) => {
    const analytic = vars[k].grad as Tensor;
    for (let i = 0; i < t.size; i++) {
      const plus = inputs.map((u) => u.clone());
      const minus = inputs.map((u) => u.clone());
      plus[k].data[i] += h;
      minus[k].data[i] -= h;
      const numeric = (f(plus) - f(minus)) / (2 * h);
      const err = Math.abs(numeric - analytic.data[i]) / Math.max(1, Math.abs(numeric), Math.abs(analytic.data[i]));
      worst = Math.max(worst, err);
    }
  });
  return worst;
}
