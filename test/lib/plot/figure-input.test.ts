import { describe, expect, it } from "vitest";
import {
  activationFigure,
  computationGraphDot,
  confusionMatrixFigure,
  decisionBoundaryFigure,
  learningRateComparison,
  lossCurves,
  lossLandscapeFigure,
  networkDiagram,
  softmaxBars,
  xorSpacesFigure,
} from "../../../lib/plot";
import { Tensor } from "../../../lib/tensor/tensor";
import { relu, xorH, xorX } from "./helpers";

// The figure builders refuse input they cannot draw truthfully (a batch as one distribution, a typo'd option, 17-digit
// cell texts), naming the argument and the bad value, as the rest of the library does.

describe("softmaxBars refuses what is not one distribution", () => {
  it("a batch of logits (a 2×3 Tensor) is refused with its shape, not drawn as one softmax over 6 classes", () => {
    expect(() =>
      softmaxBars(
        Tensor.from([
          [1, 2, 3],
          [9, 8, 7],
        ]),
      ),
    ).toThrow(/softmaxBars: logits must be one vector, got a Tensor of shape 2×3: draw one row/);
  });
  it("a 1×K row or K×1 column Tensor is one vector and is drawn", () => {
    expect(softmaxBars(Tensor.from([[1, 2, 3]])).data[0].y).toEqual([1, 2, 3]);
    expect(softmaxBars(Tensor.from([[1], [2]])).data[0].y).toEqual([1, 2]);
  });
  it("nested arrays are refused, not drawn as arrays on the bars", () => {
    expect(() =>
      softmaxBars([
        [1, 2],
        [3, 4],
      ] as unknown as number[]),
    ).toThrow(/softmaxBars: logits must be one vector, got nested arrays/);
  });
  it("a string among the values is named with its index", () => {
    expect(() => softmaxBars([1, "2", 3] as unknown as number[])).toThrow(/softmaxBars: logits\[1\] must be a number, got "2"/);
  });
  it("NaN and +Infinity logits are named with their index; every class masked (-Infinity) is refused", () => {
    expect(() => softmaxBars([1, Number.NaN, 3])).toThrow(/softmaxBars: logits\[1\] is NaN/);
    expect(() => softmaxBars([1, 2, Number.POSITIVE_INFINITY])).toThrow(/logits\[2\] is Infinity/);
    expect(() => softmaxBars(Tensor.from([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]))).toThrow(
      /every logit is -Infinity/,
    );
  });

  it("a logit of -Infinity is a masked class: no bar, its text says so, probability 0", () => {
    const fig = softmaxBars([2, 1, Number.NEGATIVE_INFINITY], { labels: ["a", "b", "masked"] });
    expect(fig.data[0].y).toEqual([2, 1, null]);
    expect((fig.data[0] as { text?: string[] }).text?.[2]).toBe("−∞ (masked)");
    const p = fig.data[1].y as number[];
    expect(p[2]).toBe(0);
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
    expect(JSON.stringify(fig)).not.toContain("Infinity");
  });
  it("probabilities that are negative, above 1 or do not sum to 1 are refused; rounded ones pass", () => {
    const p = { input: "probabilities" } as const;
    expect(() => softmaxBars([0.5, 0.9, -0.3], p)).toThrow(/softmaxBars: probabilities\[2\] is -0.3/);
    expect(() => softmaxBars([1.5, -0.5], p)).toThrow(/probabilities\[0\] is 1.5/);
    expect(() => softmaxBars([0.5, 0.2, 0.1], p)).toThrow(/probabilities sum to 0.8, not 1/);
    expect(() => softmaxBars([0.2, Number.NaN, 0.8], p)).toThrow(/probabilities\[1\] is NaN/);
    expect(softmaxBars([0.33, 0.33, 0.33], p).data[0].y).toEqual([0.33, 0.33, 0.33]);
  });
  it("a typo'd input value is refused, not read as probabilities", () => {
    expect(() => softmaxBars([1, 2], { input: "probs" } as never)).toThrow(
      /softmaxBars: option input must be "logits" or "probabilities", got "probs" \(a string\)/,
    );
    expect(() => softmaxBars([1, 2], { input: "logit" } as never)).toThrow(RangeError);
  });
  it("unknown options are named with the known ones", () => {
    expect(() => softmaxBars([1, 2], { lables: ["a", "b"] } as never)).toThrow(
      /softmaxBars: unknown option "lables"; known: labels, input, title/,
    );
    expect(() => softmaxBars([1, 2], "logits" as never)).toThrow(TypeError);
  });
  it("numeric labels are written as text; other label kinds are named", () => {
    expect(softmaxBars([1, 2], { labels: [7, 8] as never }).data[0].x).toEqual(["7", "8"]);
    expect(() => softmaxBars([1, 2], { labels: ["a", null] as never })).toThrow(
      /softmaxBars: labels\[1\] must be a string, got null/,
    );
  });
  it("a vocabulary-sized softmax is capped in width (labels thinned, said in the title)", () => {
    for (const k of [100, 500, 5000]) {
      const fig = softmaxBars(Array.from({ length: k }, (_, i) => Math.sin(i)));
      expect(fig.layout.width).toBeLessThanOrEqual(1600);
      expect(fig.layout.title?.text).toMatch(/every \d+(st|nd|rd|th) class label/);
      const probs = softmaxBars(
        Array.from({ length: k }, () => 1 / k),
        { input: "probabilities" },
      );
      expect(probs.layout.width).toBeLessThanOrEqual(1200);
    }
  });
});

