import { describe, expect, it } from "vitest";
import {
  type Optimizer,
  type OptimizerName,
  Tensor,
  type Var,
  ad,
  adagrad,
  adam,
  l2Penalty,
  momentum,
  op,
  optimizers,
  param,
  rmsprop,
  sgd,
} from "../../../lib";

/** f(w) = ½ Σ aᵢ wᵢ², ∇f = a ⊙ w: a Var built on the autograd core. */
function quadratic(w: Var, a: number[]): Var {
  let v = 0;
  w.value.data.forEach((x, i) => {
    v += 0.5 * a[i] * x * x;
  });
  const grad = Float64Array.from(w.value.data, (x, i) => a[i] * x);
  return op("quadratic", Tensor.from(v), [w], (g) => [
    new Tensor(
      w.shape,
      grad.map((d) => d * g.data[0]),
    ),
  ]);
}

/** Runs `steps` optimizer steps on f(w) = ½ Σ aᵢ wᵢ² from w0 and returns w after each step. */
function trajectory(opt: Optimizer, w0: number[], a: number[], steps: number): number[][] {
  const w = param(Tensor.from(w0), "w");
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    quadratic(w, a).backward();
    opt.step([w]);
    out.push(Array.from(w.value.data));
  }
  return out;
}

const first = (t: number[][]) => t.map((w) => w[0]);

describe("hand-computed steps on f(w) = ½w² (g = w), w₀ = 1", () => {
  it("SGD, lr 0.1: w ← w − 0.1 g gives 0.9, 0.81, 0.729", () => {
    const t = first(trajectory(sgd({ lr: 0.1 }), [1], [1], 3));
    [0.9, 0.81, 0.729].forEach((v, i) => {
      expect(t[i]).toBeCloseTo(v, 14);
    });
  });
  it("momentum, lr 0.1, β 0.9: v = 1, 1.8, 2.34 gives w = 0.9, 0.72, 0.486", () => {
    const t = first(trajectory(momentum({ lr: 0.1, beta: 0.9 }), [1], [1], 3));
    [0.9, 0.72, 0.486].forEach((v, i) => {
      expect(t[i]).toBeCloseTo(v, 14);
    });
  });
  it("Nesterov, lr 0.1, β 0.9 (PyTorch's SGD nesterov=True): v = 1, 1.71 gives w = 0.81, 0.5751", () => {
    // step 1: g = 1, v = 1, w = 1 − 0.1·(1 + 0.9·1); step 2: g = 0.81, v = 0.9 + 0.81, w = 0.81 − 0.1·(0.81 + 0.9·1.71)
    const t = first(trajectory(momentum({ lr: 0.1, beta: 0.9, nesterov: true }), [1], [1], 2));
    expect(t[0]).toBeCloseTo(0.81, 14);
    expect(t[1]).toBeCloseTo(0.5751, 14);
  });
  it("Nesterov with weight decay adds λθ to g before both uses", () => {
    const w = param(Tensor.from([2]), "w");
    w.grad = Tensor.from([0]);
    momentum({ lr: 0.1, beta: 0.5, nesterov: true, weightDecay: 0.5 }).step([w]);
    // g = 0 + 0.5·2 = 1, v = 1, w = 2 − 0.1·(1 + 0.5·1)
    expect(w.value.data[0]).toBeCloseTo(1.85, 14);
  });
  it("momentum with β = 0 is SGD", () => {
    expect(trajectory(momentum({ lr: 0.1, beta: 0 }), [1, -2], [1, 3], 5)).toEqual(
      trajectory(sgd({ lr: 0.1 }), [1, -2], [1, 3], 5),
    );
  });
  it("AdaGrad, lr 0.1: G = 1 then 1.81; w = 0.9 then 0.9 − 0.09/√1.81", () => {
    const t = first(trajectory(adagrad({ lr: 0.1 }), [1], [1], 2));
    expect(t[0]).toBeCloseTo(0.9, 7);
    expect(t[1]).toBeCloseTo(0.9 - 0.09 / Math.sqrt(1.81), 7);
  });
  it("RMSProp, lr 0.1, ρ 0.9: s = 0.1, w = 1 − 0.1/√0.1 = 0.683772", () => {
    const t = first(trajectory(rmsprop({ lr: 0.1, rho: 0.9 }), [1], [1], 2));
    const w1 = 1 - 0.1 / Math.sqrt(0.1);
    expect(t[0]).toBeCloseTo(w1, 7);
    const s2 = 0.9 * 0.1 + 0.1 * w1 * w1;
    expect(t[1]).toBeCloseTo(w1 - (0.1 * w1) / Math.sqrt(s2), 7);
  });
  it("Adam, lr 0.1: m̂ = 0.947368, v̂ = 0.904952 at step 2, w = 0.9 then 0.800412", () => {
    const t = first(trajectory(adam({ lr: 0.1 }), [1], [1], 2));
    expect(t[0]).toBeCloseTo(0.9, 7);
    const mHat = (0.9 * 0.1 + 0.1 * 0.9) / (1 - 0.9 ** 2);
    const vHat = (0.999 * 0.001 + 0.001 * 0.81) / (1 - 0.999 ** 2);
    expect(mHat).toBeCloseTo(0.947368, 6);
    expect(vHat).toBeCloseTo(0.904952, 6);
    expect(t[1]).toBeCloseTo(0.9 - (0.1 * mHat) / Math.sqrt(vHat), 7);
    expect(t[1]).toBeCloseTo(0.800412, 6);
  });
});

