import { describe, expect, it } from "vitest";
import {
  type Loss,
  MLP,
  type Model,
  type Optimizer,
  Rng,
  Tensor,
  TrainingDivergedError,
  type Var,
  adam,
  fit as fitModel, // aliased: the linter takes a bare fit(...) call for Jasmine's focused test
  iris,
  mlp,
  mse,
  mul,
  optimizers,
  SGD,
  sgd,
  softmaxCrossEntropy,
  standardize,
  sub,
} from "../../../lib";

// "../../../lib" is the package's build (lib/package.json): the step buffers fit uses are the build's too
const { activeStepBuffers } =
  require("../../../lib/dist/tensor/kernels/scratch") as typeof import("../../../lib/tensor/kernels/scratch");

// fit reuses the arrays of one step's forward, loss and backward in the next step when the model and the loss are the
// library's own (lib/tensor/kernels/scratch.ts). Whatever a user can hold must never change under them: a parameter's
// gradient, an activation their own model keeps, a ŷ their own loss keeps, an optimizer's state.

const { X: rawX, y } = iris();
const X = standardize(rawX).X;

function net(seed: number, activations: string[] = ["relu", "identity"]): MLP {
  return mlp([4, 8, 3], { activations, init: "he", rng: new Rng(seed) });
}

/** The same network behind a model of the user's own (its forward is not the library's): fit reuses nothing for it. */
function wrapped(inner: MLP): Model {
  return { forward: (x) => inner.forward(x), parameters: () => inner.parameters() };
}

/** A tensor and a copy of its values when it was kept. */
function kept(t: Tensor): { t: Tensor; values: number[] } {
  return { t, values: Array.from(t.data) };
}
function unchanged(list: { t: Tensor; values: number[] }[]): void {
  expect(list.length).toBeGreaterThan(1);
  for (const k of list) expect(Array.from(k.t.data)).toEqual(k.values);
}

describe("fit with reused step arrays gives the same training as without, bit for bit", () => {
  const cases = [
    { what: "full batch, relu, SGD", batchSize: 150, shuffle: true, act: ["relu", "identity"], opt: () => sgd({ lr: 0.1 }) },
    {
      what: "shuffled mini-batches of 32 (the last one 22 rows), tanh, Adam",
      batchSize: 32,
      shuffle: true,
      act: ["tanh", "identity"],
      opt: () => adam({ lr: 0.01 }),
    },
    {
      what: "unshuffled mini-batches of 40 (views of the data), sigmoid, SGD",
      batchSize: 40,
      shuffle: false,
      act: ["sigmoid", "identity"],
      opt: () => sgd({ lr: 0.3 }),
    },
    {
      what: "a softmax output layer, mini-batches of 50",
      batchSize: 50,
      shuffle: true,
      act: ["relu", "softmax"],
      opt: () => adam({ lr: 0.01 }),
    },
  ];
  it.each(cases)("$what", ({ batchSize, shuffle, act, opt }) => {
    const a = net(1, act);
    const b = net(1, act);
    const loss = act[1] === "softmax" ? mse() : softmaxCrossEntropy();
    const options = { epochs: 6, batchSize, shuffle, loss, metrics: ["accuracy" as const] };
    const ha = fitModel(a, { x: X, y }, { ...options, optimizer: opt(), rng: new Rng(5) });
    const hb = fitModel(wrapped(b), { x: X, y }, { ...options, optimizer: opt(), rng: new Rng(5) });
    expect(ha.loss).toEqual(hb.loss);
    expect(ha.accuracy).toEqual(hb.accuracy);
    expect(a.parameters().map((p) => Array.from(p.value.data))).toEqual(b.parameters().map((p) => Array.from(p.value.data)));
    expect(a.parameters().map((p) => Array.from(p.grad!.data))).toEqual(b.parameters().map((p) => Array.from(p.grad!.data)));
  });
});

describe("every registered optimizer trains the same with its weights' gradients in reused arrays", () => {
  // the library's optimizers keep nothing of a gradient beyond their step, so fit hands every step but an epoch's
  // last the gradient arrays of the step before; the wrapped model turns all reuse off
  it.each(Object.entries(optimizers))("%s, shuffled mini-batches of 16 (the last one 6 rows), weight decay", (_n, make) => {
    const a = net(7);
    const b = net(7);
    const options = { epochs: 3, batchSize: 16, loss: softmaxCrossEntropy() };
    const ha = fitModel(a, { x: X, y }, { ...options, optimizer: make({ lr: 0.01, weightDecay: 0.01 }), rng: new Rng(3) });
    const hb = fitModel(
      wrapped(b),
      { x: X, y },
      { ...options, optimizer: make({ lr: 0.01, weightDecay: 0.01 }), rng: new Rng(3) },
    );
    expect(ha.loss).toEqual(hb.loss);
    expect(a.parameters().map((p) => Array.from(p.value.data))).toEqual(b.parameters().map((p) => Array.from(p.value.data)));
  });
});

