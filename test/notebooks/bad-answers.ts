/**
 * Wrong answers for every exercise of the course notebooks, to prove that each self-check rejects them with a message
 * that says what was expected. Each entry replaces the exercise cell's whole source; `message` must match the
 * self-check's one-line failure. The untouched stub of the student edition is tried as well, by the test itself.
 */
export interface BadAnswer {
  /** What kind of wrong answer: "NaN", "empty", "wrong shape", "wrong type", "Infinity", "wrong value". */
  kind: string;
  source: string;
  message: RegExp;
}

export interface Exercise {
  notebook: string;
  /** The id of the exercise (solution) cell and of its self-check cell. */
  exercise: string;
  check: string;
  bad: BadAnswer[];
}

const fn = (signature: string, body: string) => `function ${signature} {\n  ${body}\n}`;
const TANH = "myTanhUnit(w: Tensor, b: number, x: Tensor): number";
const STEP = "myPerceptronStep(w: number[], x: number[], y: number, lr: number): number[]";
const QUIZ = (value: string) =>
  `let myQuizW = ${value} as number[];\nconst quizPoints = { a: [1, 1], b: [0, 1], c: [1, 0], d: [0, 0] };`;
const XNOR = (w: string, b: string) =>
  `let myW = ${w} as unknown as number[];\nlet myB = ${b} as unknown as number;\nconst myXnorLayer = { w: myW, b: myB };`;
const COUNT = "myParameterCount(sizes: number[]): number";
const SOFTMAX = "mySoftmax(scores: number[]): number[]";
const BCE = "myBce(yhat: number, y: number): number";
const GD = "gdByHand(steps: number): number";
const NEURON = "neuronGrad(wv: number, bv: number, xv: number, t: number): [number, number]";
const BIAS = "newBias(): number[]";
/** add, mul, sigmoid and backward as the solution writes them, with one part replaced: the part under test. */
const OPS = (part: { add?: string; mul?: string; sigmoidValue?: string; sigmoidBackward?: string; seed?: string }) => `
function add(a: Value, b: Value): Value {
  const out = new Value(a.data + b.data, [a, b], "+");
  out.backwardStep = () => { ${part.add ?? "a.grad += out.grad; b.grad += out.grad;"} };
  return out;
}
function mul(a: Value, b: Value): Value {
  const out = new Value(a.data * b.data, [a, b], "×");
  out.backwardStep = () => { ${part.mul ?? "a.grad += b.data * out.grad; b.grad += a.data * out.grad;"} };
  return out;
}
function sigmoid(a: Value): Value {
  const s = ${part.sigmoidValue ?? "1 / (1 + Math.exp(-a.data))"};
  const out = new Value(s, [a], "σ");
  out.backwardStep = () => { ${part.sigmoidBackward ?? "a.grad += s * (1 - s) * out.grad;"} };
  return out;
}
function backward(L: Value): void {
  const order: Value[] = [];
  const seen = new Set<Value>();
  const visit = (v: Value): void => { if (seen.has(v)) return; seen.add(v); for (const u of v.inputs) visit(u); order.push(v); };
  visit(L);
  for (const v of order) v.grad = 0;
  ${part.seed ?? "L.grad = 1;"}
  for (let k = order.length - 1; k >= 0; k--) order[k].backwardStep();
}`;

