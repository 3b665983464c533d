import { baseLayout, categoryAxis, courseStyle, plotlyText, valuesFit } from "./style";
import type { Figure, MatrixLike } from "./types";
import { maxOf } from "./types";
import { count } from "../tensor/plural";
import { received } from "../tensor/received";
import { figureOptions, matrixInput, nameList } from "./input";

const OPTIONS = ["classNames", "normalize", "title"] as const;
/** The cells' area is at most this many px wide and high: more classes get narrower cells (numbers left to the hover). */
const MAX_CELLS_PX = 2800;

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
 *
 * Counts are written as they are; other values (fractions the user computed, a mean over folds) to 3 significant
 * digits, and the colour bar is titled "count", "fraction" (normalize) or "value" for what it shows. Class names may be
 * strings or numbers (written as text). The cells' area is capped at 2800 px each way (100 classes of 28 px) (labels thinned, said in the
 * title). Also throws a RangeError for a ragged matrix (naming the row), a negative or non-finite value (naming the
 * cell) or an unknown option, and a TypeError for a class name that is not a string or number.
 */
export function confusionMatrixFigure(
  matrix: MatrixLike,
  classesOrOptions: ConfusionMatrixOptions | readonly string[] = {},
): Figure {
  const fn = "confusionMatrixFigure";
  const options: ConfusionMatrixOptions = isNameList(classesOrOptions)
    ? { classNames: [...classesOrOptions] }
    : figureOptions(fn, classesOrOptions, OPTIONS);
  const m = matrixInput(fn, "matrix", matrix);
  const k = m.length;
  if (k === 0 || m[0].length !== k) {
    throw new RangeError(`${fn}: need a square matrix, got ${k}×${m[0]?.length ?? 0} (rows: true classes, columns: predicted)`);
  }
  for (const [i, r] of m.entries())
    for (const [j, v] of r.entries())
      if (!Number.isFinite(v) || v < 0)
        throw new RangeError(`${fn}: matrix[${i}][${j}] is ${received(v)}: counts and fractions are finite and ≥ 0`);
  const names =
    options.classNames === undefined ? m.map((_, i) => `class ${i}`) : nameList(fn, "class names", options.classNames);
  if (names.length !== k) throw new RangeError(`${fn}: ${count(names.length, "class name")} for ${count(k, "class", "classes")}`);
  const z = options.normalize ? m.map((r) => r.map((v) => v / (r.reduce((a, b) => a + b, 0) || 1))) : m;
  const counts = m.every((r) => r.every(Number.isInteger));
  const text = z.map((r) =>
    r.map((v) => (options.normalize ? v.toFixed(2) : counts ? String(v) : String(Number(v.toPrecision(3))))),
  );
  const unit = options.normalize ? "fraction" : counts ? "count" : "value";
  // room for the longest class name left of the rows; axis titles kept clear of the tick labels (automargin, standoff);
  // cells shrink past 12 classes (each still holds its count), so 40 classes stay about a screen wide
  const longest = maxOf(names.map((n) => n.length));
  const textSize = k <= 12 ? courseStyle.font.size + 2 : courseStyle.font.size - 3;
  // a cell widens (up to 48 px) for counts of many digits; past that its number is left to the hover
  const fitting = Math.max(28, Math.round(840 / k));
  const widest =
    k <= 12 ? 70 : valuesFit(text.flat(), fitting, textSize) ? fitting : valuesFit(text.flat(), 48, textSize) ? 48 : fitting;
  const cellWidth = Math.min(widest, Math.max(1, Math.floor(MAX_CELLS_PX / k)));
  const written = valuesFit(text.flat(), cellWidth, textSize);
  const cellHeight = Math.min(k <= 12 ? 50 : Math.max(20, Math.round(600 / k)), Math.max(1, Math.floor(MAX_CELLS_PX / k)));
  const { axis, note } = categoryAxis(names, "confusionMatrixFigure", "class name", cellWidth);
  const { tickangle: _, ...rows } = axis;
  const title = options.title ?? "Confusion matrix";
  const notes = [note, written ? "" : `${unit}s too long for the cells: hover for each`].filter(Boolean).join("; ");
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
        colorbar: { title: { text: unit }, thickness: 14 },
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