describe("Adam's bias correction", () => {
  it("makes the first step lr long, whatever the gradient's scale (up to ε)", () => {
    for (const a of [1e-3, 1, 1e6]) {
      const [w1] = trajectory(adam({ lr: 0.01 }), [1], [a], 1);
      expect(1 - w1[0]).toBeCloseTo(0.01, 6);
    }
  });
  it("differs from the uncorrected update, which would step (1−β₁)/√(1−β₂) ≈ 3.16 times lr", () => {
    const [w1] = trajectory(adam({ lr: 0.01 }), [1], [1], 1);
    const uncorrected = 1 - (0.01 * 0.1) / Math.sqrt(0.001);
    expect(Math.abs(w1[0] - uncorrected)).toBeGreaterThan(0.02);
  });
});

describe("SGD without weight decay", () => {
  it("gives θ − η·g to the last bit, the same values as θ − η·(g + 0·θ), zeros of either sign included", () => {
    const values = [0, -0, 1.5, -2.25, 1e-300, -3e300, 0.1, 7];
    const theta = values.flatMap((t) => values.map(() => t));
    const g = values.flatMap(() => values);
    const w = param(Tensor.from(theta), "w");
    w.grad = Tensor.from(g);
    sgd({ lr: 0.3 }).step([w]);
    theta.forEach((t, i) => {
      expect(Object.is(w.value.data[i], t - 0.3 * (g[i] + 0 * t))).toBe(true);
      expect(Object.is(w.value.data[i], t - 0.3 * g[i])).toBe(true);
    });
  });
  it("leaves an infinite weight infinite under a finite gradient, as PyTorch's SGD does (no NaN from 0·∞)", () => {
    const w = param(Tensor.from([Number.POSITIVE_INFINITY, 1]), "w");
    w.grad = Tensor.from([0.5, 0.5]);
    sgd({ lr: 0.1 }).step([w]);
    expect(Array.from(w.value.data)).toEqual([Number.POSITIVE_INFINITY, 0.95]);
  });
});

describe("L2 regularisation (weightDecay λ)", () => {
  it("SGD with zero data gradient shrinks weights by (1 − ηλ)", () => {
    const w = param(Tensor.from([2, -4]), "w");
    w.grad = new Tensor([2]);
    sgd({ lr: 0.1, weightDecay: 0.5 }).step([w]);
    expect(Array.from(w.value.data)).toEqual([2 * 0.95, -4 * 0.95]);
  });
  it("adds λθ to the gradient: SGD on ½w² with λ = 1 equals SGD on w² (g = 2w)", () => {
    const a = trajectory(sgd({ lr: 0.1, weightDecay: 1 }), [1, 3], [1, 1], 4);
    const b = trajectory(sgd({ lr: 0.1 }), [1, 3], [2, 2], 4);
    a.forEach((w, i) => {
      expect(w[0]).toBeCloseTo(b[i][0], 14);
      expect(w[1]).toBeCloseTo(b[i][1], 14);
    });
  });
  it("pulls Adam's solution towards zero", () => {
    // f(w) = ½(w − 2)² has its minimum at 2; with λ = 1 the minimum of f + ½λw² is at 1
    const w = param(Tensor.from([0]), "w");
    const opt = adam({ lr: 0.05, weightDecay: 1 });
    for (let s = 0; s < 2000; s++) {
      w.grad = Tensor.from([w.value.data[0] - 2]);
      opt.step([w]);
    }
    expect(w.value.data[0]).toBeCloseTo(1, 2);
  });
});

describe("every optimizer minimises an ill-conditioned quadratic ½(w₁² + 10 w₂²)", () => {
  // a learning rate and a step budget for every registered optimizer: a new one fails here until it has its row
  const settings: Record<OptimizerName, { lr: number; steps: number }> = {
    sgd: { lr: 0.15, steps: 300 },
    momentum: { lr: 0.02, steps: 500 },
    adagrad: { lr: 0.5, steps: 500 },
    rmsprop: { lr: 0.01, steps: 1000 },
    adam: { lr: 0.05, steps: 1000 },
  };
  it("has a row for every registered optimizer", () => {
    expect(Object.keys(settings).sort()).toEqual(Object.keys(optimizers).sort());
  });
  const cases: [string, () => Optimizer, number][] = [
    ...Object.entries(settings).map(([name, { lr, steps }]): [string, () => Optimizer, number] => [
      name,
      () => optimizers[name as OptimizerName]({ lr }),
      steps,
    ]),
    ["momentum, Nesterov", () => momentum({ lr: 0.02, beta: 0.9, nesterov: true }), 500],
  ];
  for (const [name, make, steps] of cases) {
    it(`${name} brings f from 5.5 below 1e-3`, () => {
      const t = trajectory(make(), [1, 1], [1, 10], steps);
      const [w1, w2] = t[t.length - 1];
      expect(0.5 * (w1 * w1 + 10 * w2 * w2)).toBeLessThan(1e-3);
    });
  }
});

