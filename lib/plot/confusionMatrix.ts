import { baseLayout, courseStyle } from "./style";
import { type Figure, type MatrixLike, toRows } from "./types";

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
export function confusionMatrixFigure(matrix: MatrixLike, options: ConfusionMatrixOptions | readonly string[] = {}): Figure {
  if (Array.isArray(options)) options = { classNames: [...(options as readonly string[])] };
  options = options as ConfusionMatrixOptions;
  const m = toRows(matrix);
  const k = m.length;
  if (k === 0 || m.some((r) => r.length !== k)) {
    throw new RangeError(`confusionMatrixFigure: need a square matrix, got ${k}×${m[0]?.length ?? 0}`);
  }
  const names = options.classNames ?? m.map((_, i) => `class ${i}`);
  if (names.length !== k) throw new RangeError(`confusionMatrixFigure: ${names.length} class names for ${k} classes`);
  const z = options.normalize ? m.map((r) => r.map((v) => v / (r.reduce((a, b) => a + b, 0) || 1))) : m;
  const text = z.map((r) => r.map((v) => (options.normalize ? v.toFixed(2) : String(v))));
  const layout = baseLayout(options.title ?? "Confusion matrix", "predicted class", "true class", {
    width: 360 + 60 * k,
    height: 320 + 50 * k,
  });
  layout.yaxis = { ...layout.yaxis, autorange: "reversed", type: "category" };
  layout.xaxis = { ...layout.xaxis, type: "category", side: "bottom" };
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
        colorscale: "Blues",
        hovertemplate: "true %{y}, predicted %{x}: %{text}<extra></extra>",
      },
    ],
    layout,
  };
}
