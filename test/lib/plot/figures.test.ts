import { describe, expect, it } from "vitest";
import {
  activationFigure,
  computationGraph,
  computationGraphDot,
  confusionMatrixFigure,
  courseStyle,
  decisionBoundaryFigure,
  learningRateComparison,
  lossCurves,
  lossLandscapeFigure,
  networkDiagram,
  perceptronAnimation,
  softmaxBars,
  xorSpacesFigure,
} from "../../../lib/plot";
import { ad } from "../../../lib/autograd";
import { input, op, param, type Var } from "../../../lib/autograd/var";
import { mlp } from "../../../lib/nn/mlp";
import { Tensor } from "../../../lib/tensor/tensor";
import { relu, sigmoid, slidePerceptronTrace, slideW0, slideX, slideY, tanh, xorH, xorX } from "./helpers";

describe("activationFigure", () => {
  it("draws each activation and its dashed derivative in the same colour", () => {
    const fig = activationFigure([sigmoid, relu], { range: [-4, 4], points: 81 });
    expect(fig.data.map((t) => t.name)).toEqual(["sigmoid", "sigmoid′", "relu", "relu′"]);
    const [s, ds] = fig.data;
    expect(s.x).toHaveLength(81);
    expect((s.x as number[])[0]).toBe(-4);
    expect((s.y as number[])[40]).toBeCloseTo(0.5, 12); // sigmoid(0)
    expect((ds.y as number[])[40]).toBeCloseTo(0.25, 12); // sigmoid'(0)
    expect((ds.line as { dash: string }).dash).toBe("dash");
    expect((ds.line as { color: string }).color).toBe((s.line as { color: string }).color);
    expect(fig.layout.xaxis?.title?.text).toBe("z");
    expect(fig.layout.font).toMatchObject({ family: courseStyle.font.family });
  });
  it("more than two activations: one panel each with its own y range, so sigmoid is not squashed by softplus", () => {
    const softplus = { name: "softplus", f: (z: number) => Math.log1p(Math.exp(z)), df: sigmoid.f };
    const fig = activationFigure([sigmoid, tanh, relu, softplus], { range: [-5, 5], points: 11 });
    expect(fig.data).toHaveLength(8);
    expect(fig.data.map((t) => t.yaxis)).toEqual(["y", "y", "y2", "y2", "y3", "y3", "y4", "y4"]);
    expect(fig.layout.yaxis).not.toHaveProperty("range"); // autoscaled per panel
    expect(fig.layout.annotations).toHaveLength(4);
    const domains = [fig.layout.xaxis, fig.layout.xaxis2, fig.layout.xaxis3].map((a) => (a as { domain: number[] }).domain);
    for (let i = 1; i < domains.length; i++) expect(domains[i][0]).toBeGreaterThan(domains[i - 1][1]); // no overlap
  });
  it("accepts an activation whose f returns a one-element tensor", () => {
    const tensorAct = { name: "id", f: (z: number) => Tensor.from([z]), df: () => Tensor.from([1]) };
    const fig = activationFigure(tensorAct, { range: [0, 1], points: 3 });
    expect(fig.data[0].y).toEqual([0, 0.5, 1]);
  });
  it("rejects an empty list", () => {
    expect(() => activationFigure([])).toThrow(/no activation/);
  });
  it("takes the library's names as well as objects: one name, a list of names, names mixed with objects", () => {
    const one = activationFigure("relu", { range: [-1, 1], points: 3 });
    expect(one.data.map((t) => t.name)).toEqual(["relu", "relu′"]);
    expect(one.data[0].y).toEqual([0, 0, 1]);
    const named = activationFigure(["sigmoid", "tanh", "relu", "leakyRelu"], { points: 11 });
    expect(named.data.filter((t) => !String(t.name).endsWith("′")).map((t) => t.name)).toEqual([
      "sigmoid",
      "tanh",
      "relu",
      "leakyRelu",
    ]);
    // the same curves as the hand-written activations
    const mixed = activationFigure(["sigmoid", relu], { points: 11 });
    const byHand = activationFigure([sigmoid, relu], { points: 11 });
    for (let i = 0; i < 4; i++) {
      const [a, b] = [mixed.data[i].y as number[], byHand.data[i].y as number[]];
      for (let k = 0; k < a.length; k++) expect(a[k]).toBeCloseTo(b[k], 14);
    }
    expect(() => activationFigure("gelu" as "relu")).toThrow(
      /^activationFigure: activation "gelu" is unknown; known: identity, step/,
    );
  });
});