describe("optimizer bookkeeping", () => {
  it("skips a parameter that backward did not reach (grad null)", () => {
    const w = param(Tensor.from([1]), "w");
    sgd({ lr: 0.1 }).step([w]);
    expect(w.value.data[0]).toBe(1);
  });
  it("keeps separate state per parameter", () => {
    const opt = momentum({ lr: 0.1, beta: 0.9 });
    const a = param(Tensor.from([1]));
    const b = param(Tensor.from([1]));
    a.grad = Tensor.from([1]);
    b.grad = Tensor.from([-1]);
    opt.step([a, b]);
    opt.step([a, b]);
    expect(a.value.data[0]).toBeCloseTo(1 - 0.1 - 0.19, 14);
    expect(b.value.data[0]).toBeCloseTo(1 + 0.1 + 0.19, 14);
  });
  it("names itself for legends", () => {
    expect(
      [sgd({ lr: 1 }), momentum({ lr: 1 }), adagrad({ lr: 1 }), rmsprop({ lr: 1 }), adam({ lr: 1 })].map((o) => o.name),
    ).toEqual(["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"]);
    expect(momentum({ lr: 1, nesterov: true }).name).toBe("Nesterov");
  });
});

describe("invalid hyperparameters are rejected with a RangeError naming them", () => {
  it("negative or NaN learning rate", () => {
    expect(() => sgd({ lr: -0.1 })).toThrow(RangeError);
    expect(() => sgd({ lr: -0.1 })).toThrow(/sgd: learning rate lr must be a finite number >= 0, got -0.1/);
    expect(() => adam({ lr: Number.NaN })).toThrow(/adam: learning rate lr must be a finite number >= 0, got NaN/);
    const opt = momentum({ lr: 0.1 });
    expect(() => {
      opt.lr = Number.POSITIVE_INFINITY;
    }).toThrow(/momentum: learning rate lr must be a finite number >= 0, got Infinity/);
  });
  it("β outside [0, 1)", () => {
    expect(() => momentum({ lr: 0.1, beta: 1 })).toThrow(/momentum: beta must lie in \[0, 1\), got 1/);
    expect(() => adam({ lr: 0.1, beta1: -0.1 })).toThrow(/adam: beta1 must lie in \[0, 1\), got -0.1/);
    expect(() => adam({ lr: 0.1, beta2: 1.5 })).toThrow(/adam: beta2 must lie in \[0, 1\), got 1.5/);
    expect(() => rmsprop({ lr: 0.1, rho: Number.NaN })).toThrow(/rmsprop: rho must lie in \[0, 1\), got NaN/);
  });
  it("negative weight decay and non-positive ε", () => {
    expect(() => sgd({ lr: 0.1, weightDecay: -1 })).toThrow(/sgd: weightDecay must be a finite number >= 0, got -1/);
    expect(() => adagrad({ lr: 0.1, eps: 0 })).toThrow(/adagrad: eps must be a finite number > 0, got 0/);
  });
});

describe("l2Penalty: the λΩ term as a graph node", () => {
  it("is λ·½‖θ‖² with gradient λθ", () => {
    const w = param(Tensor.from([3, 4]), "w");
    const b = param(Tensor.from([[1]]), "b");
    const J = l2Penalty([w, b], 0.1);
    expect(J.value.item()).toBeCloseTo(0.1 * 0.5 * 26, 15);
    J.backward();
    expect(Array.from(w.grad!.data)).toEqual([0.1 * 3, 0.1 * 4]);
    expect(Array.from(b.grad!.data)).toEqual([0.1]);
  });
  it("SGD on L + λΩ takes the same steps as SGD with weightDecay λ", () => {
    const a = param(Tensor.from([1, -2]), "a");
    const b = param(Tensor.from([1, -2]), "b");
    const withTerm = sgd({ lr: 0.1 });
    const withDecay = sgd({ lr: 0.1, weightDecay: 0.3 });
    for (let s = 0; s < 5; s++) {
      ad.add(quadratic(a, [1, 4]), l2Penalty([a], 0.3)).backward();
      withTerm.step([a]);
      quadratic(b, [1, 4]).backward();
      withDecay.step([b]);
    }
    expect(a.value.data[0]).toBeCloseTo(b.value.data[0], 14);
    expect(a.value.data[1]).toBeCloseTo(b.value.data[1], 14);
  });
});