describe("confusionMatrixFigure names what is wrong and writes what the values are", () => {
  const thirds = [
    [1 / 3, 1 / 6, 1 / 2],
    [1 / 6, 2 / 3, 1 / 6],
    [0, 1 / 3, 2 / 3],
  ];
  it("fractions the user computed are written to 3 significant digits, titled 'value', not 17-digit counts", () => {
    const fig = confusionMatrixFigure(thirds, ["a", "b", "c"]);
    expect(fig.data[0].text).toEqual([
      ["0.333", "0.167", "0.5"],
      ["0.167", "0.667", "0.167"],
      ["0", "0.333", "0.667"],
    ]);
    expect((fig.data[0].colorbar as { title: { text: string } }).title.text).toBe("value");
    expect(fig.data[0].z).toEqual(thirds); // the colours keep the exact values
  });
  it("a mean over folds (large non-integers) keeps 3 significant digits", () => {
    const fig = confusionMatrixFigure([
      [123.456, 0.5],
      [2.25, 98.7654],
    ]);
    expect(fig.data[0].text).toEqual([
      ["123", "0.5"],
      ["2.25", "98.8"],
    ]);
  });
  it("integer counts are written as they are, titled 'count'; normalize titles 'fraction'", () => {
    const counts = confusionMatrixFigure([
      [12345, 3],
      [0, 7],
    ]);
    expect(counts.data[0].text).toEqual([
      ["12345", "3"],
      ["0", "7"],
    ]);
    expect((counts.data[0].colorbar as { title: { text: string } }).title.text).toBe("count");
    const fractions = confusionMatrixFigure(thirds, { normalize: true });
    expect((fractions.data[0].colorbar as { title: { text: string } }).title.text).toBe("fraction");
  });
  it("a ragged matrix names the row and its length, not a misleading square size", () => {
    expect(() => confusionMatrixFigure([[1, 2], [3]])).toThrow(
      /confusionMatrixFigure: matrix is ragged: row 1 has 1 values, row 0 has 2/,
    );
    expect(() => confusionMatrixFigure([[1], [2, 3], [4, 5, 6]])).toThrow(/row 1 has 2 values, row 0 has 1/);
  });
  it("negative, NaN and infinite cells are named by their position", () => {
    expect(() =>
      confusionMatrixFigure([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/confusionMatrixFigure: matrix\[0\]\[1\] is -2/);
    expect(() =>
      confusionMatrixFigure([
        [1, 2],
        [Number.NaN, 4],
      ]),
    ).toThrow(/matrix\[1\]\[0\] is NaN/);
    expect(() =>
      confusionMatrixFigure([
        [1, 2],
        [3, Number.POSITIVE_INFINITY],
      ]),
    ).toThrow(/matrix\[1\]\[1\] is Infinity/);
  });
  it("numeric class names are written as text; other kinds name the entry (no 'text.replace is not a function')", () => {
    const m = [
      [1, 2],
      [3, 4],
    ];
    expect(confusionMatrixFigure(m, [1, 2] as never).data[0].x).toEqual(["1", "2"]);
    expect(confusionMatrixFigure(m, { classNames: [0, 1] as never }).data[0].y).toEqual(["0", "1"]);
    expect(() => confusionMatrixFigure(m, ["a", { name: "b" }] as never)).toThrow(
      /confusionMatrixFigure: class names\[1\] must be a string, got an object/,
    );
    expect(() => confusionMatrixFigure(m, [undefined, "b"] as never)).toThrow(/class names\[0\] must be a string, got undefined/);
  });
  it("unknown options are named (normalise is not normalize)", () => {
    expect(() => confusionMatrixFigure([[1]], { normalise: true } as never)).toThrow(
      /confusionMatrixFigure: unknown option "normalise"; known: classNames, normalize, title/,
    );
  });
  it("a matrix given as a 3-D Tensor or a string is refused with what it is", () => {
    expect(() => confusionMatrixFigure(Tensor.from([[[1]]]) as never)).toThrow(
      /matrix must be a 2-D matrix, got a Tensor of shape 1×1×1/,
    );
    expect(() => confusionMatrixFigure("1,2" as never)).toThrow(TypeError);
  });
  it("hundreds of classes stay within 2800 px of cells each way, the labels thinned", () => {
    for (const k of [200, 500]) {
      const m = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 50 : 1)));
      const fig = confusionMatrixFigure(m);
      expect(fig.layout.width).toBeLessThanOrEqual(2800 + 300 + 8 * `class ${k - 1}`.length);
      expect(fig.layout.height).toBeLessThanOrEqual(2800 + 320 + 6 * 30);
      expect(fig.layout.title?.text).toMatch(/every \d+(st|nd|rd|th) class/);
    }
  });
});

