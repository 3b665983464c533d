import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Activation,
  Tensor,
  activate,
  ad,
  activationByName,
  checkVarGradients,
  input,
  param,
  activations,
  leakyRelu,
  linearActivate,
  randomNormal,
  Rng,
  relu,
  sigmoid,
  softmax,
  softmaxBackward,
  softmaxJacobian,
  softmaxOp,
  softplus,
  tanh,
} from "../../../lib";
import { reluBackwardInto } from "../../../lib/nn/activations";

const z = Tensor.from([
  [-2.5, -0.7, 0.3],
  [1.1, 2.2, -0.05],
]);
// Every registered activation (a factory such as leakyRelu with its default and with another α), so a new entry of
// the registry is value-, NaN-, derivative- and gradient-checked without editing this list.
const elementwise: Activation[] = Object.values(activations).flatMap((a) => (typeof a === "function" ? [a(), a(0.1)] : [a]));

describe("activations: values", () => {
  it("sigmoid(0) = 0.5, σ'(0) = 0.25, and σ(z) = 1/(1 + e^−z)", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(activations.sigmoid.df(0)).toBe(0.25);
    for (const v of [-3, -0.5, 0.87, 4]) expect(sigmoid(v)).toBeCloseTo(1 / (1 + Math.exp(-v)), 15);
  });
  it("sigmoid is stable for large |z|: no NaN, exact limits", () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-745)).toBeGreaterThan(0);
    expect(Number.isNaN(activations.sigmoid.df(-1000))).toBe(false);
  });
  it("softplus is stable: softplus(1000) = 1000, softplus(−1000) = e^−1000 ≈ 0, softplus(0) = ln 2", () => {
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(activations.softplus.df(0.3)).toBe(sigmoid(0.3));
  });
  it("relu, leaky relu, step and sign at and around 0", () => {
    expect([relu(-2), relu(0), relu(3)]).toEqual([0, 0, 3]);
    expect(activations.relu.df(0)).toBe(0);
    expect(leakyRelu(0.1).f(-2)).toBeCloseTo(-0.2, 15);
    expect(leakyRelu().df(-1)).toBe(0.01);
    expect([activations.step.f(-1), activations.step.f(0), activations.step.f(2)]).toEqual([0, 1, 1]);
    expect([activations.sign.f(-3), activations.sign.f(0), activations.sign.f(2)]).toEqual([-1, 0, 1]);
  });
  it("tensor forms apply element-wise and keep the shape", () => {
    const t = tanh(z);
    expect(t.shape).toEqual([2, 3]);
    expect(t.get(1, 1)).toBe(Math.tanh(2.2));
    expect(relu(z).toArray()).toEqual([
      [0, 0, 0.3],
      [1.1, 2.2, 0],
    ]);
  });
  it("NaN goes through every activation as NaN, in f and in f' (step and sign included, as numpy and torch)", () => {
    for (const a of elementwise) {
      expect(a.f(Number.NaN), `${a.name}(NaN)`).toBeNaN();
      expect(a.df(Number.NaN), `${a.name}'(NaN)`).toBeNaN();
    }
    expect(relu(Number.NaN)).toBeNaN();
    expect(Array.from(relu(Tensor.from([1, Number.NaN, -1])).data)).toEqual([1, Number.NaN, 0]);
  });
  it("NaN in a layer's input gives NaN in activate's output and its gradient, not a silent 0", () => {
    for (const a of elementwise) {
      const x = param(Tensor.from([[Number.NaN, 0.5, -0.5]]));
      const y = activate(x, a);
      ad.sum(y).backward();
      expect(y.value.data[0], `${a.name} forward`).toBeNaN();
      expect(x.grad!.data[0], `${a.name} backward`).toBeNaN();
      expect(Number.isNaN(x.grad!.data[1]), `${a.name} backward elsewhere`).toBe(false);
    }
  });
  it("every activation has a name and LaTeX; unknown names are rejected with the known ones listed", () => {
    for (const a of elementwise) {
      expect(a.name.length).toBeGreaterThan(0);
      expect(a.latex).toMatch(/=/);
    }
    expect(activationByName("tanh")).toBe(activations.tanh);
    expect(() => activationByName("swish")).toThrow(/activation "swish" is unknown; known: identity, step, sign/);
    expect(() => leakyRelu(-1)).toThrow(/alpha must be a number >= 0/);
  });
  it("f' matches central differences of f for every activation, away from kinks", () => {
    for (const a of elementwise) {
      for (const v of [-2.3, -0.4, 0.6, 1.7]) {
        const numeric = (a.f(v + 1e-6) - a.f(v - 1e-6)) / 2e-6;
        expect(Math.abs(a.df(v) - numeric), `${a.name} at ${v}`).toBeLessThan(1e-8);
      }
    }
  });
});

