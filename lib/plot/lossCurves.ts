import { baseLayout, colorOf, courseStyle, logAxis } from "./style";
import { received } from "../tensor/received";
import type { Figure, Trace } from "./types";
import { figureOptions, numberSeries } from "./input";

/** What the figure reads from train's History (any field may be empty). */
export interface HistoryLike {
  epoch?: readonly number[];
  loss: readonly number[];
  accuracy?: readonly number[];
  valLoss?: readonly number[];
  valAccuracy?: readonly number[];
}

export interface LossCurvesOptions {
  /** Logarithmic loss axis, default false. */
  logLoss?: boolean;
  /** Same as logLoss. */
  logY?: boolean;
  xTitle?: string;
  yTitle?: string;
  title?: string;
  /** What the held-out data of valLoss / valAccuracy is called in the legend: "validation" (default) or "test". */
  heldOut?: string;
}

/**
 * Loss per epoch (left axis, solid: training, dashed: validation) and accuracy (right axis, dotted) from a History.
 */
export function lossCurves(
  history: HistoryLike | Readonly<Record<string, readonly number[]>>,
  options: LossCurvesOptions = {},
): Figure {
  options = figureOptions("lossCurves", options, ["logLoss", "logY", "xTitle", "yTitle", "title", "heldOut"]);
  if (history === null || typeof history !== "object" || Array.isArray(history))
    throw new TypeError(
      `lossCurves: history must be what fit returned (a History) or named series { name: number[] }, got ${received(history)}`,
    );
  if (!isHistory(history)) return namedCurves(history, options);
  numberSeries("lossCurves", "history.loss", history.loss);
  for (const key of ["valLoss", "accuracy", "valAccuracy"] as const)
    if (history[key] !== undefined) numberSeries("lossCurves", `history.${key}`, history[key]);
  if (history.loss.length === 0) throw new RangeError("lossCurves: the history has no loss values");
  const epochs =
    history.epoch && history.epoch.length === history.loss.length ? [...history.epoch] : history.loss.map((_, i) => i + 1);
  const data: Trace[] = [];
  const series = (y: readonly number[] | undefined, name: string, color: string, dash: string, yaxis: string) => {
    if (!y || y.length === 0) return;
    data.push({
      type: "scatter",
      mode: y.length > 40 ? "lines" : "lines+markers",
      name,
      x: epochs.slice(0, y.length),
      y: [...y],
      line: { color, dash, width: courseStyle.lineWidth },
      yaxis,
    });
  };
  series(history.loss, "training loss", colorOf(0), "solid", "y");
  const heldOut = options.heldOut ?? "validation";
  series(history.valLoss, `${heldOut} loss`, colorOf(0), "dash", "y");
  series(history.accuracy, "training accuracy", colorOf(1), "dot", "y2");
  series(history.valAccuracy, `${heldOut} accuracy`, colorOf(1), "dashdot", "y2");
  const hasAcc = (history.accuracy?.length ?? 0) + (history.valAccuracy?.length ?? 0) > 0;
  const layout = baseLayout(options.title ?? "Training curves", options.xTitle ?? "epoch", options.yTitle ?? "loss", {
    legend: { orientation: "h", y: -0.2 },
  });
  if (options.logLoss || options.logY)
    layout.yaxis = { ...layout.yaxis, ...logAxis([...(history.loss ?? []), ...(history.valLoss ?? [])]) };
  if (epochs.length <= 12) layout.xaxis = { ...layout.xaxis, dtick: 1 }; // whole epochs only
  if (hasAcc) {
    layout.yaxis2 = {
      title: { text: "accuracy" },
      overlaying: "y",
      side: "right",
      range: [0, 1.05],
      tickmode: "linear",
      tick0: 0,
      dtick: 0.2,
      showgrid: false,
    };
    layout.margin = { l: 60, r: 70, t: 60, b: 55 };
  }
  return { data, layout };
}

/** Fields of train's History that hold arrays; any other array-valued key makes the object a set of named series. */
const HISTORY_ARRAYS = new Set(["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "lr"]);

/** A History (loss array plus known fields; non-array fields such as stopReason are ignored) or named series. */
function isHistory(h: HistoryLike | Readonly<Record<string, readonly number[]>>): h is HistoryLike {
  const r = h as Record<string, unknown>;
  return Array.isArray(r.loss) && Object.keys(r).every((k) => HISTORY_ARRAYS.has(k) || !Array.isArray(r[k]));
}

/** Several named loss series ({"SGD": [...], "Adam": [...]}) as one line each, x = 1, 2, ... */
function namedCurves(series: Readonly<Record<string, readonly number[]>>, options: LossCurvesOptions): Figure {
  const entries = Object.entries(series);
  if (entries.length === 0) throw new RangeError("lossCurves: no series given");
  for (const [name, v] of entries) {
    numberSeries("lossCurves", `series "${name}"`, v);
  }
  const data: Trace[] = entries.map(([name, y], i) => ({
    type: "scatter",
    mode: y.length > 40 ? "lines" : "lines+markers",
    name,
    x: y.map((_, k) => k + 1),
    y: y.map((v) => (Number.isFinite(v) ? v : null)),
    line: { color: colorOf(i), width: courseStyle.lineWidth },
  }));
  const layout = baseLayout(options.title ?? "Loss curves", options.xTitle ?? "epoch", options.yTitle ?? "loss");
  if (options.logLoss || options.logY) layout.yaxis = { ...layout.yaxis, ...logAxis(entries.flatMap(([, y]) => y)) };
  return { data, layout };
}
