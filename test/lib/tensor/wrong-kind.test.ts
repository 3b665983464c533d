// A wrong kind of argument is named, with what was received and its kind: `adam({ lr: "0.01" })` says the 0.01 is a
// string; `relu(aVar)` says it got a Var and what takes one, instead of Node's ERR_OUT_OF_RANGE from deep inside.
// One formatter (`received`) for every validator: optimizers, schedules, fit, mlp, dense, losses and data helpers.
import { describe, expect, it } from "vitest";
import {
  activate,
  add,
  addScaledInPlace,
  backpropSlides,
  checkVarGradients,
  allClose,
  argmax,
  blobs,
  broadcastTo,
  circles,
  column,
  constant,
  copyInPlace,
  cosine,
  dense,
  div,
  dot,
  equal,
  exp,
  exponentialDecay,
  fillInPlace,
  firstNonFinite,
  gradCheck,
  fit as fitModel, // aliased: the linter takes a bare fit(...) call for Jasmine's focused test
  hstack,
  identity,
  input,
  linear,
  log,
  losses,
  map,
  matmul,
  matmulTransposeA,
  matmulTransposeB,
  max,
  maxAbsDiff,
  mean,
  min,
  mlp,
  moons,
  mse,
  mul,
  neg,
  oneHot,
  optimizers,
  outer,
  param,
  pow,
  received,
  relu,
  Rng,
  row,
  scale,
  selectRows,
  sgd,
  sigmoid,
  sign,
  softmax,
  softmaxBackward,
  softmaxDiagonal,
  softmaxJacobian,
  softplus,
  spirals,
  step,
  stepDecay,
  sub,
  sum,
  sumToShape,
  tanh,
  Tensor,
  trainTestSplit,
  transpose,
  vstack,
  zeros,
  zip,
} from "../../../lib";

const t = () =>
  Tensor.from([
    [1, 2],
    [3, 4],
  ]);
const w = param(t(), "w");

describe("received: what a function got, with its kind", () => {
  it.each([
    ["a string that looks like a number", "0.01", '"0.01" (a string)'],
    ["undefined", undefined, "undefined"],
    ["null", null, "null"],
    ["NaN", Number.NaN, "NaN"],
    ["a number", 3, "3"],
    ["a boolean", true, "true (a boolean)"],
    ["a short array of numbers", [1, 2], "[1, 2] (an array of 2 numbers)"],
    ["a long array of numbers", [1, 2, 3, 4, 5, 6, 7], "an array of 7 numbers"],
    ["rows", [[1], [2]], "an array of 2 rows"],
    ["a mixed array", [1, "2"], "an array of 2 values (numbers, strings)"],
    ["an empty array", [], "an empty array []"],
    ["a Tensor", Tensor.from([1, 2, 3]), "a Tensor of shape 3"],
    ["a Var", param(Tensor.from([[1, 2]]), "w"), 'a Var "w" (param, 1×2)'],
    ["an options object", { lr: 1, beta: 2 }, "an object { lr, beta }"],
    ["a function", function f() {}, "a function (f)"],
    ["a Float64Array", new Float64Array(2), "a Float64Array of 2 values"],
  ])("%s", (_, value, text) => {
    expect(received(value)).toBe(text);
  });
});