describe("decisionBoundaryFigure", () => {
  const X = xorX;
  it("colours the grid by the predicted class of an OR classifier, data on top", () => {
    const fig = decisionBoundaryFigure(X, [0, 1, 1, 1], (a, b) => (a + b - 0.5 > 0 ? 1 : 0), { resolution: 50 });
    const [heat, c0, c1] = fig.data;
    expect(heat.type).toBe("heatmap");
    expect(heat.z).toHaveLength(50);
    expect((heat.z as number[][])[0]).toHaveLength(50);
    expect((heat.z as number[][])[0][0]).toBe(0); // bottom-left corner predicted class 0
    expect((heat.z as number[][])[49][49]).toBe(1);
    expect(c0.x).toEqual([0]);
    expect(c1.x).toEqual([0, 1, 1]);
    expect(fig.layout.xaxis?.range?.[0]).toBeLessThan(0);
  });
  it("uses a model's predict on the whole grid: argmax of a (batch×K) output", () => {
    const model = {
      predict: (G: Tensor) => {
        const out = new Float64Array(G.rows * 2);
        for (let i = 0; i < G.rows; i++) out[i * 2 + (G.get(i, 0) > 0.5 ? 1 : 0)] = 1;
        return new Tensor([G.rows, 2], out);
      },
    };
    const fig = decisionBoundaryFigure(X, [0, 0, 1, 1], model, { resolution: 10, xRange: [0, 1], yRange: [0, 1] });
    const z = fig.data[0].z as number[][];
    expect(z[0].slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(z[0].slice(5)).toEqual([1, 1, 1, 1, 1]);
  });
  it("maps ±1 labels of a perceptron to its two classes", () => {
    const fig = decisionBoundaryFigure(X, [-1, 1, 1, 1], (a, b) => (a + b > 0.5 ? 1 : -1), { resolution: 5 });
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["y = -1", "y = 1"]);
    expect((fig.data[0].z as number[][])[4][4]).toBe(1);
  });
  it("names the shapes when X and y disagree", () => {
    expect(() => decisionBoundaryFigure(X, [0, 1], () => 0)).toThrow(/X has 4 rows but y has 2 labels/);
    expect(() => decisionBoundaryFigure([[1, 2, 3]], [0], () => 0)).toThrow(/\(n×2\)/);
  });
});

