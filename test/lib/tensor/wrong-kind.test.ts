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
  Var,
  ad,
  leakyRelu,
  naiveRandomSearch,
  evaluate,
  predictClasses,
  confusionMatrix,
  heInit,
  xavierInit,
  fromMathjs,
  numericGradient,
  neuralUnit,
  toLatex,
} from "../../../lib";

const adMatmul = ad.matmul;

const t = () =>
  Tensor.from([
    [1, 2],
    [3, 4],
  ]);
const w = param(t(), "w");
const matmulVar = () => adMatmul(param(Tensor.from([[1, 2]])), param(Tensor.from([[1], [2]])));
const circular = () => {
  const o: Record<string, unknown> = { n: 1 };
  o.self = o;
  return { self: o, n: 2 };
};

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
    ["a Var with a label", param(Tensor.from([[1, 2]]), "w"), 'a Var "w" (param, 1×2)'],
    ["a param without a label", param(Tensor.from([[1, 2]])), "a Var (param, 1×2)"],
    ["an op's Var", matmulVar(), "a Var (matmul, 1×1)"],
    [
      "a Var made by hand without an op or a label",
      new Var(
        Tensor.from([
          [1, 2],
          [3, 4],
        ]),
        undefined as never,
      ),
      "a Var (2×2)",
    ],
    ["a Var with an undefined label", new Var(Tensor.from([1]), "input", [], null, undefined), "a Var (input, 1)"],
    ["a 0-d Tensor", Tensor.from(3), "a scalar Tensor (3)"],
    ["a 1-d Tensor", Tensor.from([1, 2]), "a Tensor of shape 2"],
    ["a 3-d Tensor", new Tensor([2, 1, 3]), "a Tensor of shape 2×1×3"],
    ["an Int32Array", new Int32Array(1), "an Int32Array of 1 value"],
    ["a Map", new Map([["a", 1]]), "a Map of 1 entry"],
    ["a Set", new Set([1, 2]), "a Set of 2 values"],
    ["a Promise", Promise.resolve(1), "a Promise (await it for its value)"],
    ["a class instance", new (class Point {})(), "a Point"],
    ["an instance of a class named as an acronym", mlp([2, 1], { init: "zeros" }), "an MLP"],
    ["an instance of an anonymous class", new (class {})(), "an object"],
    ["an object with a key named constructor", { constructor: 1 }, "an object { constructor }"],
    ["an object without a prototype", Object.assign(Object.create(null), { a: 1 }), "an object { a }"],
    ["a circular object", circular(), "an object { self, n }"],
    ["an arrow function", () => 1, "a function"],
    ["a symbol", Symbol("tag"), "a symbol (tag)"],
    ["a symbol without a description", Symbol(), "a symbol"],
    ["a bigint", 10n, "10n (a bigint)"],
    ["a Date", new Date(0), "a Date"],
  ])("%s", (_, value, text) => {
    expect(received(value)).toBe(text);
  });

  it("matmul(a, aVar without a label) names the Var by its op and shape, not 'undefined' (the tester's case)", () => {
    expect(() => matmul(t(), new Var(t(), undefined as never) as unknown as Tensor)).toThrow(
      /^matmul: b must be a Tensor, got a Var \(2×2\) \(use ad\.matmul for a Var/,
    );
    expect(() => matmul(t(), param(t()) as unknown as Tensor)).toThrow(/^matmul: b must be a Tensor, got a Var \(param, 2×2\) /);
  });
});

