import type { FitEpochEntry } from "../train";
import { lossCurves } from "../plot/lossCurves";
import { nextOutputIds } from "./display-ids";
import { figureBundle } from "./figure";
import { liveChartSvg } from "./live-svg";
import {
  attachStaticImageLater,
  cancelStaticImage,
  firstFormHasLoader,
  liveStaticImagesEnabled,
  plotlyRendererInstalled,
} from "./static-image";
import { currentChannel, displayRoute, publish } from "./writer";

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

/**
 * The live chart's title after `epoch`, the one place for both of its forms: without a title of the user's,
 * "Training: epoch N" (interim SVG and final figure alike); with one, "TITLE (epoch N)" while training (the interim SVG)
 * and the user's title as given on the final Plotly figure.
 * @example
 * liveChartTitle(undefined, 3, "interim"); // "Training: epoch 3"
 * liveChartTitle("Adam", 3, "interim"); // "Adam (epoch 3)"
 * liveChartTitle("Adam", 3, "final"); // "Adam"
 */
export function liveChartTitle(title: string | undefined, epoch: number, stage: "interim" | "final"): string {
  if (title === undefined) return `Training: epoch ${epoch}`;
  return stage === "interim" ? `${title} (epoch ${epoch})` : title;
}

/**
 * The live charts whose output is not in its final form yet, each with how to draw it: epochs not drawn (throttled),
 * or drawn as the interim SVG (plotly renderer, see liveChart). flushLiveCharts() draws them.
 */
const undrawn = new Map<string, () => void>();

/**
 * Draws the final state of every live chart whose last epochs were held back by the throttle (minIntervalMs), or
 * whose output is the interim SVG, as finish() would. The kernel launcher calls this when a cell's code ends
 * (lib/display/kernel-hooks.ts), so a cell that never calls finish() still leaves its complete curves as the Plotly
 * figure, in the saved notebook and in every export.
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
 *
 * With the `plotly` package's renderer (kernelspec env DL4NLP_PLOTLY_RENDERER=1), which draws a Plotly output once and
 * ignores its updates, every redraw but the final one publishes an SVG the kernel writes (live-svg.ts; image/svg+xml +
 * text/plain), so the student sees the curves grow; the final one (finish(), the epoch `epochs`, the end of the cell)
 * publishes the Plotly figure: its MIME type differs from the SVG's, so JupyterLab and Notebook 7 draw it with a new
 * renderer, and the saved notebook and exports are the same as without the renderer.
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
  /** Whether the output on screen is the interim SVG (not the final Plotly figure). */
  let interim = false;
  const minInterval = options.minIntervalMs ?? 250;
  // interim SVGs only in a kernel whose front end has the plotly renderer; elsewhere each redraw is the Plotly figure
  const interimSvg = channel !== null && plotlyRendererInstalled() && displayRoute() === "tslab-bundle";
  const epochTitle = (stage: "interim" | "final") => liveChartTitle(options.title, history.epoch.at(-1) ?? 0, stage);
  const drawInterim = () => {
    const title = epochTitle("interim");
    const svg = liveChartSvg(history, { title, logLoss: options.logLoss, heldOut: options.heldOut });
    cancelStaticImage(displayId); // the image of an earlier final draw (a chart fed again in a later cell)
    publish({ "image/svg+xml": svg, "text/plain": `Live chart "${title}"` }, { displayId, update: shown });
    shown = true;
    interim = true;
    dirty = false;
    undrawn.set(displayId, draw);
    last = Date.now();
  };
  const draw = () => {
    const fig = lossCurves(history, {
      title: epochTitle("final"),
      logLoss: options.logLoss,
      heldOut: options.heldOut,
    });
    interim = false;
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
    if (entry.epoch !== undefined && entry.epoch === options.epochs) draw();
    else if (!shown || Date.now() - last >= minInterval) (interimSvg ? drawInterim : draw)();
  };
  const chart = ((entry: EpochEntry) => update(entry)) as LiveChart;
  Object.assign(chart, {
    update,
    finish: () => {
      if (dirty || !shown || interim) {
        if (history.loss.length === 0) return;
        draw();
      }
    },
    history,
    displayId,
  });
  return chart;
}