describe("a numerical function given a Var, rows, null or a string where a Tensor goes names it", () => {
  // every public function taking Tensors, with valid other arguments; `at` is the position of the Tensor tried
  const f = (x: number) => x;
  const table: [string, (...a: never[]) => unknown, unknown[], number[]][] = [
    ["neg", neg, [t()], [0]],
    ["exp", exp, [t()], [0]],
    ["log", log, [t()], [0]],
    ["scale", scale, [t(), 2], [0]],
    ["pow", pow, [t(), 2], [0]],
    ["map", map, [t(), f], [0]],
    ["add", add, [t(), t()], [0, 1]],
    ["sub", sub, [t(), t()], [0, 1]],
    ["mul", mul, [t(), t()], [0, 1]],
    ["div", div, [t(), t()], [0, 1]],
    ["zip", zip, [t(), t(), Math.max], [0, 1]],
    ["matmul", matmul, [t(), t()], [0, 1]],
    ["matmulTransposeA", matmulTransposeA, [t(), t()], [0, 1]],
    ["matmulTransposeB", matmulTransposeB, [t(), t()], [0, 1]],
    ["linear", linear, [t(), t(), Tensor.from([1, 2])], [0, 1, 2]],
    ["dot", dot, [Tensor.from([1, 2]), Tensor.from([1, 2])], [0, 1]],
    ["outer", outer, [Tensor.from([1, 2]), Tensor.from([1, 2])], [0, 1]],
    ["equal", equal, [t(), t()], [0, 1]],
    ["allClose", allClose, [t(), t()], [0, 1]],
    ["maxAbsDiff", maxAbsDiff, [t(), t()], [0, 1]],
    ["firstNonFinite", firstNonFinite, [t()], [0]],
    ["sum", sum, [t()], [0]],
    ["mean", mean, [t()], [0]],
    ["max", max, [t()], [0]],
    ["min", min, [t()], [0]],
    ["argmax", argmax, [t()], [0]],
    ["transpose", transpose, [t()], [0]],
    ["selectRows", selectRows, [t(), [0]], [0]],
    ["row", row, [t(), 0], [0]],
    ["column", column, [t(), 0], [0]],
    ["broadcastTo", broadcastTo, [Tensor.from([[1, 2]]), [2, 2]], [0]],
    ["sumToShape", sumToShape, [t(), [1, 2]], [0]],
    ["fillInPlace", fillInPlace, [t(), 0], [0]],
    ["copyInPlace", copyInPlace, [t(), t()], [0, 1]],
    ["addScaledInPlace", addScaledInPlace, [t(), t(), 1], [0, 1]],
    ["softmax", softmax, [t()], [0]],
    ["softmaxJacobian", softmaxJacobian, [Tensor.from([0.5, 0.5])], [0]],
    ["softmaxDiagonal", softmaxDiagonal, [t()], [0]],
    ["softmaxBackward", softmaxBackward, [t(), t()], [0, 1]],
    ["relu", relu, [t()], [0]],
    ["sigmoid", sigmoid, [t()], [0]],
    ["tanh", tanh, [t()], [0]],
    ["step", step, [t()], [0]],
    ["sign", sign, [t()], [0]],
    ["softplus", softplus, [t()], [0]],
    ["identity", identity, [t()], [0]],
  ];
  const wrong: [string, () => unknown, string][] = [
    ["a Var", () => w, 'a Var "w" (param, 2×2)'],
    ["rows of numbers", () => [[1, 2]], "an array of 1 row"],
    ["null", () => null, "null"],
    ["undefined", () => undefined, "undefined"],
    ["a string", () => "1", '"1" (a string)'],
  ];
  for (const [name, fn, args, positions] of table) {
    it(`${name} with each wrong kind at each Tensor argument: a TypeError naming ${name} and what it got`, () => {
      const call = (a: unknown[]) => (fn as (...a: unknown[]) => unknown)(...a);
      expect(() => call(args)).not.toThrow();
      for (const at of positions) {
        for (const [, make, text] of wrong) {
          const bad = [...args];
          bad[at] = make();
          let error: unknown;
          try {
            call(bad);
          } catch (e) {
            error = e;
          }
          expect(error, `${name} with ${text} at argument ${at}`).toBeInstanceOf(TypeError);
          const message = (error as Error).message;
          expect(message.startsWith(`${name}: `), message).toBe(true);
          expect(message).toContain(`got ${text}`);
        }
      }
    });
  }

  it("relu(aVar) says it got a Var and that activate takes one (the tester's case)", () => {
    expect(() => relu(w as unknown as Tensor)).toThrow(
      new TypeError(
        'relu: z must be a number or a Tensor, got a Var "w" (param, 2×2) (use activate(x, "relu") for a Var, or its .value, the Tensor)',
      ),
    );
  });

  it("add(aVar, t) points to ad.add, matmul to ad.matmul; a function without a Var twin to .value", () => {
    expect(() => add(w as unknown as Tensor, t())).toThrow(
      /^add: a must be a Tensor, got a Var .*\(use ad\.add for a Var, or its \.value/,
    );
    expect(() => matmul(t(), w as unknown as Tensor)).toThrow(
      /^matmul: b must be a Tensor, got a Var .*\(use ad\.matmul for a Var/,
    );
    expect(() => dot(w as unknown as Tensor, t())).toThrow(
      /^dot: u must be a Tensor, got a Var .*\(pass its \.value, the Tensor\)$/,
    );
  });

  it("an array where a Tensor goes is told how to make one", () => {
    expect(() => exp([1, 2] as unknown as Tensor)).toThrow(
      /^exp: a must be a Tensor, got \[1, 2\] \(an array of 2 numbers\) \(Tensor\.from\(values\) makes a Tensor of an array\)$/,
    );
  });

  it("hstack and vstack name the entry that is not a Tensor", () => {
    expect(() => hstack([t(), w as unknown as Tensor])).toThrow(/^hstack: tensor 1 must be a Tensor, got a Var "w"/);
    expect(() => vstack(t() as unknown as Tensor[])).toThrow(
      /^vstack: its argument must be an array of Tensors, got a Tensor of shape 2×2$/,
    );
  });

  it("activate and the activations take a Tensor where a Var goes (as an input), and name anything else", () => {
    expect(activate(t() as unknown as ReturnType<typeof input>, "relu").value.to2D()).toEqual(t().to2D());
    expect(() => activate("x" as unknown as ReturnType<typeof input>, "relu")).toThrow(
      /^activate: expected a Var, a Tensor .*got "x" \(a string\)/,
    );
    expect(relu(-1)).toBe(0);
    expect(() => (relu as (z: unknown) => unknown)({ z: 1 })).toThrow(
      /^relu: z must be a number or a Tensor, got an object \{ z \}$/,
    );
  });

  it("gradCheck, checkVarGradients, backpropSlides and activate name inputs of the wrong kind", () => {
    expect(() => gradCheck((x) => sum(x), w as unknown as Tensor[])).toThrow(
      /^gradCheck: inputs must be an array of Tensors, e\.g\. \[x, W\], got a Var "w"/,
    );
    expect(() => gradCheck((x) => sum(x), [t(), w as unknown as Tensor])).toThrow(
      /^gradCheck: inputs\[1\] must be a Tensor, got a Var "w"/,
    );
    expect(() => checkVarGradients((x) => x, [[1, 2]] as unknown as Tensor[])).toThrow(
      /^checkVarGradients: inputs\[0\] must be a Tensor, got \[1, 2\] \(an array of 2 numbers\)/,
    );
    const net = { W: [Tensor.from([[1]])], b: [Tensor.from([[0]])], activations: ["identity"] };
    expect(() => backpropSlides({ ...net, W: [w] } as never, [1], [1], mse())).toThrow(
      /^backpropSlides: net\.W\[0\] must be a Tensor, got a Var "w"/,
    );
    expect(() => backpropSlides(null as never, [1], [1], mse())).toThrow(
      /^backpropSlides: net must be \{ W: Tensor\[\], b: Tensor\[\], activations \}, got null$/,
    );
    expect(() => backpropSlides(net, "1" as never, [1], mse())).toThrow(
      /^backpropSlides: x must be a Tensor or an array of numbers, got "1" \(a string\)$/,
    );
    expect(() => activate(input(t()), 3 as never)).toThrow(
      /^activation must be a name \("relu", "sigmoid", \.\.\.\) or an Activation \{ name, f, df \}, got 3$/,
    );
  });

  it("zeros, and the other makers of a shape, name a shape that is not an array of sizes", () => {
    expect(() => zeros(3 as unknown as number[])).toThrow(
      new TypeError("zeros: shape must be an array of sizes (integers >= 0), e.g. [2, 3], got 3"),
    );
    expect(() => zeros(["2", 3] as unknown as number[])).toThrow(
      /^zeros: shape must be .*got an array of 2 values \(strings, numbers\)$/,
    );
  });
});

describe("every option validator says what it got and of which kind", () => {
  for (const name of Object.keys(optimizers) as (keyof typeof optimizers)[]) {
    const make = optimizers[name] as (o: unknown) => unknown;
    it(`${name}: a string, undefined or NaN for lr, an array for weightDecay, a misspelt key, no options object`, () => {
      expect(() => make({ lr: "0.01" })).toThrow(`${name}: learning rate lr must be a finite number >= 0, got "0.01" (a string)`);
      expect(() => make({})).toThrow(`${name}: learning rate lr must be a finite number >= 0, got undefined`);
      expect(() => make({ lr: Number.NaN })).toThrow(`${name}: learning rate lr must be a finite number >= 0, got NaN`);
      expect(() => make({ lr: 0.1, weightDecay: [0.1] })).toThrow(
        `${name}: weightDecay must be a finite number >= 0, got [0.1] (an array of 1 number)`,
      );
      expect(() => make({ learningRate: 0.1 })).toThrow(
        new RegExp(`^${name}: unknown option "learningRate"; known: lr, weightDecay`),
      );
      expect(() => make(0.01)).toThrow(new RegExp(`^${name}: options must be an object \\{ lr, weightDecay.*\\}, got 0\\.01$`));
    });
  }

  it("adam's and momentum's own options: a string β, a string for nesterov", () => {
    expect(() => optimizers.adam({ lr: 0.1, beta1: "0.9" } as never)).toThrow(
      'adam: beta1 must lie in [0, 1), got "0.9" (a string)',
    );
    expect(() => optimizers.momentum({ lr: 0.1, nesterov: "yes" } as never)).toThrow(
      'momentum: nesterov must be true or false, got "yes" (a string)',
    );
  });

  it("schedules: a string factor is refused (it was accepted: '0.5' > 0 is true in JavaScript), a string lr named", () => {
    expect(() => stepDecay(0.1, { every: 10, factor: "0.5" as unknown as number })).toThrow(
      'stepDecay: factor must lie in (0, 1], got "0.5" (a string)',
    );
    expect(() => exponentialDecay(0.1, { factor: "0.9" as unknown as number })).toThrow(
      'exponentialDecay: factor must lie in (0, 1], got "0.9" (a string)',
    );
    expect(() => cosine(0.1, { epochs: "100" as unknown as number })).toThrow(
      'cosine: epochs must be a finite number > 0, got "100" (a string)',
    );
    expect(() => constant("0.1" as unknown as number)).toThrow('constant: lr must be a finite number >= 0, got "0.1" (a string)');
    expect(() => stepDecay(0.1, { every: 2.5 })).toThrow("stepDecay: every must be a positive integer, got 2.5");
  });

  it("fit: a string epochs, a string minDelta, a misspelt option, a missing optimizer, no model", () => {
    const net = mlp([2, 1], { rng: new Rng(0) });
    const data = { x: [[0, 1]], y: [[1]] };
    const base = { epochs: 1, optimizer: sgd({ lr: 0.1 }), loss: mse() };
    expect(() => fitModel(net, data, { ...base, epochs: "10" as unknown as number })).toThrow(
      'fit: epochs must be an integer >= 1, got "10" (a string)',
    );
    expect(() => fitModel(net, data, { ...base, earlyStopping: { patience: 2, minDelta: "0.1" as unknown as number } })).toThrow(
      'fit: earlyStopping.minDelta must be a number >= 0, got "0.1" (a string)',
    );
    expect(() => fitModel(net, data, { ...base, learningRate: 0.1 } as never)).toThrow(
      /^fit: unknown option "learningRate"; known: epochs, /,
    );
    expect(() => fitModel(net, data, { ...base, optimizer: undefined } as never)).toThrow(
      "fit: options.optimizer must be an Optimizer (sgd(...), adam(...)), got undefined",
    );
    expect(() => fitModel(t() as never, data, base)).toThrow(
      /^fit: model must be a Model with forward\(x\) and parameters\(\) .*got a Tensor of shape 2×2$/,
    );
  });

  it("mlp and dense: a string size, a misspelt option", () => {
    expect(() => mlp([2, "3" as unknown as number])).toThrow('mlp: sizes[1] must be an integer >= 1, got "3" (a string)');
    expect(() => mlp([2, 3], { activation: "relu" } as never)).toThrow(
      /^mlp: unknown option "activation"; known: activations, hidden/,
    );
    expect(() => mlp(3 as unknown as number[])).toThrow("mlp: sizes needs at least [inputs, outputs], got 3");
    expect(() => dense(2, "3" as unknown as number)).toThrow('dense: outSize must be an integer >= 1, got "3" (a string)');
  });

  for (const name of Object.keys(losses) as (keyof typeof losses)[]) {
    const make = losses[name].loss as (o?: unknown) => unknown;
    it(`${name}: a reduction that is not "mean" or "sum", a misspelt option, options that are not an object`, () => {
      expect(() => make({ reduction: "avg" })).toThrow(`${name}: reduction must be "mean" or "sum", got "avg" (a string)`);
      expect(() => make({ reducton: "sum" })).toThrow(new RegExp(`^${name}: unknown option "reducton"; known: reduction, base`));
      expect(() => make("sum")).toThrow(`${name}: options must be an object`);
    });
  }

  it("data helpers: a string testFraction (was accepted), a missing rng, a string noise, a string class count", () => {
    const X = [[0], [1], [2], [3]];
    expect(() => trainTestSplit(X, [0, 0, 1, 1], { testFraction: "0.5" as unknown as number, rng: new Rng(0) })).toThrow(
      'trainTestSplit: testFraction must lie in (0, 1), got "0.5" (a string)',
    );
    expect(() => trainTestSplit(X, [0, 0, 1, 1], {} as never)).toThrow(
      "trainTestSplit: rng must be a seeded generator (new Rng(seed)), got undefined",
    );
    expect(() => blobs(10, 0 as unknown as Rng)).toThrow("blobs: rng must be a seeded generator (new Rng(seed)), got 0");
    expect(() => moons(10, new Rng(0), { noise: "0.1" as unknown as number })).toThrow(
      'moons: noise must be a finite number >= 0, got "0.1" (a string)',
    );
    expect(() => circles(10, new Rng(0), { factor: "0.5" as unknown as number })).toThrow(
      'circles: factor must lie in (0, 1), got "0.5" (a string)',
    );
    expect(() => spirals("10" as unknown as number, new Rng(0))).toThrow(
      'spirals: n must be an integer >= 2, got "10" (a string)',
    );
    expect(() => oneHot([0, 1], "2" as unknown as number)).toThrow(
      'oneHot: number of classes must be a positive integer, got "2" (a string)',
    );
    expect(() => oneHot(t() as unknown as number[])).toThrow(
      /^oneHot: y must be an array of numbers, got a Tensor of shape 2×2 \(Array\.from/,
    );
    expect(() => new Rng("1" as unknown as number)).toThrow('Rng: seed must be a finite number, got "1" (a string)');
  });
});