describe("every figure builder names an unknown option", () => {
  const cases: [string, () => unknown][] = [
    ["activationFigure", () => activationFigure(relu, { poinst: 10 } as never)],
    ["computationGraphDot", () => computationGraphDot({ nodes: [], edges: [] }, { digit: 3 } as never)],
    [
      "decisionBoundaryFigure",
      () =>
        decisionBoundaryFigure(
          [
            [0, 0],
            [1, 1],
          ],
          [0, 1],
          (x: number, y: number) => (x + y > 1 ? 1 : 0),
          { resolutoin: 10 } as never,
        ),
    ],
    ["learningRateComparison", () => learningRateComparison([{ lr: 0.1, loss: [1, 0.5] }], { logloss: true } as never)],
    ["lossCurves", () => lossCurves({ loss: [1, 0.5] }, { logloss: true } as never)],
    ["lossLandscapeFigure", () => lossLandscapeFigure((a, b) => a * a + b * b, { resolution: 5, veiw: "contour" } as never)],
    ["networkDiagram", () => networkDiagram([2, 3, 1], { layernames: ["a", "b", "c"] } as never)],
    ["xorSpacesFigure", () => xorSpacesFigure(xorX, xorH, [0, 1, 1, 0], { pointlabels: [] } as never)],
  ];
  for (const [fn, call] of cases)
    it(`${fn}: a typo'd option is refused with the known ones`, () => {
      expect(call).toThrow(new RegExp(`^${fn}: unknown option "\\w+"; known: `));
    });
  it("an option value outside its choices is refused (view, rankdir)", () => {
    expect(() => lossLandscapeFigure((a, b) => a + b, { resolution: 5, view: "contours" } as never)).toThrow(
      /lossLandscapeFigure: option view must be "surface" or "contour" or "both", got "contours"/,
    );
    expect(() => computationGraphDot({ nodes: [], edges: [] }, { rankdir: "LEFT" } as never)).toThrow(
      /computationGraphDot: option rankdir must be "LR" or "TB", got "LEFT"/,
    );
  });
  it("a grid resolution or point count of 0, 2.5, NaN or a billion is refused (not an empty or hanging figure)", () => {
    for (const bad of [0, 1, 2.5, Number.NaN, 1e9])
      expect(() => lossLandscapeFigure((a, b) => a + b, { resolution: bad })).toThrow(
        /lossLandscapeFigure: option resolution must be a whole number from 2 to 1000/,
      );
    expect(() => activationFigure(relu, { points: 0 })).toThrow(/activationFigure: option points must be a whole number/);
    expect(() =>
      decisionBoundaryFigure(
        [
          [0, 0],
          [1, 1],
        ],
        [0, 1],
        () => 0,
        { resolution: -3 },
      ),
    ).toThrow(/decisionBoundaryFigure: option resolution must be a whole number/);
  });
  it("a reversed or NaN axis range is refused, naming the option", () => {
    expect(() => activationFigure(relu, { range: [5, -5] })).toThrow(
      /activationFigure: option range must be \[lo, hi\] with finite lo < hi/,
    );
    expect(() => activationFigure(relu, { range: [Number.NaN, 5] })).toThrow(/option range/);
    expect(() => lossLandscapeFigure((a, b) => a + b, { resolution: 5, w1Range: [1, 1] })).toThrow(/option w1Range/);
  });
  it("loss series holding nested arrays or strings are named by index; a diverged run (NaN) is still drawn", () => {
    expect(() =>
      lossCurves({
        loss: [
          [1, 2],
          [3, 4],
        ],
      } as never),
    ).toThrow(/lossCurves: history.loss\[0\] must be a number, got \[1, 2\] \(an array of 2 numbers\)/);
    expect(() => lossCurves({ loss: [1, 0.5], valLoss: [1, "0.7"] } as never)).toThrow(
      /history.valLoss\[1\] must be a number, got "0.7"/,
    );
    expect(() => lossCurves({ a: [1, 2], b: [[1], [2]] } as never)).toThrow(/lossCurves: series "b"\[0\] must be a number/);
    expect(() => learningRateComparison([{ lr: 0.1, loss: [[1, 2]] }] as never)).toThrow(
      /learningRateComparison: runs\[0\].loss\[0\] must be a number/,
    );
    expect(() => learningRateComparison([{ lr: Number.NaN, loss: [1, 2] }])).toThrow(/runs\[0\].lr must be a finite number/);
    expect(learningRateComparison([{ lr: 10, loss: [1, Number.NaN] }]).data[0].name).toMatch(/diverged/);
    expect(lossCurves({ loss: [1, Number.NaN, 0.5] }).data[0].y).toHaveLength(3);
  });
  it("a NaN point or weight is named by its position, not dropped from the figure", () => {
    expect(() =>
      decisionBoundaryFigure(
        [
          [0, Number.NaN],
          [1, 1],
        ],
        [0, 1],
        () => 0,
      ),
    ).toThrow(/decisionBoundaryFigure: X\[0\]\[1\] is NaN/);
    const nanH = xorH.map((r, i) => (i === 2 ? [r[0], Number.POSITIVE_INFINITY] : r));
    expect(() => xorSpacesFigure(xorX, nanH, [0, 1, 1, 0])).toThrow(/xorSpacesFigure: H\[2\]\[1\] is Infinity/);
    expect(() => networkDiagram([2, 1], { weights: [[[Number.NaN], [1]]] })).toThrow(
      /networkDiagram: weights\[0\]\[0\]\[0\] is NaN/,
    );
    expect(() => computationGraphDot({ nodes: [], edges: [] }, { digits: -1 })).toThrow(
      /option digits must be a whole number from 0 to 17/,
    );
  });
});

describe("decisionBoundaryFigure names its class names' problems", () => {
  const X = [
    [0, 0],
    [1, 1],
    [0, 1],
  ];
  const y = [0, 1, 2];
  const classifier = (x1: number) => (x1 > 0.5 ? 1 : 0);
  it("too few class names, and names that are not text, are errors naming the argument (were 'reading replace' TypeErrors)", () => {
    expect(() => decisionBoundaryFigure(classifier, X, y, { classNames: ["a", "b"] })).toThrow(
      /decisionBoundaryFigure: 2 class names for 3 classes \(0, 1, 2\)/,
    );
    expect(() => decisionBoundaryFigure(classifier, X, y, { classNames: ["a", {}, "c"] as unknown as string[] })).toThrow(
      /decisionBoundaryFigure: classNames\[1\] must be a string/,
    );
    const fig = decisionBoundaryFigure(classifier, X, y, { classNames: [0, 1, 2] as unknown as string[] });
    expect(JSON.stringify(fig)).toContain('"name":"2"');
  });
});
