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
import type { Figure, Trace, VectorLike } from "./types";
import { maxOf, minOf } from "./types";
import { count } from "../tensor/plural";
import { expectFinite, figureOptions, nameList, oneOf, vectorInput } from "./input";

const OPTIONS = ["labels", "input", "title"] as const;
const INPUTS = ["logits", "probabilities"] as const;
/** Probabilities given with `input: "probabilities"` must sum to 1 within this (rounded values such as 0.33 × 3 pass). */
const SUM_TOLERANCE = 0.02;
/** The widest figure (px): past it the bars narrow and their labels are thinned (said in the title), not widened. */
const MAX_WIDTH = { logits: 1600, probabilities: 1200 };

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
 * title). With `input: "probabilities"` only the probabilities are drawn. The figure is at most 1600 px wide
 * (1200 for probabilities): more classes get narrower bars and every k-th label.
 *
 * Throws a RangeError for a batch (a matrix of logits, nested arrays: draw one row, `row(z, i)`), an empty vector,
 * a NaN or +Infinity (a logit of -Infinity is a masked class: drawn without a bar, probability 0; all masked is
 * refused), probabilities that are negative, above 1 or do not sum to 1 (within 0.02),
 * a number of labels that is not the number of values, an unknown option or an `input` other than "logits" or
 * "probabilities"; a TypeError for a value or label of the wrong kind.
 */
export function softmaxBars(values: VectorLike, options: SoftmaxBarsOptions = {}): Figure {
  const fn = "softmaxBars";
  options = figureOptions(fn, options, OPTIONS);
  const isLogits = oneOf(fn, "input", options.input, INPUTS, "logits") === "logits";
  const what = isLogits ? "logits" : "probabilities";
  const v = vectorInput(fn, what, values, ": draw one row, e.g. row(z, 0)");
  if (v.length === 0) throw new RangeError(`${fn}: empty vector of ${what}`);
  // a logit of -Infinity is a masked class (probability 0, as softmax cross-entropy trains with); NaN, +Infinity and
  // a vector masked everywhere have no softmax
  expectFinite(fn, what, isLogits ? v.map((x) => (x === Number.NEGATIVE_INFINITY ? 0 : x)) : v);
  if (isLogits && v.every((x) => x === Number.NEGATIVE_INFINITY))
    throw new RangeError(`${fn}: every logit is -Infinity (every class masked): no softmax to draw`);
  if (!isLogits) expectDistribution(fn, v);
  const labels = options.labels === undefined ? v.map((_, i) => String(i + 1)) : nameList(fn, "labels", options.labels);
  if (labels.length !== v.length) throw new RangeError(`${fn}: ${count(labels.length, "label")} for ${count(v.length, "value")}`);
  const width = isLogits
    ? Math.min(MAX_WIDTH.logits, Math.max(900, 200 + 48 * v.length))
    : Math.min(MAX_WIDTH.probabilities, Math.max(courseStyle.size.width, 160 + 24 * v.length));
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
    ...(written(y) ? { text: y.map((p) => (p === Number.NEGATIVE_INFINITY ? "−∞ (masked)" : fmt(p, 3))) } : {}),
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
  // a masked logit (-Infinity) has no bar: its text says so; the axis spans the finite ones
  const finite = v.filter(Number.isFinite);
  const zr: [number, number] = [minOf(finite, 0) * 1.25, maxOf(finite, 0) * 1.25 || 1];
  const layout = baseLayout(titled(options.title ?? "Logits z and softmax(z)"), undefined, undefined, {
    width,
    xaxis: { ...subplotAxis("class", [0, 0.45], "y"), ...axis },
    yaxis: { ...subplotAxis("logit zᵢ", [0, 1], "x"), range: zr },
    xaxis2: { ...subplotAxis("class", [0.55, 1], "y2"), ...axis },
    yaxis2: { ...subplotAxis("softmax(z)ᵢ", [0, 1], "x2"), range: [0, 1.1] },
  });
  return {
    data: [
      {
        ...bar(v, "logits z", { xaxis: "x", yaxis: "y" }),
        // JSON has no -Infinity: a masked logit's bar is left out (null), its text kept
        y: v.map((x) => (x === Number.NEGATIVE_INFINITY ? null : x)),
      },
      bar(probs, "softmax(z)", { xaxis: "x2", yaxis: "y2" }),
    ],
    layout,
  };
}

/** Probabilities: each in [0, 1], summing to 1 within SUM_TOLERANCE (else the bars are not a distribution). */
function expectDistribution(fn: string, p: readonly number[]): void {
  const bad = p.findIndex((x) => x < 0 || x > 1);
  if (bad >= 0)
    throw new RangeError(`${fn}: probabilities[${bad}] is ${p[bad]}: a probability is in [0, 1] (logits? leave input out)`);
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE)
    throw new RangeError(`${fn}: probabilities sum to ${fmt(sum, 4)}, not 1: not a distribution (logits? leave input out)`);
}