describe("activate: the autograd op", () => {
  for (const a of elementwise) {
    it(`gradient check of activate(x, ${a.name})`, () => {
      expect(checkVarGradients((x) => activate(x, a), [z]).maxRelError).toBeLessThan(1e-7);
    });
  }
  it("names its node after the activation, so a graph reads like the slides", () => {
    expect(activate(input(z), "relu").op).toBe("relu");
  });
});

describe("relu on a tensor: Math.max(z, 0) for every kind of value, wherever it stands", () => {
  // the branch-free pass (z + |z|)·½ is wrong for −Infinity and for values above half the largest double; those and
  // NaN must fall back to the exact definition, at any position (the pass runs two values at a time, then a tail)
  const special = [
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NaN,
    Number.MAX_VALUE,
    Number.MAX_VALUE / 2 + 2 ** 970,
    -Number.MAX_VALUE,
    Number.MIN_VALUE,
    3 * Number.MIN_VALUE,
    -Number.MIN_VALUE,
    -0,
    0,
  ];
  const expectMaxOf = (values: number[]) => {
    const got = Array.from(relu(Tensor.from(values)).data);
    const want = values.map((v) => Math.max(v, 0));
    for (let i = 0; i < values.length; i++)
      if (!Object.is(got[i], want[i])) expect([i, values[i], got[i]]).toEqual([i, values[i], want[i]]);
  };
  for (const length of [1, 2, 5, 6, 2400]) {
    it(`${length} values, each special value first, in the middle and last (NaN stays NaN, −0 becomes 0)`, () => {
      for (const v of special) {
        for (const at of [0, length >> 1, length - 1]) {
          const values = Array.from({ length }, (_, i) => Math.sin(i * 1.7) * 3);
          values[at] = v;
          expectMaxOf(values);
        }
      }
    });
  }
  it("finite values of every sign and size, as an activation of a graph and as a function of a tensor", () => {
    const values = [...special.filter(Number.isFinite), 1.5, -2.25, 1e-310, -1e-310, 2 ** 1000, -(2 ** 1000)];
    expectMaxOf(values);
    expect(Array.from(activate(input(Tensor.from(values)), "relu").value.data)).toEqual(values.map((v) => Math.max(v, 0)));
  });
});

