import { Tensor } from "../tensor/tensor";
import { baseLayout, colorOf, courseStyle, lightColorOf, plotlyText, symbolOf } from "./style";
import { type Figure, linspace, type MatrixLike, type Trace, toRows, maxOf, minOf } from "./types";
import { count } from "../tensor/plural";
import { figureOptions, countOption, rangeOption, expectFiniteRows, nameList } from "./input";

/** A 2-D classifier: a function of the two features returning a class label, or a model with `predict(X)` on a batch. */
export type Classifier2D = ((x1: number, x2: number) => number) | { predict(X: Tensor): Tensor | number[] };

export interface DecisionBoundaryOptions {
  /** Class names in label order (default "class 0", ... or "y = -1"/"y = 1"). */
  classNames?: string[];
  /** Grid resolution per axis, default 120. */
  resolution?: number;
  /** Feature ranges; default the data range padded by 15 %. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** For a model whose output has one column (a probability or score): class 1 where output >= threshold (default 0.5). */
  threshold?: number;
  featureNames?: [string, string];
  /** Axis titles (same as featureNames). */
  xTitle?: string;
  yTitle?: string;
  title?: string;
}

/**
 * Decision regions of any 2-D classifier: its prediction over a grid as a heatmap of light class colours, with the
 * data points on top (one trace per class, colour and symbol by class).
 * `X` is (n×2), `y` the labels (class indices 0..K-1 or ±1).
 */
export function decisionBoundaryFigure(
  X: MatrixLike,
  y: readonly number[],
  classifier: Classifier2D,
  options?: DecisionBoundaryOptions,
): Figure;
/** The same with the classifier first: `decisionBoundaryFigure(model, X, y, options)`. */
export function decisionBoundaryFigure(
  classifier: Classifier2D,
  X: MatrixLike,
  y: readonly number[],
  options?: DecisionBoundaryOptions,
): Figure;
export function decisionBoundaryFigure(
  first: MatrixLike | Classifier2D,
  second: readonly number[] | MatrixLike,
  third: Classifier2D | readonly number[],
  options: DecisionBoundaryOptions = {},
): Figure {
  options = figureOptions("decisionBoundaryFigure", options, [
    "classNames",
    "resolution",
    "xRange",
    "yRange",
    "threshold",
    "featureNames",
    "xTitle",
    "yTitle",
    "title",
  ]);
  const classifierFirst = typeof first === "function" || (typeof first === "object" && "predict" in first);
  const X = (classifierFirst ? second : first) as MatrixLike;
  const y = (classifierFirst ? third : second) as readonly number[];
  const classifier = (classifierFirst ? first : third) as Classifier2D;
  const rows = toRows(X);
  expectFiniteRows("decisionBoundaryFigure", "X", rows);
  if (rows.length !== y.length) {
    throw new RangeError(`decisionBoundaryFigure: X has ${count(rows.length, "row")} but y has ${count(y.length, "label")}`);
  }
  if (rows.some((r) => r.length !== 2)) {
    throw new RangeError(
      `decisionBoundaryFigure: X must be (n×2), got rows of length ${rows.find((r) => r.length !== 2)?.length}`,
    );
  }
  const classes = [...new Set(y)].sort((a, b) => a - b);
  if (classes.length < 2) classes.push(classes[0] === 1 ? -1 : 1);
  classes.sort((a, b) => a - b);
  const names =
    options.classNames === undefined
      ? classes.map((c) => (classes.includes(-1) ? `y = ${c}` : `class ${c}`))
      : nameList("decisionBoundaryFigure", "classNames", options.classNames);
  if (names.length < classes.length)
    throw new RangeError(
      `decisionBoundaryFigure: ${count(names.length, "class name")} for ${count(classes.length, "class", "classes")} (${classes.join(", ")})`,
    );
  const n = countOption("decisionBoundaryFigure", "resolution", options.resolution, 2, 1000, 120);
  const xr = rangeOption("decisionBoundaryFigure", "xRange", options.xRange, () => paddedRange(rows.map((r) => r[0])));
  const yr = rangeOption("decisionBoundaryFigure", "yRange", options.yRange, () => paddedRange(rows.map((r) => r[1])));
  const gx = linspace(xr[0], xr[1], n);
  const gy = linspace(yr[0], yr[1], n);
  const labels = predictGrid(classifier, gx, gy, options.threshold ?? 0.5);
  // class label -> index into classes (nearest label, so ±1 and 0/1 outputs both map)
  const index = (v: number) => {
    let best = 0;
    for (let k = 1; k < classes.length; k++) if (Math.abs(classes[k] - v) < Math.abs(classes[best] - v)) best = k;
    return best;
  };
  const z = gy.map((_, i) => gx.map((_, j) => index(labels[i * n + j])));
  const k = classes.length;
  const colorscale: [number, string][] = [];
  classes.forEach((_, c) => {
    colorscale.push([c / k, lightColorOf(c)], [(c + 1) / k, lightColorOf(c)]);
  });
  const data: Trace[] = [
    {
      type: "heatmap",
      name: "prediction",
      x: gx,
      y: gy,
      z,
      zmin: -0.5,
      zmax: k - 0.5,
      colorscale: colorscale.map(([p, col]) => [p, col]),
      showscale: false,
      hovertemplate: "x₁=%{x:.2f}, x₂=%{y:.2f}<extra>predicted class %{z}</extra>",
    },
  ];
  classes.forEach((c, ci) => {
    const pts = rows.filter((_, i) => y[i] === c);
    data.push({
      type: "scatter",
      mode: "markers",
      name: plotlyText(names[ci]),
      x: pts.map((p) => p[0]),
      y: pts.map((p) => p[1]),
      marker: {
        color: colorOf(ci),
        symbol: symbolOf(ci),
        size: courseStyle.markerSize,
        line: { color: courseStyle.background, width: 1 },
      },
    });
  });
  const f1 = options.xTitle ?? options.featureNames?.[0] ?? "x₁";
  const f2 = options.yTitle ?? options.featureNames?.[1] ?? "x₂";
  const layout = baseLayout(options.title ?? "Decision regions", f1, f2);
  layout.xaxis = { ...layout.xaxis, range: xr };
  layout.yaxis = { ...layout.yaxis, range: yr };
  return { data, layout };
}

