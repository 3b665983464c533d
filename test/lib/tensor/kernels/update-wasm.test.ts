import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { AdaGrad, type AdaGradState, type Optimizer, SGD, Tensor, type Var, optimizers, param } from "../../../../lib";

const built =
  require("../../../../lib/dist/tensor/kernels/update-wasm") as typeof import("../../../../lib/tensor/kernels/update-wasm");
// The optimizers' updates on the WebAssembly SIMD kernels of lib/tensor/kernels/update.wat against the JavaScript
// loops of lib/optim, which define them: the same θ and state to the bit for every registered optimizer, any size
// (0, 1, sizes not a multiple of the kernels' 4 values per iteration), any values (±0, subnormals, huge, infinite θ),
// and a NaN or ±Infinity in any gradient leaves every parameter and every state as it was. "../../../../lib" is the
// package's build (lib/package.json), loaded by Node's require: the kernels' switch is required from the same build, so
// that it is the module the optimizers use (an import of it would be a second copy, vitest's).
afterEach(() => {
  built.setUpdateKernelMinimum(undefined);
  built.setUpdateMemoryLimit(undefined);
});

type Options = Record<string, number | boolean>;
type Make = (o: Options) => Optimizer & { stateOf(p: Var): object | undefined; steps: number };
const make = (name: string): Make => (optimizers as unknown as Record<string, Make>)[name];

/** k/scale for an integer k: decimals such as 0.437, which binary floating point rounds (fast-check's doubles favour exact ones). */
const decimal = (min: number, max: number, scale: number) => fc.integer({ min, max }).map((k) => k / scale);
const decay = fc.oneof(fc.constant(0), { arbitrary: decimal(1, 999, 1000), weight: 4 });
const rate = fc.oneof(fc.constant(0), { arbitrary: decimal(1, 10_000, 1000), weight: 4 });
const common = { lr: rate, weightDecay: fc.oneof(fc.constant(0), { arbitrary: decimal(1, 2000, 1000), weight: 2 }) };
const epsilon = fc.oneof(decimal(1, 1000, 1e9), fc.double({ min: 1e-12, max: 1, noNaN: true }));
/** Each registered optimizer's options: a new optimizer without an entry here fails the test below. */
const OPTIONS: Record<string, fc.Arbitrary<Options>> = {
  sgd: fc.record(common),
  momentum: fc.record({ ...common, beta: decay, nesterov: fc.boolean() }),
  adagrad: fc.record({ ...common, eps: epsilon }),
  rmsprop: fc.record({ ...common, rho: decay, eps: epsilon }),
  adam: fc.record({ ...common, beta1: decay, beta2: decay, eps: epsilon }),
};

/**
 * Values with the awkward ones often: ±0, subnormals, the largest finite, tiny and huge magnitudes; mostly ordinary
 * ones, where the order of a sum decides its last bit (extreme values hide a changed order: one term dominates).
 */
const finite = fc.oneof(
  { arbitrary: decimal(-1e9, 1e9, 1e8), weight: 6 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      0,
      -0,
      5e-324,
      -5e-324,
      2.2250738585072014e-308,
      -1e-310,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      1e300,
    ),
    weight: 1,
  },
);
/** θ may even be infinite (a diverged weight): only gradients are checked. */
const weight = fc.oneof(finite, fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
/** Sizes: small ones (every remainder of 4), and ones around the kernels' default threshold of 512 values. */
const size = fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constantFrom(511, 512, 513, 1027));

/** n values cycled from a drawn pool (large arrays of drawn values would make each run slow). */
const fill = (pool: number[], n: number, shift: number): number[] =>
  Array.from({ length: n }, (_, i) => pool[(i * 7 + shift) % pool.length]);