describe("perceptronAnimation", () => {
  it("perceptron training trace of the slides, η = lr = 0.5: one frame and one slider step per trace step", () => {
    const trace = slidePerceptronTrace(0.5);
    expect(trace.filter((s) => s.updated)).toHaveLength(27); // worked-examples: 15 epochs, 27 updates
    expect(trace).toHaveLength(60);
    const fig = perceptronAnimation(slideX, slideY, trace);
    expect(fig.frames).toHaveLength(trace.length);
    const slider = (fig.layout.sliders as { steps: { args: unknown[] }[] }[])[0];
    expect(slider.steps).toHaveLength(trace.length);
    expect(slider.steps[2].args[0]).toEqual(["step 3"]);
    const buttons = (fig.layout.updatemenus as { buttons: { label: string; method: string }[] }[])[0].buttons;
    expect(buttons.map((b) => b.method)).toEqual(["animate", "animate"]);
    expect(buttons[0].label).toMatch(/play/);
    // frame 2 (sample x1) has w = [0.5, 1.5, 3]: the line 0.5 + 1.5 x1 + 3 x2 = 0
    const f = fig.frames![1];
    expect(f.layout?.title?.text).toBe("epoch 1, sample x1<br>loss 1, update, w = [0.5, 1.5, 3]");
    const line = f.data[0] as { x: number[]; y: number[] };
    for (let k = 0; k < 2; k++) expect(0.5 + 1.5 * line.x[k] + 3 * line.y[k]).toBeCloseTo(0, 10);
    expect(f.data[1]).toMatchObject({ x: [5], y: [4] }); // the visited sample ringed
    expect(fig.frames![2].layout?.title?.text).toContain("loss 18.5");
    expect(fig.frames!.at(-1)!.layout?.title?.text).toContain("w = [0.5, -5, 9.5]");
    expect(fig.data.map((t) => t.name)).toEqual(["y = 1", "y = -1", "decision line", "current sample", "earlier lines"]);
    expect(f.traces).toEqual([2, 3, 4]);
  });
  it("shows the final frame until played (static images and PDFs show the trained line), play runs from the first", () => {
    for (const lr of [0.2, 0.5, 1]) {
      const trace = slidePerceptronTrace(lr);
      const fig = perceptronAnimation(slideX, slideY, trace, { w0: slideW0, title: `η = ${lr}` });
      const last = fig.frames!.at(-1)!;
      expect(fig.data[2]).toMatchObject({ x: last.data[0].x, y: last.data[0].y });
      expect(fig.layout.title?.text).toBe(last.layout?.title?.text);
      expect((fig.layout.sliders as { active: number }[])[0].active).toBe(fig.frames!.length - 1);
      const play = (fig.layout.updatemenus as { buttons: { args: unknown[] }[] }[])[0].buttons[0];
      expect(play.args[0]).toEqual(fig.frames!.map((fr) => fr.name));
      // every title line is short enough for a 640-px figure at 18 px (about 60 characters)
      for (const fr of fig.frames!) for (const line of fr.layout!.title!.text.split("<br>")) expect(line.length).toBeLessThan(60);
    }
    // the three learning rates end on the same line (w is scaled: [0.2, -2, 3.8] · 2.5 = [0.5, -5, 9.5]), but their
    // paths differ: the last frame shows every earlier line, the start and one per update (21, 27 and 29 updates)
    const paths = [0.2, 0.5, 1].map((eta) => perceptronAnimation(slideX, slideY, slidePerceptronTrace(eta)).data[4]);
    expect(paths.map((p) => (p.x as (number | null)[]).filter((v) => v === null).length)).toEqual([22, 28, 30]);
  });
  it("adds a start frame for the initial weights", () => {
    const trace = slidePerceptronTrace(1);
    const fig = perceptronAnimation(slideX, slideY, trace, { w0: slideW0 });
    expect(fig.frames).toHaveLength(trace.length + 1);
    expect(fig.frames![0].name).toBe("start");
  });
  it("rejects an empty trace and samples with the wrong number of features", () => {
    expect(() => perceptronAnimation(slideX, slideY, [])).toThrow(/trace is empty/);
    expect(() => perceptronAnimation([[1, 2, 3, 4]], [1], slidePerceptronTrace(1))).toThrow(/2 features/);
  });
});

describe("xorSpacesFigure", () => {
  it("XOR of the slides: x-space beside h-space with the separating line through h", () => {
    const [X, H] = [xorX, xorH];
    const fig = xorSpacesFigure(X, H, [0, 1, 1, 0], { outputWeights: [0, 1, -2] });
    const left = fig.data.filter((t) => t.xaxis === "x");
    const right = fig.data.filter((t) => t.xaxis === "x2");
    expect(left).toHaveLength(2);
    expect(right).toHaveLength(3);
    expect(right[1].x).toEqual([1, 1]); // x1 and x2 land on the same hidden point
    const line = right[2] as { x: number[]; y: number[] };
    for (let k = 0; k < 2; k++) expect(line.x[k] - 2 * line.y[k]).toBeCloseTo(0, 10);
    expect(fig.layout.xaxis2).toMatchObject({ domain: [0.55, 1] });
  });
  it("labels inputs that share a hidden point once (x₁, x₂ at h = (1, 0)), pointing into the plot", () => {
    const [X, H] = [xorX, xorH];
    const fig = xorSpacesFigure(X, H, [0, 1, 1, 0]);
    const right = fig.data.filter((t) => t.xaxis === "x2");
    const labels = right.flatMap((t) => t.text as string[]);
    expect(labels.filter((l) => l !== "")).toEqual(["x₀", "x₃", "x₁, x₂"]);
    // the point at the top right (2, 1) is labelled towards the bottom left, away from the axis titles
    const class0 = right[0] as { x: number[]; textposition: string[] };
    expect(class0.textposition[class0.x.indexOf(2)]).toBe("bottom left");
    expect(fig.layout.legend).toMatchObject({ orientation: "h" });
  });
});

describe("softmaxBars", () => {
  it("softmax of the slides' logits: z = [0.6, 1.1, -1.5, 1.2, 3.2, -1.1]", () => {
    const fig = softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]);
    const [z, p] = fig.data;
    expect(z.type).toBe("bar");
    const probs = p.y as number[];
    const expected = [0.054825, 0.090392, 0.006714, 0.099898, 0.738155, 0.010016];
    for (const [i, v] of probs.entries()) expect(v).toBeCloseTo(expected[i], 6);
    expect(p.text).toContain("0.738");
    expect(p.yaxis).toBe("y2");
  });
  it("draws given probabilities alone", () => {
    const fig = softmaxBars([0.2, 0.8], { input: "probabilities", labels: ["cat", "dog"] });
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].x).toEqual(["cat", "dog"]);
  });
});

