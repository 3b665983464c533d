import { baseLayout, courseStyle, fmt } from "./style";
import { received } from "../tensor/received";
import { type Datum, type Figure, type MatrixLike, type Trace, toRows, maxOf } from "./types";
import { count } from "../tensor/plural";
import { figureOptions, expectFiniteRows } from "./input";

export interface NetworkDiagramOptions {
  /** Weight matrices, one per layer, W as (inputs×outputs) like the library's Dense layers: W[i][j] from unit i to j. */
  weights?: readonly MatrixLike[];
  /** Layer names under each column, default "input", "hidden 1", ..., "output". */
  layerNames?: string[];
  /** Unit labels per layer (e.g. [["x₁","x₂"], ["h₁","h₂"], ["ŷ"]]). */
  unitLabels?: string[][];
  /** Write the weights on the edges; default: when there are at most 40 edges. */
  showWeights?: boolean;
  title?: string;
}

/**
 * A fully connected network as layers of units (circles) joined by edges; with weights, edge colour shows the sign
 * (red positive, blue negative), width the magnitude, and the value is written on the edge.
 * @example networkDiagram([2, 2, 1], { weights: [W1, W2] })
 */
export function networkDiagram(sizes: readonly number[], options: NetworkDiagramOptions = {}): Figure {
  options = figureOptions("networkDiagram", options, ["weights", "layerNames", "unitLabels", "showWeights", "title"]);
  if (!Array.isArray(sizes)) {
    const hint = sizes && typeof sizes === "object" && "sizes" in sizes ? " (net.sizes gives a network's sizes)" : "";
    throw new TypeError(`networkDiagram: sizes must be the layer sizes, e.g. [2, 3, 1], got ${received(sizes)}${hint}`);
  }
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new RangeError(`networkDiagram: layer sizes must be at least two positive integers, got [${sizes.join(", ")}]`);
  }
  const weights = options.weights?.map(toRows);
  for (const [l, W] of (weights ?? []).entries()) expectFiniteRows("networkDiagram", `weights[${l}]`, W);
  if (weights) {
    if (weights.length !== sizes.length - 1) {
      throw new RangeError(
        `networkDiagram: ${count(sizes.length, "layer")} need ${count(sizes.length - 1, "weight matrix", "weight matrices")}, got ${weights.length}`,
      );
    }
    weights.forEach((W, l) => {
      const rows = W.length;
      const cols = W[0]?.length ?? 0;
      if (rows !== sizes[l] || cols !== sizes[l + 1]) {
        throw new RangeError(
          `networkDiagram: layer ${l + 1} weights are ${rows}×${cols}, expected ${sizes[l]}×${sizes[l + 1]} (inputs×outputs)`,
        );
      }
    });
  }
  const maxSize = maxOf(sizes);
  const pos = (l: number, i: number): [number, number] => [l, (sizes[l] - 1) / 2 - i];
  const edgeCount = sizes.slice(1).reduce((s, n, l) => s + n * sizes[l], 0);
  const showWeights = weights !== undefined && (options.showWeights ?? edgeCount <= 40);
  const maxAbs = weights
    ? maxOf(
        weights.flatMap((W) => W.flatMap((r) => r.map(Math.abs))),
        1e-12,
      )
    : 1;
  const data: Trace[] = [];
  const labelX: number[] = [];
  const labelY: number[] = [];
  const labelText: string[] = [];
  // one trace per edge so each can have its own width; a network of the lecture has a few dozen edges
  for (let l = 0; l < sizes.length - 1; l++) {
    for (let i = 0; i < sizes[l]; i++) {
      for (let j = 0; j < sizes[l + 1]; j++) {
        const [x0, y0] = pos(l, i);
        const [x1, y1] = pos(l + 1, j);
        const w = weights ? weights[l][i][j] : undefined;
        const color = w === undefined ? "#888888" : w >= 0 ? courseStyle.diverging[2][1] : courseStyle.diverging[0][1];
        const width = w === undefined ? 1.5 : 0.8 + 4 * (Math.abs(w) / maxAbs);
        data.push({
          type: "scatter",
          mode: "lines",
          x: [x0, x1],
          y: [y0, y1],
          line: { color, width },
          hoverinfo: "text",
          text: w === undefined ? "" : `w = ${fmt(w, 4)}`,
          showlegend: false,
          name: `edge ${l}:${i}→${j}`,
        });
        if (showWeights && w !== undefined) {
          // label at 30 % of the way from the receiving unit so labels of edges into one unit do not collide
          labelX.push(x0 + 0.7 * (x1 - x0));
          labelY.push(y0 + 0.7 * (y1 - y0));
          labelText.push(fmt(w, 2));
        }
      }
    }
  }
  // weights as annotations: they get a white box, so a label stays readable where it crosses another edge
  const weightLabels = showWeights
    ? labelText.map((text, k) => ({
        text,
        x: labelX[k],
        y: labelY[k],
        xref: "x",
        yref: "y",
        showarrow: false,
        bgcolor: "rgba(255,255,255,0.9)",
        borderpad: 1,
        font: { size: 12, color: courseStyle.font.color },
      }))
    : [];
  const names =
    options.layerNames ?? sizes.map((_, l) => (l === 0 ? "input" : l === sizes.length - 1 ? "output" : `hidden ${l}`));
  const ux: Datum[] = [];
  const uy: Datum[] = [];
  const ut: string[] = [];
  sizes.forEach((n, l) => {
    for (let i = 0; i < n; i++) {
      const [x, y] = pos(l, i);
      ux.push(x);
      uy.push(y);
      ut.push(options.unitLabels?.[l]?.[i] ?? defaultUnitLabel(l, i, sizes.length));
    }
  });
  data.push({
    type: "scatter",
    mode: "markers+text",
    name: "units",
    x: ux,
    y: uy,
    text: ut,
    textposition: "middle center",
    marker: { size: 38, color: courseStyle.background, line: { color: courseStyle.font.color, width: 2 } },
    textfont: { size: courseStyle.font.size },
    hoverinfo: "text",
    showlegend: false,
  });
  const hidden = { showgrid: false, zeroline: false, showticklabels: false };
  const layout = baseLayout(options.title ?? `Network ${sizes.join("–")}`, undefined, undefined, {
    width: Math.max(420, 200 * sizes.length),
    height: Math.max(300, 90 * maxSize + 120),
    xaxis: { ...hidden, range: [-0.4, sizes.length - 0.6] },
    yaxis: { ...hidden, range: [-(maxSize - 1) / 2 - 0.8, (maxSize - 1) / 2 + 0.6] },
    annotations: [
      ...names.map((text, l) => ({ text, x: l, y: -(maxSize - 1) / 2 - 0.6, showarrow: false, xref: "x", yref: "y" })),
      ...weightLabels,
    ],
  });
  return { data, layout };
}

function defaultUnitLabel(l: number, i: number, layers: number): string {
  const sub = String(i + 1).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
  if (l === 0) return `x${sub}`;
  if (l === layers - 1) return `ŷ${sub}`;
  return `h${sub}`;
}