describe("linearActivate: a dense layer's f(X·W + b), the slides' two nodes", () => {
  const rng = new Rng(8);
  /** The fused layer and the composition it replaces, on the same weights; X with a NaN and an Infinity in it. */
  function both(act: string, m: number, k: number, n: number) {
    const X = randomNormal([m, k], rng);
    X.data[1] = Number.NaN;
    X.data[2 * k] = Number.POSITIVE_INFINITY;
    const W = randomNormal([k, n], rng);
    const b = randomNormal([1, n], rng);
    const R = randomNormal([m, n], rng); // weights of the outputs in the scalar, so every gradient entry differs
    const build = (fused: boolean) => {
      const [x, w, bv] = [param(X.clone(), "x"), param(W.clone(), "W"), param(b.clone(), "b")];
      const y = fused ? linearActivate(x, w, bv, act) : activate(ad.linear(x, w, bv), act);
      ad.sum(ad.mul(y, input(R))).backward();
      return { y, grads: [x, w, bv].map((p) => Array.from(p.grad!.data)) };
    };
    return { fused: build(true), plain: build(false) };
  }
  for (const act of ["relu", "tanh", "leakyRelu"]) {
    for (const [m, k, n] of [
      [6, 3, 4],
      [150, 4, 16],
      [150, 16, 3],
    ]) {
      it(`${act}, ${m}×${k}·${k}×${n}: the slides' graph (linear, then ${act}) with the same values and gradients, bit for bit`, () => {
        const { fused, plain } = both(act, m, k, n);
        expect(fused.y.op).toBe(act);
        expect(fused.y.inputs[0].op).toBe("linear");
        expect(fused.y.inputs[0].inputs.map((v) => v.label)).toEqual(["x", "W", "b"]);
        expect(Array.from(fused.y.value.data)).toEqual(Array.from(plain.y.value.data));
        expect(Array.from(fused.y.inputs[0].value.data)).toEqual(Array.from(plain.y.inputs[0].value.data));
        expect(fused.grads).toEqual(plain.grads);
        expect(Number.isNaN(fused.y.value.data[0])).toBe(true); // the NaN of X's first row, forward
        expect(fused.grads[1].some(Number.isNaN)).toBe(true); // and backward, into W's gradient
      });
    }
  }
  it("identity adds no node; softmax is a node of its own", () => {
    const x = input(Tensor.from([[1, 2]]));
    const [W, b] = [param(Tensor.from([[1], [1]])), param(Tensor.from([[0.5]]))];
    expect(linearActivate(x, W, b, "identity").op).toBe("linear");
    expect(linearActivate(x, W, b, "softmax").op).toBe("softmax");
  });
});

describe("softmax", () => {
  it("softmaxBackward refuses a gradient of another shape than the output, and a 3-D output", () => {
    const y = softmax(Tensor.from([[0.1, 0.9]]));
    expect(() => softmaxBackward(y, Tensor.from([[1, 2, 3]]))).toThrow(
      "softmaxBackward: the gradient 1×3 does not match the softmax output 1×2",
    );
    expect(() => softmaxBackward(y, Tensor.from([1, 2]))).toThrow(/the gradient 2 does not match the softmax output 1×2/);
    expect(() =>
      softmaxBackward(
        y,
        Tensor.from([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(/the gradient 2×2 does not match/);
    expect(() => softmaxBackward(new Tensor([1, 2, 2]), new Tensor([1, 2, 2]))).toThrow(/y must be a vector or a matrix/);
  });
  it("NaN in z or in the gradient gives NaN in its row only", () => {
    const y = softmax(
      Tensor.from([
        [Number.NaN, 1],
        [0, 1],
      ]),
    );
    expect(Array.from(y.data.subarray(0, 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(y.data.subarray(2)).some(Number.isNaN)).toBe(false);
    const g = softmaxBackward(
      softmax(
        Tensor.from([
          [0, 1],
          [0, 1],
        ]),
      ),
      Tensor.from([
        [Number.NaN, 0],
        [1, 0],
      ]),
    );
    expect(Array.from(g.data.subarray(0, 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(g.data.subarray(2)).some(Number.isNaN)).toBe(false);
  });
  it("of the slide's z, per row of a matrix, and of a vector", () => {
    const v = [0.6, 1.1, -1.5, 1.2, 3.2, -1.1];
    const expected = v.map((x) => Math.exp(x) / v.reduce((s, u) => s + Math.exp(u), 0));
    const s = softmax(Tensor.from(v));
    expect(s.shape).toEqual([6]);
    expected.forEach((e, i) => {
      expect(s.data[i]).toBeCloseTo(e, 14);
    });
    const m = softmax(Tensor.from([v, v.map((x) => -x)]));
    expect(m.shape).toEqual([2, 6]);
    expected.forEach((e, i) => {
      expect(m.get(0, i)).toBeCloseTo(e, 14);
    });
  });
  it("is numerically stable: softmax([1000, 1001, 1002]) = softmax([0, 1, 2]), no NaN", () => {
    const a = softmax(Tensor.from([1000, 1001, 1002]));
    const b = softmax(Tensor.from([0, 1, 2]));
    for (let i = 0; i < 3; i++) expect(a.data[i]).toBeCloseTo(b.data[i], 15);
    expect(softmax(Tensor.from([-1e308, 0])).data[1]).toBe(1);
  });
  it("rejects a 3-D tensor with the shape named", () => {
    expect(() => softmax(new Tensor([2, 2, 2]))).toThrow(/softmax: expects a vector or a matrix, got 2×2×2/);
  });
  it("property: every row sums to 1 and lies in [0, 1]", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 8 }), (v) => {
        const s = softmax(Tensor.from(v));
        const sum = s.data.reduce((a, b) => a + b, 0);
        return Math.abs(sum - 1) < 1e-12 && s.data.every((p) => p >= 0 && p <= 1);
      }),
    );
  });
  it("property: shift-invariant, softmax(z + c) = softmax(z)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (v, c) => {
          const a = softmax(Tensor.from(v));
          const b = softmax(Tensor.from(v.map((x) => x + c)));
          return a.data.every((p, i) => Math.abs(p - b.data[i]) < 1e-12);
        },
      ),
    );
  });
  it("Jacobian is diag(y) − y yᵀ and matches central differences of softmax", () => {
    const zv = [1, 2, 0.5];
    const y = softmax(Tensor.from(zv));
    const J = softmaxJacobian(y);
    expect(J.shape).toEqual([3, 3]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const plus = [...zv];
        const minus = [...zv];
        plus[j] += 1e-6;
        minus[j] -= 1e-6;
        const numeric = (softmax(Tensor.from(plus)).data[i] - softmax(Tensor.from(minus)).data[i]) / 2e-6;
        expect(J.get(i, j)).toBeCloseTo(numeric, 8);
        expect(J.get(i, j)).toBeCloseTo((i === j ? y.data[i] : 0) - y.data[i] * y.data[j], 15);
      }
    }
  });
  it("gradient check of softmaxOp per row: the full Jacobian-vector product, not the diagonal", () => {
    expect(checkVarGradients((x) => softmaxOp(x), [z]).maxRelError).toBeLessThan(1e-7);
  });
});