describe("lossCurves and learningRateComparison", () => {
  it("puts losses on the left axis and accuracies on the right", () => {
    const fig = lossCurves({
      epoch: [1, 2, 3],
      loss: [1, 0.5, 0.3],
      valLoss: [1.1, 0.6, 0.4],
      accuracy: [0.5, 0.8, 0.9],
      valAccuracy: [],
    });
    expect(fig.data.map((t) => [t.name, t.yaxis])).toEqual([
      ["training loss", "y"],
      ["validation loss", "y"],
      ["training accuracy", "y2"],
    ]);
    expect(fig.layout.yaxis2).toMatchObject({ overlaying: "y", side: "right" });
  });
  it("reads train's History, ignoring its non-array fields (stopReason, bestEpoch)", () => {
    const history = {
      epoch: [1, 2],
      loss: [1, 0.5],
      accuracy: [],
      valLoss: [],
      valAccuracy: [],
      lr: [0.1, 0.1],
      stopReason: "epochs",
      bestEpoch: null,
    };
    const fig = lossCurves(history);
    expect(fig.data.map((t) => t.name)).toEqual(["training loss"]);
  });
  it("draws named series, one line each", () => {
    const fig = lossCurves({ "naive random updates": [3, 2.9], "gradient descent": [3, 1] }, { logY: true, xTitle: "step" });
    expect(fig.data.map((t) => t.name)).toEqual(["naive random updates", "gradient descent"]);
    expect(fig.layout.yaxis?.type).toBe("log");
    expect(fig.layout.xaxis?.title?.text).toBe("step");
  });
  it("marks a diverged learning rate and leaves its infinite losses out", () => {
    const fig = learningRateComparison([
      { lr: 0.01, loss: [1, 0.9, 0.8] },
      { lr: 10, loss: [1, 50, Number.POSITIVE_INFINITY] },
    ]);
    expect(fig.data[1].name).toBe("η = 10 (diverged)");
    expect(fig.data[1].y).toEqual([1, 50, null]);
    expect(fig.layout.yaxis?.type).toBe("log");
  });
  it("log axes label only powers of ten over a decade or more, at most five plain labels over less", () => {
    const wide = learningRateComparison([{ lr: 0.1, loss: [20, 2, 0.05] }]);
    expect(wide.layout.yaxis).toMatchObject({ type: "log", dtick: 1 });
    const narrow = lossCurves({ loss: [3, 2.5, 2] }, { logY: true });
    expect(narrow.layout.yaxis).toMatchObject({ type: "log", nticks: 5 });
    expect(narrow.layout.yaxis).not.toHaveProperty("dtick");
  });
});

describe("lossLandscapeFigure", () => {
  const bowl = (a: number, b: number) => a * a + 10 * b * b;
  const paths = [
    {
      name: "SGD",
      points: [
        [2, 1],
        [1.6, 0.2],
        [1.28, 0.04],
      ],
    },
    {
      name: "momentum",
      points: [
        [2, 1],
        [1.5, -0.2],
      ],
    },
    {
      name: "Adam",
      points: [
        [2, 1],
        [1.9, 0.9],
        [1.8, 0.8],
      ],
    },
  ];
  it("surface and contours side by side, each path on both", () => {
    const fig = lossLandscapeFigure(bowl, { paths, resolution: 30 });
    expect(fig.data.filter((t) => t.type === "surface")).toHaveLength(1);
    expect(fig.data.filter((t) => t.type === "contour")).toHaveLength(1);
    expect(fig.data.filter((t) => t.type === "scatter3d").map((t) => t.name)).toEqual(["SGD", "momentum", "Adam"]);
    const sgd3d = fig.data.find((t) => t.type === "scatter3d" && t.name === "SGD")!;
    expect(sgd3d.z).toEqual([14, 1.6 ** 2 + 10 * 0.04, 1.28 ** 2 + 10 * 0.04 ** 2].map((v) => expect.closeTo(v, 10)));
    const surf = fig.data[0];
    expect(surf.z).toHaveLength(30);
    expect(fig.layout.scene).toBeDefined();
    expect(fig.layout.title?.text).toBe("Loss landscape and SGD vs momentum vs Adam");
  });
  it("contour view alone with log levels", () => {
    const fig = lossLandscapeFigure(bowl, {
      view: "contour",
      logScale: true,
      resolution: 11,
      w1Range: [-1, 1],
      w2Range: [-1, 1],
    });
    expect(fig.data).toHaveLength(1);
    expect((fig.data[0].z as number[][])[5][5]).toBe(-12); // log10 of the clamped minimum 0
  });
});

