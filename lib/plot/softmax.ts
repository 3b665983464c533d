import { softmax } from "../nn/softmax";
import { Tensor } from "../tensor/tensor";
import {
  baseLayout,
  categoryAxis,
  colorOf,
  courseStyle,
  fmt,
  LEGIBLE_VALUE_PX,
  plotlyText,
  subplotAxis,
  valuesFit,
} from "./style";
import { type Figure, type Trace, toVector, type VectorLike } from "./types";
import { count } from "../tensor/plural";

export interface SoftmaxBarsOptions {
  /** Class labels under the bars, default "1".."K". */
  labels?: string[];
  /** Whether `values` are logits z (default: softmax is applied and both are drawn) or already probabilities. */
  input?: "logits" | "probabilities";
  title?: string;
}

/**
 * softmax(z)ᵢ = exp(zᵢ) / Σⱼ exp(zⱼ) as bars: the logits z (left) beside the probabilities (right, summing to 1),
 * each bar labelled with its value (left to the hover when the bars are too narrow to write it legibly, said in the
 * title). With `input: "probabilities"` only the probabilities are drawn.
 */
export function softmaxBars(values: VectorLike, options: SoftmaxBarsOptions = {}): Figure {
  const v = toVector(values);
  if (v.length === 0) throw new RangeError("softmaxBars: empty vector");
  const labels = options.labels ?? v.map((_, i) => String(i + 1));
  if (labels.length !== v.length)
    throw new RangeError(`softmaxBars: ${count(labels.length, "label")} for ${count(v.length, "value")}`);
  const isLogits = (options.input ?? "logits") === "logits";
  const width = isLogits ? Math.max(900, 200 + 48 * v.length) : Math.max(courseStyle.size.width, 160 + 24 * v.length);
  const plotWidth = isLogits ? width * 0.45 - 60 : width - 90;
  const { axis, note } = categoryAxis(labels, "softmaxBars", "class label", plotWidth / v.length);
  // a bar (80 % of its slot) too narrow for its value at the legible floor leaves it to the hover: Plotly would shrink
  // the text until unreadable; between the floor and the theme's size Plotly fits it to the bar
  const written = (y: number[]) =>
    valuesFit(
      y.map((p) => fmt(p, 3)),
      (0.8 * plotWidth) / v.length,
      LEGIBLE_VALUE_PX,
    );
  const probs = isLogits ? Array.from(softmax(Tensor.from(v)).data) : v;
  const notes = [note, written(v) && written(probs) ? "" : "values: hover for each"].filter(Boolean).join("; ");
  const titled = (title: string) => (notes ? `${title}<br><sub>${notes}</sub>` : title);
  const colors = v.map((_, i) => colorOf(i));
  const bar = (y: number[], name: string, axes: Record<string, string>): Trace => ({
    type: "bar",
    name,
    x: labels,
    y,
    ...(written(y) ? { text: y.map((p) => fmt(p, 3)) } : {}),
    // the class names drawn literally (plotlyText): %{x} would be read as Plotly's HTML
    hovertext: labels.map(plotlyText),
    hovertemplate: `%{hovertext}: %{y}<extra>${name}</extra>`,
    ...(written(y) ? { textposition: "outside" } : {}),
    marker: { color: colors },
    showlegend: false,
    ...axes,
  });
  if (!isLogits) {
    const layout = baseLayout(titled(options.title ?? "Class probabilities"), "class", "probability", {
      width,
    });
    layout.yaxis = { ...layout.yaxis, range: [0, 1.1] };
    layout.xaxis = { ...layout.xaxis, ...axis };
    return { data: [bar(probs, "probability", {})], layout };
  }
  const zr: [number, number] = [Math.min(0, ...v) * 1.25, Math.max(0, ...v) * 1.25 || 1];
  const layout = baseLayout(titled(options.title ?? "Logits z and softmax(z)"), undefined, undefined, {
    width,
    xaxis: { ...subplotAxis("class", [0, 0.45], "y"), ...axis },
    yaxis: { ...subplotAxis("logit zᵢ", [0, 1], "x"), range: zr },
    xaxis2: { ...subplotAxis("class", [0.55, 1], "y2"), ...axis },
    yaxis2: { ...subplotAxis("softmax(z)ᵢ", [0, 1], "x2"), range: [0, 1.1] },
  });
  return {
    data: [bar(v, "logits z", { xaxis: "x", yaxis: "y" }), bar(probs, "softmax(z)", { xaxis: "x2", yaxis: "y2" })],
    layout,
  };
}