interface Case {
  name: string;
  options: Options;
  sizes: number[];
  thetas: number[];
  grads: number[];
  steps: number;
  /** The kernels' memory limit (bytes; undefined: 64 MiB): 20,000 fits one parameter of 600 values, 0 none. */
  limit: number | undefined;
}
const cases = fc
  .record({
    name: fc.constantFrom(...Object.keys(optimizers)),
    sizes: fc.array(size, { minLength: 1, maxLength: 3 }),
    thetas: fc.array(weight, { minLength: 1, maxLength: 24 }),
    grads: fc.array(finite, { minLength: 1, maxLength: 24 }),
    steps: fc.integer({ min: 1, max: 4 }),
    limit: fc.constantFrom(undefined, undefined, 20_000, 0),
  })
  .chain((c) => OPTIONS[c.name].map((options): Case => ({ ...c, options })));

/** The case's parameters, with the gradients of step s. */
function paramsOf(c: Case): Var[] {
  return c.sizes.map((n, k) => param(Tensor.from(fill(c.thetas, n, k)), `p${k}`));
}
function setGradients(c: Case, params: Var[], s: number): void {
  params.forEach((p, k) => {
    p.grad = Tensor.from(fill(c.grads, p.value.size, k * 3 + s));
  });
}

/** Every parameter's values, then its state's step and buffers, as plain arrays (for toEqual: Object.is per value). */
function snapshot(opt: ReturnType<Make>, params: Var[]): unknown[] {
  return params.map((p) => {
    const state = opt.stateOf(p) as Record<string, number | Float64Array> | undefined;
    const buffers = state && Object.entries(state).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)]);
    return [Array.from(p.value.data), buffers];
  });
}

/** The case's steps with the kernels from `minimum` values on (null: the JavaScript loops only). */
function run(c: Case, minimum: number | null): unknown[] {
  built.setUpdateKernelMinimum(minimum);
  built.setUpdateMemoryLimit(c.limit);
  const opt = make(c.name)(c.options);
  const params = paramsOf(c);
  for (let s = 0; s < c.steps; s++) {
    setGradients(c, params, s);
    opt.step(params);
  }
  return snapshot(opt, params);
}