describe("a factory called as the thing it makes (mse(yHat, y), sgd(params), mlp(X)) says how it is called", () => {
  const yHat = Tensor.from([[1], [0]]);
  const y = Tensor.from([[1], [1]]);
  for (const name of Object.keys(losses) as (keyof typeof losses)[]) {
    const make = losses[name].loss as (...a: unknown[]) => unknown;
    it(`${name}(yHat, y) with Tensors, rows or a number: the loss is made by ${name}() and called as .value(yHat, y)`, () => {
      for (const [data, text] of [
        [yHat, "a Tensor of shape 2×1"],
        [[[1], [0]], "an array of 2 rows"],
        [[1, 0], "[1, 0] (an array of 2 numbers)"],
        [0.5, "0.5"],
      ] as const) {
        expect(() => make(data, y)).toThrow(TypeError);
        expect(() => make(data, y)).toThrow(
          `${name}: options must be an object { reduction, base${name === "crossEntropyWithNegatives" ? "" : ""}`,
        );
        expect(() => make(data, y)).toThrow(
          `got ${text}: ${name}() makes a loss: call it as ${name}().value(yHat, y) (its gradient: .grad(yHat, y)), or pass loss: ${name}() to fit`,
        );
      }
    });
  }

  it("mse(tA, tB), the tester's case, no longer says unknown option 'shape'", () => {
    expect(() => (mse as (...a: unknown[]) => unknown)(yHat, y)).toThrow(
      new TypeError(
        "mse: options must be an object { reduction, base }, got a Tensor of shape 2×1: mse() makes a loss: call it as mse().value(yHat, y) (its gradient: .grad(yHat, y)), or pass loss: mse() to fit",
      ),
    );
  });

  for (const name of Object.keys(optimizers) as (keyof typeof optimizers)[]) {
    const make = optimizers[name] as (o: unknown) => unknown;
    it(`${name}(params), ${name}(aVar), ${name}(aTensor): the optimizer is passed to fit or stepped`, () => {
      for (const data of [[w], w, t()]) {
        expect(() => make(data)).toThrow(
          new RegExp(`^${name}: options must be an object .*: ${name}\\(\\{ lr: 0\\.1 \\}\\) makes an optimizer: pass it to fit`),
        );
      }
    });
  }

  it("dense(X), mlp(X) and mlp(aTensor) are told the layer or network is made first, then forward(x)", () => {
    expect(() => dense(t() as never, 2)).toThrow(
      /^dense: inSize must be an integer >= 1, got a Tensor of shape 2×2: dense\(inSize, outSize, options\) makes a layer: call layer\.forward\(x\)/,
    );
    expect(() => dense(2, 2, t() as never)).toThrow(
      /^dense: options must be an object .*got a Tensor of shape 2×2: dense\(inSize/,
    );
    expect(() =>
      mlp([
        [0, 1],
        [1, 0],
      ] as never),
    ).toThrow(
      /^mlp: sizes\[0\] must be an integer >= 1, got \[0, 1\] \(an array of 2 numbers\): mlp\(\[inputs, \.\.\.hidden, outputs\], options\) makes a network/,
    );
    expect(() => mlp(t() as never)).toThrow(/^mlp: sizes needs at least \[inputs, outputs\], got a Tensor of shape 2×2: mlp\(/);
    expect(() => mlp([2, 1], t() as never)).toThrow(/^mlp: options must be an object .*got a Tensor of shape 2×2: mlp\(/);
  });

  it("fit(net, X, y) and naiveRandomSearch with data for options name the calling form", () => {
    const net = mlp([2, 1], { rng: new Rng(0) });
    expect(() => fitModel(net, [[0, 1]] as never, [1] as never)).toThrow(
      /^fit: options must be an object \{ epochs, .*got \[1\] \(an array of 1 number\): call it as fit\(model, \{ x, y \}, \{ epochs, optimizer, loss \}\)$/,
    );
    expect(() => fitModel(net, [[0, 1]] as never, { epochs: 1, optimizer: sgd({ lr: 0.1 }), loss: mse() })).toThrow(
      /^fit: data must be \{ x, y \}: .*got an array of 1 row$/,
    );
    expect(() => naiveRandomSearch(net, mse(), { x: [[0, 1]], y: [[1]] }, t() as never)).toThrow(
      /^naiveRandomSearch: options must be an object .*got a Tensor of shape 2×2: call it as naiveRandomSearch\(model, loss/,
    );
  });

  it("schedules called with an epoch or with data, or without their options, say how a schedule is made and used", () => {
    expect(() => constant(t() as never)).toThrow(
      /^constant: lr must be a finite number >= 0, got a Tensor of shape 2×2: constant\(lr\) makes a schedule: call it with an epoch, s\(epoch\)$/,
    );
    expect(() => (stepDecay as (lr: unknown) => unknown)(0.1)).toThrow(
      /^stepDecay: options must be an object \{ every, factor \}, got undefined$/,
    );
    expect(() => stepDecay(0.1, 10 as never)).toThrow(
      /^stepDecay: options must be an object \{ every, factor \}, got 10: stepDecay\(lr, \{ every, factor \}\) makes a schedule$/,
    );
    expect(() => exponentialDecay([0.1] as never, { factor: 0.5 })).toThrow(
      /^exponentialDecay: lr must be .*got \[0\.1\] .*makes a schedule/,
    );
    expect(() => cosine(0.1, { epochs: 10, min: 0 } as never)).toThrow(/^cosine: unknown option "min"; known: epochs, minLr$/);
  });

  it("initialisers without a generator, data generators given a Tensor for options, fromMathjs given null or ragged rows", () => {
    expect(() => (heInit as (r?: unknown) => unknown)(t())).toThrow(
      /^heInit: rng must be a seeded generator \(new Rng\(seed\)\), got a Tensor of shape 2×2$/,
    );
    expect(() => (xavierInit as (r?: unknown) => unknown)()).toThrow(
      /^xavierInit: rng must be a seeded generator .*got undefined$/,
    );
    expect(() => blobs(10, new Rng(0), t() as never)).toThrow(
      /^blobs: options must be an object \{ centers, k, std \}, got a Tensor of shape 2×2: blobs\(n, rng, options\) makes a data set/,
    );
    expect(() => moons(10, new Rng(0), { nois: 0.1 } as never)).toThrow(/^moons: unknown option "nois"; known: noise$/);
    expect(() => fromMathjs(null as never)).toThrow(
      /^fromMathjs: m must be a mathjs matrix, nested arrays or a number, got null$/,
    );
    expect(() => fromMathjs([[1, 2], [3]] as never)).toThrow(/^fromMathjs: ragged array: m\[1\] has 1 value, m\[0\] has 2/);
  });

  it("numericGradient, neuralUnit and toLatex given null or the wrong kind name themselves (were Node's 'f is not a function')", () => {
    expect(() => numericGradient(null as never, t())).toThrow(
      /^numericGradient: f must be a function of a Tensor, \(x\) => number, got null$/,
    );
    expect(() => numericGradient((x) => x.data[0], [1, 2] as never)).toThrow(
      /^numericGradient: x must be a Tensor, got \[1, 2\]/,
    );
    expect(() => neuralUnit(null as never, 0, [1])).toThrow(/^neuralUnit: w must be an array of numbers, got null$/);
    expect(() => neuralUnit([1], "0" as never, [1])).toThrow(/^neuralUnit: b must be a number, got "0" \(a string\)$/);
    expect(() => toLatex([[1]] as never)).toThrow(/^toLatex: t must be a Tensor, got an array of 1 row/);
  });

  it("an unknown activation in mlp names mlp and the layer, not dense; a string for activations is named", () => {
    expect(() => mlp([2, 2, 1], { activations: ["relu", "gelu" as never], rng: new Rng(0) })).toThrow(
      /^mlp \(layer 2\): activation "gelu" is unknown; known: identity/,
    );
    expect(() => mlp([2, 1], { activations: "relu" as never })).toThrow(
      /^mlp: activations must be an array of names, .*got "relu" \(a string\)$/,
    );
  });

  it("leakyRelu(z) with a Tensor says leakyRelu(alpha) makes an activation", () => {
    expect(() => leakyRelu(t() as never)).toThrow(
      /^leakyRelu: alpha must be a number >= 0, got a Tensor of shape 2×2: leakyRelu\(alpha\) makes an activation: apply it with activate/,
    );
  });
});

describe("an error names the function the user called, not the library's helper inside it", () => {
  const net3 = () => mlp([2, 2], { rng: new Rng(0) });
  const x = [
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  const base = () => ({ epochs: 1, optimizer: sgd({ lr: 0.1 }), loss: mse(), shuffle: false });

  it("fit with labels [0, 2, 1] on a 2-output network names fit, the label and the output count (the tester's case)", () => {
    expect(() => fitModel(net3(), { x, y: [0, 2, 1] }, base())).toThrow(
      new RangeError(
        "fit: label y[1] = 2 is not a class of the model's 2 outputs: class labels are 0..1, one per output (labels up to 2 need at least 3 outputs)",
      ),
    );
  });

  it("fit with a negative, a fractional or a string label, and a bad validation label, names fit", () => {
    expect(() => fitModel(net3(), { x, y: [0, -1, 1] }, base())).toThrow(
      /^fit: label y\[1\] = -1 is not a class of the model's 2 outputs/,
    );
    expect(() => fitModel(net3(), { x, y: [0, 0.5, 1] }, base())).toThrow(/^fit: label y\[1\] = 0\.5 is not a class/);
    expect(() => fitModel(net3(), { x, y: [0, "1", 1] as never }, base())).toThrow(/^fit: y must be an array of numbers/);
    expect(() => fitModel(net3(), { x, y: [0, 1, 1] }, { ...base(), validation: { x, y: [0, 1, 5] } })).toThrow(
      /^fit \(validation\): label y\[2\] = 5 is not a class of the model's 2 outputs/,
    );
  });

  it("evaluate and predictClasses with labels beyond the outputs name themselves", () => {
    expect(() => evaluate(net3(), { x, y: [0, 3, 1] })).toThrow(
      /^evaluate: label y\[1\] = 3 is not a class of the model's 2 outputs/,
    );
  });

  it("data of the wrong width is named by fit, evaluate, predictClasses and net.forward, not by the first layer (Dense.forward)", () => {
    const wide = [[0, 1, 2]];
    const width = "is 1×3, 3 features per sample, but the model takes 2 inputs (batch×2)";
    expect(() => fitModel(net3(), { x: wide, y: [0] }, base())).toThrow(new RangeError(`fit: x ${width}`));
    expect(() => evaluate(net3(), { x: wide, y: [0] })).toThrow(new RangeError(`evaluate: x ${width}`));
    expect(() => predictClasses(net3(), wide)).toThrow(new RangeError(`predictClasses: X ${width}`));
    expect(() => net3().forward(wide)).toThrow(new RangeError(`MLP.forward: X ${width}`));
  });

  it("an ad op given rows, an optimizer stepped with Tensors or nothing, a confusion matrix's bad prediction: each names itself", () => {
    expect(() => ad.add(t(), [1, 2] as never)).toThrow(/^ad\.add: b must be a Var, a Tensor or a number, got \[1, 2\]/);
    expect(() => ad.matmul(null as never, t())).toThrow(/^ad\.matmul: a must be a Var, a Tensor or a number, got null$/);
    expect(() => sgd({ lr: 0.1 }).step(null as never)).toThrow(
      /^sgd\.step: params must be an array of Vars \(net\.parameters\(\)\), got null$/,
    );
    expect(() => optimizers.adam({ lr: 0.1 }).step([t()] as never)).toThrow(
      /^adam\.step: params\[0\] must be a Var .*got a Tensor of shape 2×2$/,
    );
    expect(() => confusionMatrix([0, 3], [0, 1], 2)).toThrow(
      new RangeError("confusionMatrix: label predicted[1] = 3 is not a class index in 0..1"),
    );
  });

  it("typed arrays are data like arrays: Float64Array rows for x, Int32Array labels for y; null or a string for y is named", () => {
    const rows = [new Float64Array([0, 1]), new Float64Array([1, 0]), new Float64Array([1, 1])];
    expect(fitModel(net3(), { x: rows, y: new Int32Array([0, 1, 1]) }, base()).loss).toHaveLength(1);
    expect(() => fitModel(net3(), { x: [new Float64Array([0, 1]), new Float64Array([1])], y: [0, 1] }, base())).toThrow(
      /^fit: row 1 of x has 1 value, row 0 has 2$/,
    );
    expect(() => fitModel(net3(), { x, y: null as never }, base())).toThrow(/^fit: y must be a Tensor, .*got null$/);
    expect(() => evaluate(net3(), { x, y: "011" as never })).toThrow(/^evaluate: y must be a Tensor, .*got "011" \(a string\)$/);
  });

  it("no message of fit, evaluate or a loss starts with oneHot, asMatrix, Tensor.from or Tensor:", () => {
    const messages: string[] = [];
    const collect = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        messages.push((e as Error).message);
      }
    };
    collect(() => fitModel(net3(), { x, y: [0, 9, 1] }, base()));
    collect(() => fitModel(net3(), { x: [[0, 1], [1]], y: [0, 1] }, base()));
    collect(() => evaluate(net3(), { x, y: [[1, 0], [0, 1], [0]] }));
    collect(() => mse().value([[1], [2, 3]], [[1], [2]]));
    collect(() => mse().value([[1], ["2"]] as never, [[1], [2]]));
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m).not.toMatch(/^(oneHot|asMatrix|Tensor\.from|Tensor):/);
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
      /^activate: activation must be a name \("relu", "sigmoid", \.\.\.\) or an Activation \{ name, f, df \}, got 3$/,
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
      expect(() => make(0.01)).toThrow(
        new RegExp(
          `^${name}: options must be an object \\{ lr, weightDecay.*\\}, got 0\\.01: ${name}\\(\\{ lr: 0\\.01 \\}\\) makes an optimizer`,
        ),
      );
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
