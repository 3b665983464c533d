import { baseLayout, courseStyle } from "./style";
import { type Figure, type MatrixLike, toRows } from "./types";
import { count } from "../tensor/plural";

export interface ConfusionMatrixOptions {
  classNames?: string[];
  /** Show each row as fractions of the true class (recall per class), default false (counts). */
  normalize?: boolean;
  title?: string;
}

/**
 * Confusion matrix C[i][j] = number of samples of true class i predicted as class j, as a heatmap with the
 * counts written in the cells (true class on the vertical axis, top to bottom).
 */
export function confusionMatrixFigure(
  matrix: MatrixLike,
  classesOrOptions: ConfusionMatrixOptions | readonly string[] = {},
): Figure {
  const options: ConfusionMatrixOptions = isNameList(classesOrOptions) ? { classNames: [...classesOrOptions] } : classesOrOptions;
  const m = toRows(matrix);
  const k = m.length;
  if (k === 0 || m.some((r) => r.length !== k)) {
    throw new RangeError(`confusionMatrixFigure: need a square matrix, got ${k}×${m[0]?.length ?? 0}`);
  }
  const names = options.classNames ?? m.map((_, i) => `class ${i}`);
  if (names.length !== k)
    throw new RangeError(`confusionMatrixFigure: ${count(names.length, "class name")} for ${count(k, "class", "classes")}`);
  const z = options.normalize ? m.map((r) => r.map((v) => v / (r.reduce((a, b) => a + b, 0) || 1))) : m;
  const text = z.map((r) => r.map((v) => (options.normalize ? v.toFixed(2) : String(v))));
  // room for the longest class name left of the rows; axis titles kept clear of the tick labels (automargin, standoff)
  const longest = Math.max(...names.map((n) => n.length));
  const layout = baseLayout(options.title ?? "Confusion matrix", "predicted class", "true class", {
    width: 300 + 8 * longest + 70 * k,
    height: 320 + 50 * k,
    margin: { l: 40 + 8 * longest, r: 30, t: 60, b: 70 },
  });
  const standoff = { standoff: 14 };
  layout.yaxis = { ...layout.yaxis, autorange: "reversed", type: "category", automargin: true, ticksuffix: " " };
  layout.yaxis.title = { text: "true class", ...standoff };
  layout.xaxis = { ...layout.xaxis, type: "category", side: "bottom", automargin: true };
  layout.xaxis.title = { text: "predicted class", ...standoff };
  return {
    data: [
      {
        type: "heatmap",
        name: "confusion matrix",
        x: names,
        y: names,
        z,
        text,
        texttemplate: "%{text}",
        textfont: { size: courseStyle.font.size + 2 },
        // 0 white, the largest count dark: the diagonal stands out, the mistakes are pale
        colorscale: courseStyle.counts,
        zmin: 0,
        colorbar: { title: { text: options.normalize ? "fraction" : "count" }, thickness: 14 },
        hovertemplate: "true %{y}, predicted %{x}: %{text}<extra></extra>",
      },
    ],
    layout,
  };
}

function isNameList(v: ConfusionMatrixOptions | readonly string[]): v is readonly string[] {
  return Array.isArray(v);
}
