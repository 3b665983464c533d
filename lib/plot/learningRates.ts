import { baseLayout, colorOf, courseStyle, logAxis } from "./style";
import { received } from "../tensor/received";
import type { Figure, Trace } from "./types";
import { figureOptions, numberSeries } from "./input";

/** One training run: its learning rate and loss per epoch (or per step). */
export interface LearningRateRun {
  lr: number;
  loss: readonly number[];
  /** Legend text, default "η = <lr>". */
  name?: string;
}

export interface LearningRateComparisonOptions {
  /** Logarithmic loss axis, default true (losses span orders of magnitude). */
  logLoss?: boolean;
  xTitle?: string;
  title?: string;
}

/**
 * Loss curves of the same model trained with different learning rates η, one line each: too small is slow,
 * too large oscillates or diverges (non-finite losses are left out, and the legend says "diverged").
 */
export function learningRateComparison(runs: readonly LearningRateRun[], options: LearningRateComparisonOptions = {}): Figure {
  options = figureOptions("learningRateComparison", options, ["logLoss", "xTitle", "title"]);
  if (!Array.isArray(runs as unknown))
    throw new TypeError(`learningRateComparison: runs must be an array of { lr, loss } runs, got ${received(runs)}`);
  runs.forEach((run, i) => {
    if (!run || typeof run !== "object" || !Array.isArray((run as { loss?: unknown }).loss))
      throw new TypeError(`learningRateComparison: runs[${i}] must be { lr, loss: number[] }, got ${received(run)}`);
    numberSeries("learningRateComparison", `runs[${i}].loss`, run.loss);
    if (run.name === undefined && !(typeof run.lr === "number" && Number.isFinite(run.lr)))
      throw new RangeError(
        `learningRateComparison: runs[${i}].lr must be a finite number (or give the run a name), got ${received(run.lr)}`,
      );
  });
  if (runs.length === 0) throw new RangeError("learningRateComparison: no runs given");
  const data: Trace[] = runs.map((run, i) => {
    const diverged = run.loss.some((v) => !Number.isFinite(v));
    return {
      type: "scatter",
      mode: "lines",
      name: `${run.name ?? `η = ${run.lr}`}${diverged ? " (diverged)" : ""}`,
      x: run.loss.map((_, k) => k + 1),
      y: run.loss.map((v) => (Number.isFinite(v) ? v : null)),
      line: { color: colorOf(i), width: courseStyle.lineWidth },
    };
  });
  const layout = baseLayout(options.title ?? "Learning rate comparison", options.xTitle ?? "epoch", "loss");
  if (options.logLoss !== false) layout.yaxis = { ...layout.yaxis, ...logAxis(runs.flatMap((r) => r.loss)) };
  return { data, layout };
}
