import { baseLayout, categoryAxis, courseStyle, plotlyText, valuesFit } from "./style";
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
 * counts written in the cells (true class on the vertical axis, top to bottom; a cell widens for counts of many digits,
 * and counts too long for a cell are left to the hover, said in the title). Each class is named on both axes up
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
  const textSize = k <= 12 ? courseStyle.font.size + 2 : courseStyle.font.size - 3;
  // a cell widens (up to 48 px) for counts of many digits; past that its number is left to the hover
  const fitting = Math.max(28, Math.round(840 / k));
  const cellWidth =
    k <= 12 ? 70 : valuesFit(text.flat(), fitting, textSize) ? fitting : valuesFit(text.flat(), 48, textSize) ? 48 : fitting;
  const written = valuesFit(text.flat(), cellWidth, textSize);
  const cellHeight = k <= 12 ? 50 : Math.max(20, Math.round(600 / k));
  const { axis, note } = categoryAxis(names, "confusionMatrixFigure", "class name", cellWidth);
  const { tickangle: _, ...rows } = axis;
  const title = options.title ?? "Confusion matrix";
  const notes = [note, written ? "" : `${options.normalize ? "fractions" : "counts"} too long for the cells: hover for each`]
    .filter(Boolean)
    .join("; ");
  const layout = baseLayout(notes ? `${title}<br><sub>${notes}</sub>` : title, "predicted class", "true class", {
    width: 300 + 8 * longest + cellWidth * k,
    height: 320 + 6 * Math.min(longest, 30) * (k > 12 ? 1 : 0) + cellHeight * k,
    margin: { l: 40 + 8 * longest, r: 30, t: notes ? 80 : 60, b: 70 },
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
        // the numbers written in the cells only when a cell holds them (else hover shows them)
        texttemplate: written ? "%{text}" : "",
        textfont: { size: textSize },
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