export const EXERCISES: Exercise[] = [
  {
    notebook: "01-neural-unit.ipynb",
    exercise: "ex-tanh-unit",
    check: "check-tanh-unit",
    bad: [
      {
        kind: "NaN",
        source: fn(TANH, "return Number.NaN;"),
        message: /myTanhUnit\(w, b, \[.*\]\) is NaN .*expected a finite number/,
      },
      {
        kind: "Infinity",
        source: fn(TANH, "return Number.POSITIVE_INFINITY;"),
        message: /is Infinity: expected a finite number/,
      },
      {
        kind: "wrong type",
        source: fn(TANH, 'return "0.76" as unknown as number;'),
        message: /is a string \("0.76"\): expected a finite number/,
      },
      {
        kind: "wrong shape",
        source: fn(TANH, "return [Math.tanh(0.87)] as unknown as number;"),
        message: /is an array of 1 value: expected a finite number/,
      },
      {
        kind: "empty",
        source: fn(TANH, "return [] as unknown as number;"),
        message: /is an empty array: expected a finite number/,
      },
      {
        kind: "wrong value",
        source: fn(TANH, "return 1 / (1 + Math.exp(-(dot(w, x) + b)));"),
        message: /not yet: .* expected 0\.70/,
      },
    ],
  },
  {
    notebook: "02-perceptron.ipynb",
    exercise: "ex-quiz-weights",
    check: "check-quiz-weights",
    bad: [
      { kind: "empty", source: QUIZ("[]"), message: /myQuizW is an empty array: expected an array of 3 numbers/ },
      { kind: "wrong shape", source: QUIZ("[1, 1]"), message: /myQuizW is an array of 2 values: expected an array of 3 numbers/ },
      { kind: "wrong value", source: QUIZ("[0, 1, 1]"), message: /not yet: d = \(0, 0\) gets w·x = 0/ },
    ],
  },
  {
    notebook: "02-perceptron.ipynb",
    exercise: "ex-perceptron-step",
    check: "check-perceptron-step",
    bad: [
      { kind: "NaN", source: fn(STEP, "return w.map(() => Number.NaN);"), message: /\[0\] is NaN .*expected a finite number/ },
      { kind: "empty", source: fn(STEP, "return [];"), message: /is an empty array: expected an array of 3 numbers/ },
      {
        kind: "wrong shape",
        source: fn(STEP, "return w.slice(1);"),
        message: /is an array of 2 values: expected an array of 3 numbers/,
      },
      {
        kind: "wrong value",
        source: fn(STEP, "return w.slice();"),
        message: /not yet: myPerceptronStep\(.*\) is \[.*\], expected \[/,
      },
    ],
  },
  {
    notebook: "03-xor.ipynb",
    exercise: "ex-xnor",
    check: "check-xnor",
    bad: [
      { kind: "empty", source: XNOR("[]", "1"), message: /myW is an empty array: expected an array of 2 numbers/ },
      {
        kind: "wrong shape",
        source: XNOR("[-1, 2, 0]", "1"),
        message: /myW is an array of 3 values: expected an array of 2 numbers/,
      },
      { kind: "wrong type", source: XNOR("[-1, 2]", '"1"'), message: /myB is a string \("1"\): expected a finite number/ },
      {
        kind: "wrong value",
        source: XNOR("[1, -2]", "0"),
        message: /not yet: your network's outputs .* is \[0, 1, 1, 0\], expected \[1, 0, 0, 1\]/,
      },
    ],
  },
  {
    notebook: "04-feedforward-networks.ipynb",
    exercise: "ex-parameter-count",
    check: "check-parameter-count",
    bad: [
      { kind: "NaN", source: fn(COUNT, "return Number.NaN;"), message: /myParameterCount\(\[2,3,1\]\) is NaN/ },
      {
        kind: "wrong type",
        source: fn(COUNT, 'return "13" as unknown as number;'),
        message: /is a string \("13"\): expected a number/,
      },
      {
        kind: "wrong value",
        source: fn(COUNT, "return sizes.reduce((s, n, i) => (i ? s + sizes[i - 1] * n : 0), 0);"),
        message: /not yet: myParameterCount\(\[2,3,1\]\) is 9, expected 13/,
      },
    ],
  },
  {
    notebook: "05-softmax.ipynb",
    exercise: "ex-softmax",
    check: "check-softmax",
    bad: [
      { kind: "NaN", source: fn(SOFTMAX, "return scores.map(() => Number.NaN);"), message: /\[0\] is NaN/ },
      { kind: "empty", source: fn(SOFTMAX, "return [];"), message: /is an empty array: expected an array of 6 numbers/ },
      {
        kind: "wrong shape",
        source: fn(SOFTMAX, "return scores.slice(1);"),
        message: /is an array of 5 values: expected an array of 6 numbers/,
      },
      {
        kind: "unstable (NaN on large scores)",
        source: fn(
          SOFTMAX,
          "const e = scores.map(Math.exp); const t = e.reduce((a, v) => a + v, 0); return e.map((v) => v / t);",
        ),
        message: /mySoftmax\(\[1000,1001,1002\]\)\[0\] is NaN/,
      },
    ],
  },
  {
    notebook: "06-loss-functions.ipynb",
    exercise: "nb06-34",
    check: "nb06-35",
    bad: [
      { kind: "NaN", source: fn(BCE, "return Number.NaN;"), message: /myBce\(0.9, 1\) is NaN/ },
      { kind: "Infinity", source: fn(BCE, "return -Math.log(0);"), message: /myBce\(0.9, 1\) is Infinity/ },
      {
        kind: "wrong shape",
        source: fn(BCE, "return [0.1] as unknown as number;"),
        message: /is an array of 1 value: expected a finite number/,
      },
      {
        kind: "wrong value",
        source: fn(BCE, "return -(y * Math.log10(yhat) + (1 - y) * Math.log10(1 - yhat));"),
        message: /not yet: myBce\(0.9, 1\)/,
      },
    ],
  },
  {
    notebook: "07-gradient-descent.ipynb",
    exercise: "nb07-22",
    check: "nb07-23",
    bad: [
      { kind: "NaN", source: fn(GD, "return Number.NaN;"), message: /gdByHand\(1\) is NaN/ },
      { kind: "wrong type", source: fn(GD, 'return "0.6" as unknown as number;'), message: /gdByHand\(1\) is a string/ },
      {
        kind: "wrong value",
        source: fn(GD, "let w = 0; for (let t = 0; t < steps; t++) w = w + 0.1 * 2 * (w - 3); return w;"),
        message: /not yet: gdByHand\(1\) is -0.6, expected 0.6/,
      },
    ],
  },
  {
    notebook: "08-backpropagation.ipynb",
    exercise: "nb08-23",
    check: "nb08-24",
    bad: [
      { kind: "NaN", source: fn(NEURON, "return [Number.NaN, Number.NaN];"), message: /\[0\] is NaN/ },
      {
        kind: "empty",
        source: fn(NEURON, "return [] as unknown as [number, number];"),
        message: /is an empty array: expected an array of 2 numbers/,
      },
      {
        kind: "wrong shape",
        source: fn(NEURON, "return [1] as unknown as [number, number];"),
        message: /is an array of 1 value: expected an array of 2 numbers/,
      },
    ],
  },
  {
    notebook: "08-backpropagation.ipynb",
    exercise: "ex-own-add",
    check: "check-own-autograd-reuse",
    bad: [
      {
        kind: "wrong value (= instead of += in add)",
        source: OPS({ add: "a.grad = out.grad; b.grad = out.grad;" }),
        message: /not yet: d\(\(x \+ x\)·x\)\/dx at x = 3 is 3, expected 12\. a node used more than once/,
      },
    ],
  },
  {
    notebook: "08-backpropagation.ipynb",
    exercise: "ex-own-mul",
    check: "check-own-autograd-reuse",
    bad: [
      {
        kind: "wrong value (= instead of += in mul)",
        source: OPS({ mul: "a.grad = b.data * out.grad; b.grad = a.data * out.grad;" }),
        message: /not yet: d\(x·x \+ x\)\/dx at x = 3 is 3, expected 7\. a node used more than once/,
      },
    ],
  },
  {
    notebook: "08-backpropagation.ipynb",
    exercise: "ex-own-sigmoid",
    check: "check-own-autograd",
    bad: [
      { kind: "NaN", source: OPS({ sigmoidValue: "Number.NaN" }), message: /your L is NaN/ },
      {
        kind: "wrong value (derivative s instead of s(1 − s))",
        source: OPS({ sigmoidBackward: "a.grad += s * out.grad;" }),
        message: /not yet: your \[∂L\/∂w₁, ∂L\/∂w₂, ∂L\/∂b\] is/,
      },
    ],
  },
  {
    notebook: "08-backpropagation.ipynb",
    exercise: "ex-own-backward",
    check: "check-own-autograd",
    bad: [
      {
        kind: "wrong value (no seed ∂L/∂L = 1)",
        source: OPS({ seed: "" }),
        message: /not yet: your \[∂L\/∂w₁, ∂L\/∂w₂, ∂L\/∂b\] is \[0, 0, 0\], expected/,
      },
    ],
  },
  {
    notebook: "09-iris.ipynb",
    exercise: "nb09-33",
    check: "nb09-34",
    bad: [
      { kind: "NaN", source: fn(BIAS, "return [Number.NaN, Number.NaN, Number.NaN];"), message: /newBias\(\)\[0\] is NaN/ },
      { kind: "empty", source: fn(BIAS, "return [];"), message: /newBias\(\) is an empty array: expected an array of 3 numbers/ },
      {
        kind: "wrong shape",
        source: fn(BIAS, "return [0, 0];"),
        message: /newBias\(\) is an array of 2 values: expected an array of 3 numbers/,
      },
      {
        kind: "wrong value",
        source: fn(BIAS, "return [0, 1, 2].map((i) => b2.data[i] + 0.5 * (yhat.data[i] - y.data[i]));"),
        message: /not yet: newBias\(\) is/,
      },
    ],
  },
];
