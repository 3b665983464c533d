import { baseLayout, colorOf, courseStyle } from "./style";
import type { Figure, Trace } from "./types";

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
  title?: string;
}

/**
 * Loss per epoch (left axis, solid: training, dashed: validation) and accuracy (right axis, dotted) from a History.
 */
export function lossCurves(history: HistoryLike, options: LossCurvesOptions = {}): Figure {
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
  series(history.valLoss, "validation loss", colorOf(0), "dash", "y");
  series(history.accuracy, "training accuracy", colorOf(1), "dot", "y2");
  series(history.valAccuracy, "validation accuracy", colorOf(1), "dashdot", "y2");
  const hasAcc = (history.accuracy?.length ?? 0) + (history.valAccuracy?.length ?? 0) > 0;
  const layout = baseLayout(options.title ?? "Training curves", "epoch", "loss", {
    legend: { orientation: "h", y: -0.2 },
  });
  if (options.logLoss) layout.yaxis = { ...layout.yaxis, type: "log" };
  if (hasAcc) {
    layout.yaxis2 = { title: { text: "accuracy" }, overlaying: "y", side: "right", range: [0, 1.05], showgrid: false };
  }
  return { data, layout };
}
