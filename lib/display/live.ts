import type { FitEpochEntry } from "../train";
import { lossCurves } from "../plot/lossCurves";
import { nextOutputIds } from "./display-ids";
import { figureBundle } from "./figure";
import { attachStaticImageLater, firstFormHasLoader, liveStaticImagesEnabled } from "./static-image";
import { currentChannel, publish } from "./writer";

/** One epoch as reported by fit's onEpoch (only the fields present are drawn; lr is not needed). */
export type EpochEntry = Pick<FitEpochEntry, "epoch" | "loss" | "accuracy" | "valLoss" | "valAccuracy">;

export interface LiveChartOptions {
  title?: string;
  /** Minimum milliseconds between redraws, default 250 (the last epoch is always drawn by finish()). */
  minIntervalMs?: number;
  /** Total epochs: the chart redraws at this epoch even within the interval. */
  epochs?: number;
  logLoss?: boolean;
  /** What the held-out data (valLoss, valAccuracy) is called in the legend: "validation" (default) or "test". */
  heldOut?: string;
}

/** How long a live chart waits after a redraw before rendering its static image (a newer redraw restarts the wait). */
const STATIC_IMAGE_DELAY_MS = 400;

/** The live charts with epochs not drawn yet (throttled), each with how to draw them: flushLiveCharts() draws them. */
const undrawn = new Map<string, () => void>();

/**
 * Draws the final state of every live chart whose last epochs were held back by the throttle (minIntervalMs), as
 * finish() would. The kernel launcher calls this when a cell's code ends (lib/display/kernel-hooks.ts), so a cell that
 * never calls finish() still leaves its complete curves, in the saved notebook and in every export.
 */
export function flushLiveCharts(): void {
  for (const draw of [...undrawn.values()]) draw();
}

/** The live chart: call it (or its `update`) with each epoch; `finish()` draws the final state. */
export interface LiveChart {
  (entry: EpochEntry): void;
  update(entry: EpochEntry): void;
  /** Draws the complete curves once more (the figure the saved notebook keeps). Idempotent. */
  finish(): void;
  /** The epochs received so far. */
  readonly history: { epoch: number[]; loss: number[]; accuracy: number[]; valLoss: number[]; valAccuracy: number[] };
  /** The display id of the updated output. */
  readonly displayId: string;
}

/**
 * A loss/accuracy chart that updates in place while `fit` runs: the first epoch creates one output with a display id,
 * later epochs replace it (update_display_data), so the saved notebook ends with the final figure. In a kernel with
 * Chromium, once the redraws pause for STATIC_IMAGE_DELAY_MS, the figure gets its static image (static-image.ts).
 * @example const chart = liveChart(); fit(model, data, { ..., onEpoch: chart }); chart.finish();
 */
export function liveChart(options: LiveChartOptions = {}): LiveChart {
  const channel = currentChannel();
  const { elementId, displayId } = nextOutputIds(channel?.request ?? null);
  const history = {
    epoch: [] as number[],
    loss: [] as number[],
    accuracy: [] as number[],
    valLoss: [] as number[],
    valAccuracy: [] as number[],
  };
  let shown = false;
  let last = 0;
  let dirty = false;
  const minInterval = options.minIntervalMs ?? 250;
  const draw = () => {
    const fig = lossCurves(history, {
      title: options.title ?? `Training: epoch ${history.epoch.at(-1) ?? 0}`,
      logLoss: options.logLoss,
      heldOut: options.heldOut,
    });
    const live = channel !== null && liveStaticImagesEnabled();
    const bundle = figureBundle(fig, elementId, { loader: !live || firstFormHasLoader() });
    publish(bundle, { displayId, update: shown });
    if (live) attachStaticImageLater(bundle, displayId, channel.send, STATIC_IMAGE_DELAY_MS);
    shown = true;
    dirty = false;
    undrawn.delete(displayId);
    last = Date.now();
  };
  const update = (entry: EpochEntry) => {
    if (!entry || typeof entry.loss !== "number")
      throw new TypeError("liveChart: each entry needs a numeric loss (fit's onEpoch entry)");
    history.epoch.push(entry.epoch ?? history.epoch.length + 1);
    history.loss.push(entry.loss);
    if (typeof entry.accuracy === "number") history.accuracy.push(entry.accuracy);
    if (typeof entry.valLoss === "number") history.valLoss.push(entry.valLoss);
    if (typeof entry.valAccuracy === "number") history.valAccuracy.push(entry.valAccuracy);
    dirty = true;
    undrawn.set(displayId, draw);
    if (!shown || Date.now() - last >= minInterval || entry.epoch === options.epochs) draw();
  };
  const chart = ((entry: EpochEntry) => update(entry)) as LiveChart;
  Object.assign(chart, {
    update,
    finish: () => {
      if (dirty || !shown) {
        if (history.loss.length === 0) return;
        draw();
      }
    },
    history,
    displayId,
  });
  return chart;
}
