import { describe, expect, it } from "vitest";
import { type Model, Rng, Tensor, Var, ad, fit as fitModel, input, mse, param, sgd } from "../../../lib";
// fit aliased: the linter takes a bare fit(...) call for Jasmine's focused test

// A student's own model whose parameters would never be trained: a weight made with new Var or input(...) (no
// gradient wanted), or a param the forward pass does not use. fit names the parameter before training instead of
// returning a history in which that weight never moved.
const x = Tensor.from([[1], [2], [3]]);
const y = Tensor.from([[2], [4], [6]]);
const opts = () => ({ epochs: 2, batchSize: 3, optimizer: sgd({ lr: 0.01 }), loss: mse(), rng: new Rng(0) });
const linear = (w: Var, b: Var, use: { b: boolean } = { b: true }): Model => ({
  forward: (v) => (use.b ? ad.add(ad.matmul(v, w), b) : ad.matmul(v, w)),
  parameters: () => [w, b],
});

describe("fit with a model whose parameters would never change", () => {
  it('a weight made with new Var(t, "w"): named as parameter 0, with param(value, "w")', () => {
    const model = linear(new Var(Tensor.from([[0.5]]), "w"), param(Tensor.from([[0]]), "b"));
    expect(() => fitModel(model, { x, y }, opts())).toThrow(
      "fit: parameter 0 of the model (parameters()[0]) is a Var (w, 1×1), which wants no gradient, so training would " +
        'never change it; make each weight with param(value, "w")',
    );
  });
  it("a bias made with input(...): named as parameter 1", () => {
    const model = linear(param(Tensor.from([[0.5]]), "w"), input(Tensor.from([[0]]), "b"));
    expect(() => fitModel(model, { x, y }, opts())).toThrow(
      /^fit: parameter 1 of the model \(parameters\(\)\[1\]\) is a Var "b" \(input, 1×1\), which wants no gradient/,
    );
  });
  it("parameters() listing a Tensor instead of a Var: named", () => {
    const model = { forward: (v: Var) => v, parameters: () => [Tensor.from([[1]]) as unknown as Var] };
    expect(() => fitModel(model, { x, y }, opts())).toThrow(
      /^fit: parameter 0 of the model \(parameters\(\)\[0\]\) is not a Var: a Tensor/,
    );
  });
  it("a param the forward does not use: named after the first backward, no parameter changed", () => {
    const w = param(Tensor.from([[0.5]]), "w");
    const b = param(Tensor.from([[0.25]]), "b");
    expect(() => fitModel(linear(w, b, { b: false }), { x, y }, opts())).toThrow(
      'fit: parameter 1 of the model, a Var "b" (param, 1×1), got no gradient from the loss: the model\'s forward does ' +
        "not use it (or uses its .value, a Tensor outside the graph), so training would never change it; use it " +
        "through ad ops in forward(x), or leave it out of parameters()",
    );
    expect([w.value.item(), b.value.item()]).toEqual([0.5, 0.25]);
  });
  it("the same model using every parameter trains both", () => {
    const w = param(Tensor.from([[0.5]]), "w");
    const b = param(Tensor.from([[0.25]]), "b");
    fitModel(linear(w, b), { x, y }, opts());
    expect(w.value.item()).not.toBe(0.5);
    expect(b.value.item()).not.toBe(0.25);
  });
});
