import { describe, expect, it } from "vitest";
import { Tensor, Var, ad, graphOf, input, mul, op, param, topologicalOrder } from "../../../lib";

describe("Var.backward", () => {
  it("micrograd's README example: values and gradients", () => {
    // a = -4, b = 2; the expression of micrograd's README, checked against its published output (copied line for
    // line, so its two near-identical relu blocks stay as micrograd wrote them)
    const a = param(Tensor.from(-4), "a");
    const b = param(Tensor.from(2), "b");
    let c = ad.add(a, b);
    let d = ad.add(ad.mul(a, b), ad.pow(b, 3));
    c = ad.add(c, ad.add(c, 1));
    c = ad.add(c, ad.add(ad.add(1, c), ad.neg(a)));
    d = ad.add(
      d,
      ad.add(
        ad.scale(d, 2),
        ad.map(
          ad.add(b, a),
          (v) => Math.max(0, v),
          (v) => (v > 0 ? 1 : 0),
          "relu",
        ),
      ),
    );
    d = ad.add(
      d,
      ad.add(
        ad.scale(d, 3),
        ad.map(
          ad.sub(b, a),
          (v) => Math.max(0, v),
          (v) => (v > 0 ? 1 : 0),
          "relu",
        ),
      ),
    );
    const e = ad.sub(c, d);
    const f = ad.pow(e, 2);
    let g = ad.scale(f, 0.5);
    g = ad.add(g, ad.div(10, f));
    g.backward();
    expect(g.value.item()).toBeCloseTo(24.7041, 4);
    expect(a.grad?.item()).toBeCloseTo(138.8338, 4);
    expect(b.grad?.item()).toBeCloseTo(645.5773, 4);
  });
  it("a node used twice gets the sum of both gradients, and the shared gradient is not mutated", () => {
    const x = param(Tensor.from([3]), "x");
    const y = ad.mul(x, x); // x²
    y.backward();
    expect(x.grad?.toArray()).toEqual([6]);
    const z = ad.add(x, x);
    z.backward();
    expect(x.grad?.toArray()).toEqual([2]);
  });
  it("backward twice gives the same gradients (they are reset, not accumulated across calls)", () => {
    const w = param(Tensor.from([[1, 2]]), "w");
    const loss = ad.sum(ad.square(w));
    loss.backward();
    loss.backward();
    expect(w.grad?.toArray()).toEqual([[2, 4]]);
  });
  it("data inputs get no gradient, params do", () => {
    const x = input(Tensor.from([[1, 2]]), "x");
    const W = param(Tensor.from([[1], [1]]), "W");
    ad.sum(ad.matmul(x, W)).backward();
    expect(x.grad).toBeNull();
    expect(W.grad?.toArray()).toEqual([[1], [2]]);
    expect(x.needsGrad).toBe(false);
  });
  it("needs a scalar or a seed of the output's shape", () => {
    const W = param(Tensor.from([[1, 2]]));
    const y = ad.scale(W, 2);
    expect(() => y.backward()).toThrow("backward: output has shape 1×2; give a seed gradient or reduce to a scalar first");
    expect(() => y.backward(Tensor.from([1, 1]))).toThrow("backward: seed of shape 2 for an output of shape 1×2");
    y.backward(Tensor.from([[1, 10]]));
    expect(W.grad?.toArray()).toEqual([[2, 20]]);
  });
  it("a custom op whose backward returns a wrong shape is named in the error", () => {
    const x = param(Tensor.from([1, 2]));
    const bad = op("bad", Tensor.from(3), [x], () => [Tensor.from([1, 2, 3])]);
    expect(() => bad.backward()).toThrow("backward of bad: gradient of shape 3 for an input of shape 2");
  });
  it("handles a deep chain without overflowing the stack", () => {
    const x = param(Tensor.from(1));
    let y = x;
    for (let i = 0; i < 20000; i++) y = ad.scale(y, 1);
    y.backward();
    expect(x.grad?.item()).toBe(1);
  });
});

