import { paddedRange } from "./decisionBoundary";
import { boundaryLine } from "./perceptron";
import { baseLayout, colorOf, courseStyle, subplotAxis, symbolOf } from "./style";
import { type Figure, type MatrixLike, type Trace, toRows, toVector, type VectorLike } from "./types";
import { count } from "../tensor/plural";
import { figureOptions, expectFiniteRows } from "./input";

export interface XorSpacesOptions {
  /** Output weights on h, augmented with the bias first ([b, w₁, w₂]): draws the separating line in h-space. */
  outputWeights?: VectorLike;
  /** Sample labels drawn beside the points, default "x₀".."x₃"... */
  pointLabels?: string[];
  title?: string;
}

/**
 * XOR in the input space x (left: no line separates the classes) beside the hidden space h = max(0, Wᵀx + c)
 * (right: inputs that share a hidden point overlap, and a line separates the classes).
 * `X` (n×2) inputs, `H` (n×2) hidden representations, `y` labels (0/1).
 */
export function xorSpacesFigure(X: MatrixLike, H: MatrixLike, y: readonly number[], options: XorSpacesOptions = {}): Figure {
  options = figureOptions("xorSpacesFigure", options, ["outputWeights", "pointLabels", "title"]);
  const xs = toRows(X);
  const hs = toRows(H);
  expectFiniteRows("xorSpacesFigure", "X", xs);
  expectFiniteRows("xorSpacesFigure", "H", hs);
  if (xs.length !== hs.length || xs.length !== y.length) {
    throw new RangeError(`xorSpacesFigure: X has ${count(xs.length, "row")}, H ${hs.length}, y ${y.length}: they must match`);
  }
  for (const [name, m] of [
    ["X", xs],
    ["H", hs],
  ] as const) {
    if (m.some((r) => r.length !== 2)) throw new RangeError(`xorSpacesFigure: ${name} must have 2 columns`);
  }
  const classes = [...new Set(y)].sort((a, b) => a - b);
  const labels = options.pointLabels ?? xs.map((_, i) => `x${subscript(i)}`);
  const data: Trace[] = [];
  const panel = (rows: number[][], axes: { xaxis: string; yaxis: string }, legend: boolean) => {
    // points that coincide (h = (1, 0) for two inputs) get ONE label naming both, so labels never overprint
    const key = (r: number[]) => `${r[0]},${r[1]}`;
    const firstAt = new Map<string, number>();
    const names = new Map<number, string[]>();
    rows.forEach((r, i) => {
      const at = firstAt.get(key(r));
      if (at === undefined) {
        firstAt.set(key(r), i);
        names.set(i, [labels[i]]);
      } else names.get(at)?.push(labels[i]);
    });
    const [x0, x1] = [Math.min(...rows.map((r) => r[0])), Math.max(...rows.map((r) => r[0]))];
    const [y0, y1] = [Math.min(...rows.map((r) => r[1])), Math.max(...rows.map((r) => r[1]))];
    // labels point into the plot, away from the axes and their titles
    const position = (r: number[]) => `${r[1] > (y0 + y1) / 2 ? "bottom" : "top"} ${r[0] > (x0 + x1) / 2 ? "left" : "right"}`;
    classes.forEach((c, ci) => {
      const idx = rows.map((_, i) => i).filter((i) => y[i] === c);
      data.push({
        type: "scatter",
        mode: "markers+text",
        name: `y = ${c}`,
        legendgroup: `y${c}`,
        showlegend: legend,
        x: idx.map((i) => rows[i][0]),
        y: idx.map((i) => rows[i][1]),
        text: idx.map((i) => names.get(i)?.join(", ") ?? ""),
        textposition: idx.map((i) => position(rows[i])),
        cliponaxis: false,
        marker: { color: colorOf(ci), symbol: symbolOf(ci), size: courseStyle.markerSize + 4 },
        ...axes,
      });
    });
  };
  panel(xs, { xaxis: "x", yaxis: "y" }, true);
  panel(hs, { xaxis: "x2", yaxis: "y2" }, false);
  const xr1 = paddedRange(
    xs.map((r) => r[0]),
    0.4,
  );
  const yr1 = paddedRange(
    xs.map((r) => r[1]),
    0.4,
  );
  const xr2 = paddedRange(
    hs.map((r) => r[0]),
    0.4,
  );
  const yr2 = paddedRange(
    hs.map((r) => r[1]),
    0.4,
  );
  if (options.outputWeights) {
    const w = toVector(options.outputWeights);
    if (w.length !== 3) throw new RangeError(`xorSpacesFigure: outputWeights must be [b, w₁, w₂], got length ${w.length}`);
    data.push({
      type: "scatter",
      mode: "lines",
      name: "separating line in h-space",
      ...boundaryLine(w, 0, 1, 2, xr2, yr2),
      line: { color: courseStyle.font.color, width: courseStyle.lineWidth, dash: "dot" },
      xaxis: "x2",
      yaxis: "y2",
    });
  }
  const layout = baseLayout(options.title ?? "XOR: input space x and hidden space h", undefined, undefined, {
    width: courseStyle.size.wide,
    legend: { orientation: "h", x: 0.5, xanchor: "center", y: -0.24, yanchor: "top" },
    margin: { l: 60, r: 30, t: 70, b: 110 },
    xaxis: { ...subplotAxis("x₁", [0, 0.45], "y"), range: xr1 },
    yaxis: { ...subplotAxis("x₂", [0, 1], "x"), range: yr1 },
    xaxis2: { ...subplotAxis("h₁", [0.55, 1], "y2"), range: xr2 },
    yaxis2: { ...subplotAxis("h₂", [0, 1], "x2"), range: yr2 },
    annotations: [
      { text: "input space x", x: 0.225, y: 1.0, xref: "paper", yref: "paper", showarrow: false, yanchor: "bottom" },
      { text: "hidden space h", x: 0.775, y: 1.0, xref: "paper", yref: "paper", showarrow: false, yanchor: "bottom" },
    ],
  });
  return { data, layout };
}

function subscript(i: number): string {
  return String(i).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