describe("what a user holds from an earlier step of fit does not change under them", () => {
  it("the gradients a subclass of SGD, or an SGD whose update or step was replaced, keeps from every step", () => {
    type Update = (theta: Float64Array, g: Float64Array, state: unknown) => void;
    const seen: { t: Tensor; values: number[] }[] = [];
    const keep = (g: Float64Array) => seen.push(kept(new Tensor([g.length], g)));
    class KeepingSGD extends SGD {
      protected override update(theta: Float64Array, g: Float64Array): void {
        keep(g);
        super.update(theta, g);
      }
    }
    const replacedUpdate = sgd({ lr: 0.1 });
    const update = (replacedUpdate as unknown as { update: Update }).update.bind(replacedUpdate);
    (replacedUpdate as unknown as { update: Update }).update = (theta, g, state) => {
      keep(g);
      update(theta, g, state);
    };
    const replacedStep = sgd({ lr: 0.1 });
    const step = replacedStep.step.bind(replacedStep);
    replacedStep.step = (params) => {
      for (const p of params) keep(p.grad!.data);
      step(params);
    };
    for (const optimizer of [new KeepingSGD({ lr: 0.1 }), replacedUpdate, replacedStep]) {
      seen.length = 0;
      fitModel(net(8), { x: X, y }, { epochs: 2, batchSize: 32, rng: new Rng(4), optimizer, loss: softmaxCrossEntropy() });
      expect(seen).toHaveLength(2 * 5 * 4); // 2 epochs of 5 steps, 4 parameters
      unchanged(seen);
    }
  });

  it("the parameters' gradients an onEpoch callback keeps (full batch and mini-batches)", () => {
    for (const batchSize of [150, 32]) {
      const model = net(2);
      const grads: { t: Tensor; values: number[] }[] = [];
      const objects = new Set<Tensor>();
      fitModel(
        model,
        { x: X, y },
        {
          epochs: 5,
          batchSize,
          rng: new Rng(1),
          optimizer: sgd({ lr: 0.1 }),
          loss: softmaxCrossEntropy(),
          onEpoch: () => {
            for (const p of model.parameters()) {
              grads.push(kept(p.grad!));
              objects.add(p.grad!);
            }
          },
        },
      );
      unchanged(grads);
      expect(objects.size).toBe(grads.length); // a new gradient tensor every step, not one refilled
    }
  });

  it("the activations a model of the user's own keeps (a wrapper, a subclass of MLP, a layer with its own forward)", () => {
    const activations: { t: Tensor; values: number[] }[] = [];
    const keep = (v: Var) => {
      activations.push(kept(v.value));
      return v;
    };
    class KeepingMLP extends MLP {
      override forward(x: Parameters<MLP["forward"]>[0]): Var {
        return keep(super.forward(x));
      }
    }
    const inner = net(3);
    const withOwnLayer = net(3);
    const layer = withOwnLayer.layers[0];
    const original = layer.forward.bind(layer);
    layer.forward = (x) => keep(original(x));
    const models: Model[] = [
      { forward: (x) => keep(inner.forward(x)), parameters: () => inner.parameters() },
      new KeepingMLP(net(3).layers),
      withOwnLayer,
    ];
    for (const model of models) {
      activations.length = 0;
      fitModel(model, { x: X, y }, { epochs: 4, batchSize: 150, optimizer: sgd({ lr: 0.1 }), loss: softmaxCrossEntropy() });
      expect(activations.length).toBeGreaterThanOrEqual(4); // and one probe of the output width
      unchanged(activations);
    }
  });

  it("activations kept by a layer whose forward a schedule or an onEpoch callback replaces after the first epoch (full batch)", () => {
    // fit asks whether it may reuse arrays once when no user code runs between epochs; a schedule and an onEpoch
    // callback are user code, so it asks again after each
    for (const hook of ["schedule", "onEpoch"] as const) {
      const model = net(4);
      const layer = model.layers[0];
      const original = layer.forward.bind(layer);
      const activations: { t: Tensor; values: number[] }[] = [];
      const swap = (epoch: number) => {
        if (epoch === 2)
          layer.forward = (x) => {
            const v = original(x);
            activations.push(kept(v.value));
            return v;
          };
      };
      fitModel(
        model,
        { x: X, y },
        {
          epochs: 6,
          batchSize: 150,
          optimizer: sgd({ lr: 0.1 }),
          loss: softmaxCrossEntropy(),
          ...(hook === "schedule"
            ? {
                schedule: Object.assign(
                  (t: number) => {
                    swap(t);
                    return 0.1;
                  },
                  { description: "0.1, replacing a layer's forward at epoch 2" },
                ),
              }
            : { onEpoch: (entry: { epoch: number }) => swap(entry.epoch) }),
        },
      );
      expect(activations.length).toBeGreaterThanOrEqual(3);
      unchanged(activations);
    }
  });

  it("the predictions a loss of the user's own keeps, and a library loss whose method the user replaced", () => {
    const ce = softmaxCrossEntropy();
    const seen: { t: Tensor; values: number[] }[] = [];
    const own: Loss = {
      name: "keepingCE",
      latex: "",
      value: (yhat, t) => {
        seen.push(kept(yhat as Tensor));
        return ce.value(yhat, t);
      },
      grad: (yhat, t) => ce.grad(yhat, t),
    };
    const patched = softmaxCrossEntropy();
    const valueAndGrad = patched.valueAndGrad!;
    patched.valueAndGrad = (yhat, t) => {
      seen.push(kept(yhat as Tensor));
      return valueAndGrad(yhat, t);
    };
    for (const loss of [own, patched]) {
      seen.length = 0;
      fitModel(net(4), { x: X, y }, { epochs: 4, batchSize: 150, optimizer: sgd({ lr: 0.1 }), loss });
      expect(seen).toHaveLength(4);
      unchanged(seen);
    }
  });

  it("an optimizer of the user's own that keeps gradients and builds its state with library ops", () => {
    /** Momentum written by a student with tensor ops: v ← 0.9 v + g, θ ← θ − η v; keeps every gradient and v it saw. */
    const studentMomentum = (): Optimizer & { seen: { t: Tensor; values: number[] }[] } => {
      const velocity = new Map<Var, Tensor>();
      return {
        name: "studentMomentum",
        lr: 0.05,
        seen: [],
        step(params) {
          for (const p of params) {
            const g = p.grad!;
            this.seen.push(kept(g));
            const v = velocity.has(p) ? mul(velocity.get(p)!, 0.9) : mul(g, 0);
            const next = sub(v, mul(g, -1));
            velocity.set(p, next);
            this.seen.push(kept(next));
            p.value.data.set(sub(p.value, mul(next, this.lr)).data);
            p.value.bumpVersion();
          }
        },
      };
    };
    const a = net(5);
    const b = net(5);
    const optA = studentMomentum();
    const optB = studentMomentum();
    const options = { epochs: 5, batchSize: 50, loss: softmaxCrossEntropy() };
    const ha = fitModel(a, { x: X, y }, { ...options, optimizer: optA, rng: new Rng(2) });
    const hb = fitModel(wrapped(b), { x: X, y }, { ...options, optimizer: optB, rng: new Rng(2) });
    unchanged(optA.seen);
    expect(ha.loss).toEqual(hb.loss);
    expect(a.parameters().map((p) => Array.from(p.value.data))).toEqual(b.parameters().map((p) => Array.from(p.value.data)));
  });
});

describe("the step arrays are used only inside fit's steps", () => {
  it("not during onEpoch, nor after fit returns or throws", () => {
    const during: unknown[] = [];
    fitModel(
      net(6),
      { x: X, y },
      {
        epochs: 2,
        batchSize: 150,
        optimizer: sgd({ lr: 0.1 }),
        loss: softmaxCrossEntropy(),
        onEpoch: () => {
          during.push(activeStepBuffers());
        },
      },
    );
    expect(during).toEqual([null, null]);
    expect(activeStepBuffers()).toBeNull();
    const regression = mlp([1, 4, 1], { activations: ["identity", "identity"], init: "he", rng: new Rng(1) });
    const x = Tensor.from([[1], [2], [3], [4]]);
    expect(() =>
      fitModel(
        regression,
        { x, y: Tensor.from([[2], [4], [6], [8]]) },
        { epochs: 50, batchSize: 4, optimizer: sgd({ lr: 10 }), loss: mse() },
      ),
    ).toThrow(TrainingDivergedError);
    expect(activeStepBuffers()).toBeNull();
  });
});