describe("backward on leaves that get no gradient (a student's weight made with new Var)", () => {
  it('a weight made with new Var(t, "w") alone: backward names the leaf and param(value, "w") instead of leaving grad null', () => {
    const w = new Var(Tensor.from([2]), "w");
    expect(() => ad.sum(ad.mul(w, w)).backward()).toThrow(
      'backward: the leaf (w, 1) was made with new Var(value, "w"), which wants no gradient (its grad would stay null; ' +
        'the second argument of new Var is an op name, not a label); make it with param(value, "w") for a weight, or ' +
        'input(value, "w") for data',
    );
    expect(w.grad).toBeNull();
  });
  it("a bias made with new Var beside a param weight: named, though the graph has a param", () => {
    const W = param(Tensor.from([[1, 2]]), "W");
    const b = new Var(Tensor.from([[0.5]]), "b");
    const x = input(Tensor.from([[1], [1]]), "x");
    expect(() => ad.sum(ad.add(ad.matmul(W, x), b)).backward()).toThrow(/^backward: the leaf \(b, 1×1\) was made with new Var/);
  });
  it('new Var(t, "param") without requiresGrad: named with its label', () => {
    const W = new Var(Tensor.from([[1]]), "param", [], null, "W");
    expect(() => ad.sum(ad.mul(W, W)).backward()).toThrow(
      'backward: the leaf "W" (param, 1×1) was made with new Var(value, "param", …) without requiresGrad, so it wants ' +
        'no gradient (its grad would stay null); make it with param(value, "W") for a weight',
    );
  });
  it("a graph of data alone (inputs and constants): backward names its leaves and param(...), as PyTorch refuses", () => {
    const x = input(Tensor.from([1, 2]), "x");
    const y = ad.sum(ad.mul(ad.add(x, 1), x));
    expect(() => y.backward()).toThrow(
      'backward: no leaf of this graph needs a gradient, so no grad would be set (its leaves: "x" (input, 2), ' +
        '(input, scalar)); make weights with param(value, "w") (backward sets their grad) and data with input(value, "x") ' +
        "(no gradient)",
    );
    expect(x.grad).toBeNull();
  });
  it("a graph of many data leaves lists five and the count", () => {
    let y = ad.mul(input(Tensor.from(1), "a"), 2);
    for (let i = 0; i < 7; i++) y = ad.add(y, input(Tensor.from(i)));
    expect(() => y.backward()).toThrow(/its leaves: "a" \(input, scalar\), .*, … \(9 in all\)\)/);
  });
  it("a Var made by hand as a param (requiresGrad true) still gets its gradient", () => {
    const w = new Var(Tensor.from([3]), "param", [], null, "w", true);
    ad.sum(ad.mul(w, w)).backward();
    expect(w.grad?.toArray()).toEqual([6]);
  });
});

describe("backward on a loss computed with Tensor functions (no graph)", () => {
  it("mul(w.value, w.value).backward(): a TypeError saying a Tensor has no graph and how to build one", () => {
    const w = param(Tensor.from([1, 2]), "w");
    const squares = mul(w.value, w.value);
    expect(() => squares.backward()).toThrow(
      /^backward: this is a Tensor of shape 2, values without a graph, so it has no gradients to compute; build the loss from Vars with ad ops/,
    );
    expect(w.grad).toBeNull();
    expect(() => Tensor.from([[1, 2]]).backward()).toThrow(/^backward: this is a Tensor of shape 1×2/);
  });
});

describe("graphOf", () => {
  it("lists nodes in topological order with stable ids, labels, ops, shapes, values and grads", () => {
    const x = input(Tensor.from([[1, 2]]), "x");
    const W = param(Tensor.from([[0.5], [-1]]), "W");
    const b = param(Tensor.from([[0.25]]), "b");
    const z = ad.addBias(ad.matmul(x, W), b);
    const loss = ad.sum(ad.square(z));
    loss.backward();
    const g = graphOf(loss);
    expect(g.nodes.map((n) => n.op)).toEqual(["input", "param", "matmul", "param", "addBias", "square", "sum"]);
    expect(g.nodes.map((n) => n.id)).toEqual(["n0", "n1", "n2", "n3", "n4", "n5", "n6"]);
    expect(g.nodes[1]).toMatchObject({ label: "W", shape: [2, 1] });
    expect(g.nodes[4].value.item()).toBe(-1.25);
    expect(g.nodes[1].grad?.toArray()).toEqual([[-2.5], [-5]]);
    expect(g.edges).toEqual([
      { from: "n0", to: "n2" },
      { from: "n1", to: "n2" },
      { from: "n2", to: "n4" },
      { from: "n3", to: "n4" },
      { from: "n4", to: "n5" },
      { from: "n5", to: "n6" },
    ]);
    expect(graphOf(loss).nodes.map((n) => n.id)).toEqual(g.nodes.map((n) => n.id));
    expect(topologicalOrder(loss).at(-1)).toBe(loss);
  });
});
