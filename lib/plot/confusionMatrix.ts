import { baseLayout, categoryAxis, courseStyle, plotlyText } from "./style";
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
 * counts written in the cells (true class on the vertical axis, top to bottom). Each class is named on both axes up
 * to 40 classes (every k-th above, said in the title). Throws a RangeError for a matrix that is not square, a number
 * of class names that is not its size, or a class name given twice.
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
  // room for the longest class name left of the rows; axis titles kept clear of the tick labels (automargin, standoff);
  // cells shrink past 12 classes (each still holds its count), so 40 classes stay about a screen wide
  const longest = Math.max(...names.map((n) => n.length));
  const cellWidth = k <= 12 ? 70 : Math.max(28, Math.round(840 / k));
  const cellHeight = k <= 12 ? 50 : Math.max(20, Math.round(600 / k));
  const { axis, note } = categoryAxis(names, "confusionMatrixFigure", "class name", cellWidth);
  const { tickangle: _, ...rows } = axis;
  const title = options.title ?? "Confusion matrix";
  const layout = baseLayout(note ? `${title}<br><sub>${note}</sub>` : title, "predicted class", "true class", {
    width: 300 + 8 * longest + cellWidth * k,
    height: 320 + 6 * Math.min(longest, 30) * (k > 12 ? 1 : 0) + cellHeight * k,
    margin: { l: 40 + 8 * longest, r: 30, t: note ? 80 : 60, b: 70 },
  });
  const standoff = { standoff: 14 };
  layout.yaxis = { ...layout.yaxis, ...rows, autorange: "reversed", ticksuffix: " " };
  layout.yaxis.title = { text: "true class", ...standoff };
  layout.xaxis = { ...layout.xaxis, ...axis, side: "bottom" };
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
        textfont: { size: k <= 12 ? courseStyle.font.size + 2 : courseStyle.font.size - 3 },
        // 0 white, the largest count dark: the diagonal stands out, the mistakes are pale
        colorscale: courseStyle.counts,
        zmin: 0,
        colorbar: { title: { text: options.normalize ? "fraction" : "count" }, thickness: 14 },
        // the names drawn literally (plotlyText): %{x} and %{y} would be read as Plotly's HTML
        hovertext: names.map((t, i) => names.map((p, j) => `true ${plotlyText(t)}, predicted ${plotlyText(p)}: ${text[i][j]}`)),
        hovertemplate: "%{hovertext}<extra></extra>",
      },
    ],
    layout,
  };
}

function isNameList(v: ConfusionMatrixOptions | readonly string[]): v is readonly string[] {
  return Array.isArray(v);
}