describe("relu's backward from its output (reluBackwardInto): g where y > 0, 0 where y = 0, NaN where y is NaN", () => {
  // the pass runs four values at a time, then a tail: every special value of y and of g at every position of a group
  const ys = [0, Number.MIN_VALUE, 1.5, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN];
  const gs = [-0, 0, -2.5, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  /** The definition, one value at a time: relu'(z) read from y = relu(z) (y > 0 exactly where z > 0). */
  const want = (y: number, g: number) => (y > 0 ? g : Number.isNaN(y) ? y : 0);
  // below 256 values the JavaScript pass, from 256 on the WebAssembly one (gemm-wasm.ts reluBackwardWasm): both sides
  for (const length of [1, 3, 4, 5, 7, 8, 9, 255, 256, 257, 2400]) {
    it(`${length} values: each y and g at the first, middle and last position, bit for bit`, () => {
      for (const yv of ys) {
        for (const gv of gs) {
          for (const at of [0, length >> 1, length - 1]) {
            const y = Float64Array.from({ length }, (_, i) => Math.max(Math.sin(i * 1.7) * 3, 0));
            const g = Float64Array.from({ length }, (_, i) => Math.cos(i * 0.9) - 0.25);
            y[at] = yv;
            g[at] = gv;
            const out = new Float64Array(length).fill(7);
            reluBackwardInto(y, g, out);
            for (let i = 0; i < length; i++)
              if (!Object.is(out[i], want(y[i], g[i])))
                expect([i, y[i], g[i], out[i]]).toEqual([i, y[i], g[i], want(y[i], g[i])]);
          }
        }
      }
    });
  }
  it("relu at exactly 0 passes no gradient, also a NaN or infinite one (as PyTorch's threshold_backward)", () => {
    const x = param(Tensor.from([[0, -0, -1, 2]]), "x");
    const y = activate(x, "relu");
    y.backward(Tensor.from([[Number.NaN, Number.POSITIVE_INFINITY, 5, -0]]));
    expect(Array.from(x.grad!.data).map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual([0, 0, 0, "-0"]);
  });
});