/** Predicted labels over the grid, row-major with y outer: labels[i*n + j] at (gx[j], gy[i]). */
function predictGrid(classifier: Classifier2D, gx: number[], gy: number[], threshold: number): number[] {
  const out: number[] = [];
  if (typeof classifier === "function") {
    for (const b of gy) for (const a of gx) out.push(classifier(a, b));
    return out;
  }
  const n = gx.length * gy.length;
  const data = new Float64Array(n * 2);
  let k = 0;
  for (const b of gy)
    for (const a of gx) {
      data[k++] = a;
      data[k++] = b;
    }
  const result = classifier.predict(new Tensor([n, 2], data));
  if (Array.isArray(result)) return result;
  const r = result as Tensor;
  const cols = r.shape.length === 2 ? r.shape[1] : 1;
  for (let i = 0; i < n; i++) {
    if (cols === 1) {
      out.push(r.data[i] >= threshold ? 1 : 0);
      continue;
    }
    let best = 0;
    for (let c = 1; c < cols; c++) if (r.data[i * cols + c] > r.data[i * cols + best]) best = c;
    out.push(best);
  }
  return out;
}

/** [min, max] of the values padded by 15 % on both sides (±1 when all values are equal). */
export function paddedRange(values: readonly number[], pad = 0.15): [number, number] {
  const lo = minOf(values);
  const hi = maxOf(values);
  const d = hi - lo || 2;
  return [lo - pad * d, hi + pad * d];
}