describe("confusionMatrixFigure", () => {
  it("writes counts into the cells with the true class on the vertical axis", () => {
    const fig = confusionMatrixFigure(
      [
        [5, 1],
        [2, 7],
      ],
      { classNames: ["setosa", "other"] },
    );
    const h = fig.data[0];
    expect(h.type).toBe("heatmap");
    expect(h.text).toEqual([
      ["5", "1"],
      ["2", "7"],
    ]);
    expect(fig.layout.yaxis).toMatchObject({ autorange: "reversed" });
    expect(fig.layout.yaxis?.title?.text).toBe("true class");
  });
  it("the colour scale runs from white at 0 to dark at the largest count; labels and titles have room", () => {
    const names = ["setosa", "versicolor", "virginica"];
    const fig = confusionMatrixFigure(
      [
        [15, 0, 0],
        [0, 14, 1],
        [0, 2, 13],
      ],
      names,
    );
    const h = fig.data[0] as { colorscale: [number, string][]; zmin: number };
    const lightness = (hex: string) => [1, 3, 5].reduce((a, i) => a + Number.parseInt(hex.slice(i, i + 2), 16), 0);
    expect(h.zmin).toBe(0);
    expect(lightness(h.colorscale[0][1])).toBeGreaterThan(lightness(h.colorscale.at(-1)![1]));
    expect(fig.layout.yaxis).toMatchObject({ automargin: true, title: { standoff: 14 } });
    expect(fig.layout.xaxis).toMatchObject({ automargin: true });
    // the left margin holds "versicolor" (10 characters at 14 px, about 8 px each)
    expect((fig.layout.margin as { l: number }).l).toBeGreaterThanOrEqual(80 + 10);
  });
  it("normalizes rows to recall and rejects non-square input", () => {
    const fig = confusionMatrixFigure(
      [
        [1, 3],
        [0, 2],
      ],
      { normalize: true },
    );
    expect(fig.data[0].z).toEqual([
      [0.25, 0.75],
      [0, 1],
    ]);
    expect(() => confusionMatrixFigure([[1, 2]])).toThrow(/square matrix, got 1×2/);
  });
  it("a class name given twice is named (a category axis would draw the two classes as one row)", () => {
    expect(() =>
      confusionMatrixFigure(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        ["cat", "dog", "cat"],
      ),
    ).toThrow(/confusionMatrixFigure: class name "cat" is given twice \(0 and 2\)/);
    expect(() => softmaxBars([1, 2], { labels: ["a", "a"] })).toThrow(/softmaxBars: class label "a" is given twice/);
  });
});

describe("networkDiagram", () => {
  it("the XOR network 2-2-1 with its weights on the edges", () => {
    const W1 = [
      [1, 1],
      [1, 1],
    ];
    const W2 = [[1], [-2]];
    const fig = networkDiagram([2, 2, 1], { weights: [W1, W2] });
    const edges = fig.data.filter((t) => t.name?.startsWith("edge"));
    expect(edges).toHaveLength(6);
    const neg = edges.find((t) => t.name === "edge 1:1→0")!;
    expect((neg.line as { color: string }).color).toBe("#2166AC");
    const labels = (fig.layout.annotations as { text: string }[]).slice(3).map((a) => a.text);
    expect(labels).toEqual(["1", "1", "1", "1", "1", "-2"]);
    const units = fig.data.find((t) => t.name === "units")!;
    expect(units.text).toEqual(["x₁", "x₂", "h₁", "h₂", "ŷ₁"]);
  });
  it("names the layer whose weight matrix has the wrong shape", () => {
    expect(() => networkDiagram([2, 3], { weights: [[[1, 2]]] })).toThrow(/layer 1 weights are 1×2, expected 2×3/);
  });
});

/** The DOT text of the graph ending at v, labelled, after v.backward() (so it shows values and gradients). */
function dotAfterBackward(v: Var, label: string): string {
  v.label = label;
  v.backward();
  return computationGraphDot(v);
}