describe("optimizer updates on WebAssembly SIMD (update.wat)", () => {
  it("runs here, from 512 values by default", () => {
    expect(Object.keys(OPTIONS).sort()).toEqual(Object.keys(optimizers).sort());
    expect(built.updateKernelMinimum()).toBe(512);
    // the kernel itself: θ − η·g for θ = [1, 2, 3], g = [1, 1, 1], η = 0.5, its padding to 4 values not written back
    const jobs = [{ theta: Float64Array.of(1, 2, 3), g: Float64Array.of(1, 1, 1), state: null, kernel: "sgd", scalars: [0.5] }];
    expect(built.runUpdates(jobs as Parameters<typeof built.runUpdates>[0])).toEqual([true]);
    const out = new Float64Array(3);
    built.copyOut(0, out, []);
    built.endUpdates();
    expect(Array.from(out)).toEqual([0.5, 1.5, 2.5]);
  });

  it("every optimizer gives the JavaScript loops' θ and state to the bit (all on the kernels, or mixed: by size, by room)", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const expected = run(c, null);
        expect(run(c, 0)).toEqual(expected);
        expect(run(c, 8)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("a NaN or ±Infinity in any gradient throws today's message and changes no parameter and no state", () => {
    const bad = fc.record({
      at: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
      value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      minimum: fc.constantFrom(0, 8, 512),
    });
    fc.assert(
      fc.property(cases, bad, (c, { at, value, minimum }) => {
        fc.pre(c.sizes.some((n) => n > 0));
        built.setUpdateKernelMinimum(minimum);
        built.setUpdateMemoryLimit(c.limit);
        const opt = make(c.name)(c.options);
        const params = paramsOf(c);
        for (let s = 0; s < c.steps - 1; s++) {
          setGradients(c, params, s);
          opt.step(params);
        }
        setGradients(c, params, c.steps);
        const nonEmpty = params.map((_, k) => k).filter((k) => params[k].value.size > 0);
        for (const [which, index] of at) {
          const k = nonEmpty[which % nonEmpty.length];
          (params[k].grad as Tensor).data[index % params[k].value.size] = value;
        }
        const first = params.findIndex((p) => p.grad?.data.some((v) => !Number.isFinite(v)));
        const firstAt = (params[first].grad as Tensor).data.findIndex((v) => !Number.isFinite(v));
        const before = snapshot(opt, params);
        const steps = opt.steps;
        expect(() => opt.step(params)).toThrow(
          `.step: the gradient of parameter "p${first}" (${params[first].value.size}) is ${(params[first].grad as Tensor).data[firstAt]} at flat index ${firstAt}; no parameter was changed`,
        );
        expect(snapshot(opt, params)).toEqual(before);
        expect(opt.steps).toBe(steps);
      }),
      { numRuns: 100 },
    );
  });

  it("parameters sharing values, or a gradient that is another parameter's values, update one after the other as in JavaScript", () => {
    for (const name of Object.keys(optimizers)) {
      const results = [0, null].map((minimum) => {
        built.setUpdateKernelMinimum(minimum);
        const opt = make(name)({ lr: 0.1, weightDecay: 0.01 });
        const shared = Tensor.from(fill([0.5, -1, 2, 0.25], 600, 0));
        const a = param(shared, "a");
        const b = param(shared, "b"); // another Var of the same values
        const c = param(Tensor.from(fill([3, -0.5], 600, 1)), "c");
        const d = param(Tensor.from(fill([1, 2, 3], 600, 2)), "d");
        for (let s = 0; s < 3; s++) {
          a.grad = Tensor.from(fill([1, -2, 0.5], 600, s));
          b.grad = Tensor.from(fill([0.1, 0.2], 600, s));
          c.grad = Tensor.from(fill([-1, 1, 4], 600, s));
          d.grad = new Tensor([600], c.value.data); // d's gradient is c's values, which c's update changes first
          opt.step([a, b, c, d]);
        }
        return [a, b, c, d].map((p) => Array.from(p.value.data));
      });
      expect(results[0]).toEqual(results[1]);
    }
  });

  it("a subclass that overrides update alone (a student's sign SGD) runs its own update on large parameters", () => {
    class SignSGD extends SGD {
      protected override update(theta: Float64Array, g: Float64Array): void {
        for (let i = 0; i < theta.length; i++) theta[i] -= this.lr * Math.sign(g[i]);
      }
    }
    const w = param(Tensor.from(fill([0.5, -1, 2], 1000, 0)));
    w.grad = Tensor.from(fill([3, -0.25, 0, 7], 1000, 1));
    const expected = Array.from(w.value.data, (t, i) => t - 0.5 * Math.sign((w.grad as Tensor).data[i]));
    new SignSGD({ lr: 0.5 }).step([w]);
    expect(Array.from(w.value.data)).toEqual(expected);
  });

  it("an instance given its own update (opt.update = …) runs it on large parameters too, as on small ones", () => {
    const opt = new SGD({ lr: 0.5 });
    (opt as unknown as { update(theta: Float64Array, g: Float64Array): void }).update = (theta, g) => {
      for (let i = 0; i < theta.length; i++) theta[i] -= 2 * g[i];
    };
    const w = param(Tensor.from(fill([0.5, -1, 2], 1000, 0)));
    w.grad = Tensor.from(fill([3, -0.25, 0, 7], 1000, 1));
    const expected = Array.from(w.value.data, (t, i) => t - 2 * (w.grad as Tensor).data[i]);
    opt.step([w]);
    expect(Array.from(w.value.data)).toEqual(expected);
  });

  it("a subclass whose state starts other than at zero (AdaGrad's initial accumulator) starts the kernels from it", () => {
    class AdaGradFrom01 extends AdaGrad {
      protected override initialState(size: number): AdaGradState {
        return { step: 0, sumSquares: new Float64Array(size).fill(0.1) };
      }
    }
    const results = [0, null].map((minimum) => {
      built.setUpdateKernelMinimum(minimum);
      const opt = new AdaGradFrom01({ lr: 0.1 });
      const w = param(Tensor.from(fill([0.5, -1, 2], 600, 0)));
      for (let s = 0; s < 2; s++) {
        w.grad = Tensor.from(fill([3, -0.25, 0, 7], 600, s));
        opt.step([w]);
      }
      return [Array.from(w.value.data), Array.from((opt.stateOf(w) as AdaGradState).sumSquares)];
    });
    expect(results[0]).toEqual(results[1]);
  });
});