describe("computationGraph", () => {
  const graph = {
    nodes: [
      { id: "x", op: "param", label: "x", shape: [], value: 2, grad: 4 },
      { id: "y", op: "mul", label: "y", shape: [], value: 4, grad: 1 },
    ],
    edges: [
      { from: "x", to: "y" },
      { from: "x", to: "y" },
    ],
  };
  it("writes DOT with value and gradient on each node", () => {
    const dot = computationGraphDot(graph);
    expect(dot).toMatch(/^digraph computation \{/);
    expect(dot).toContain('"x" -> "y";');
    expect(dot).toContain("value 2");
    expect(dot).toContain("grad 4");
    expect(dot).toContain("<b>y = mul</b>");
  });
  it("walks an autograd expression y = x·x after backward", () => {
    const x = param(Tensor.from([3]), "x");
    // y = x·x written with the core op(), so this test does not wait for the ad namespace
    const y = op("mul", Tensor.from([9]), [x, x], (g) => [Tensor.from([g.data[0] * 3]), Tensor.from([g.data[0] * 3])]);
    const dot = dotAfterBackward(y, "y");
    expect(dot).toContain("<b>x</b>");
    expect(dot).toContain("value 9");
    expect(dot).toContain("grad 6");
    expect(dot.match(/->/g)).toHaveLength(2);
  });
  it("notebook 08's logistic regression: the graph of L = −log σ(x·w + b) through ad.graphOf, after backward", async () => {
    const xIn = input(Tensor.from([[1, 2]]), "x");
    const w = param(Tensor.from([[0.5], [-0.3]]), "w");
    const b = param(Tensor.from([[0.1]]), "b");
    const z = ad.addBias(ad.matmul(xIn, w), b);
    const yhat = ad.map(z, sigmoid.f, sigmoid.df, "sigmoid");
    const L = ad.neg(ad.log(yhat));
    const dot = dotAfterBackward(L, "L");
    // z = 0.5 − 0.6 + 0.1 = 0; σ(0) = 0.5; L = ln 2; dL/dz = σ(z) − 1 = −0.5, dL/dw = −0.5·x
    expect(dot).toContain("<b>L = neg</b>");
    expect(dot).toContain("value 0.6931");
    expect(dot).toContain("grad [-0.5, -1]");
    const svg = await computationGraph(L);
    expect((svg.match(/class="node"/g) ?? []).length).toBe(ad.graphOf(L).nodes.length);
  });
  it("lays the graph out as SVG with Graphviz (wasm)", async () => {
    const svg = await computationGraph(graph);
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>/);
    expect(svg).toContain("grad 4");
    expect((svg.match(/class="node"/g) ?? []).length).toBe(2);
    expect((svg.match(/class="edge"/g) ?? []).length).toBe(2);
  });
  it("names an edge to an unknown node", () => {
    expect(() => computationGraphDot({ nodes: [], edges: [{ from: 1, to: 2 }] })).toThrow(/unknown node 1/);
  });
});

describe("a figure given null, a network or the wrong kind of data names it, instead of Node's 'reading length'", () => {
  it("networkDiagram(net), lossCurves(null), learningRateComparison without losses, computationGraphDot(null), perceptronAnimation without a trace", () => {
    const net = mlp([2, 1], { init: "zeros" });
    expect(() => networkDiagram(net as never)).toThrow(
      /^networkDiagram: sizes must be the layer sizes, e\.g\. \[2, 3, 1\], got an MLP \(net\.sizes gives a network's sizes\)$/,
    );
    expect(() => lossCurves(null as never)).toThrow(/^lossCurves: history must be what fit returned .*got null$/);
    expect(() => learningRateComparison([{ lr: 1 }] as never)).toThrow(
      /^learningRateComparison: runs\[0\] must be \{ lr, loss: number\[\] \}, got an object \{ lr \}$/,
    );
    expect(() => learningRateComparison(null as never)).toThrow(/^learningRateComparison: runs must be an array .*got null$/);
    expect(() => computationGraphDot(null as never)).toThrow(/^computationGraphDot: graph must be a Var .*got null$/);
    expect(() => perceptronAnimation([[1, 0]], [1], null as never)).toThrow(
      /^perceptronAnimation: trace must be trainPerceptron\(\.\.\.\)\.trace, got null$/,
    );
  });
});
