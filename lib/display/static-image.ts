import type { LiveRenderer } from "../tools/render/live-client";
import { PLOTLY_MIME, staticBundle } from "./figure";
import { type DisplaySink, displayRoute, type MimeBundle } from "./writer";

/**
 * Static images of figures shown in a live kernel: show() publishes the interactive figure at once, and a moment later
 * this module replaces that output (update_display_data, same display id) with the bundle the notebook should keep:
 * the Plotly JSON plus its SVG image (staticBundle). So a notebook a student runs and saves shows every figure in
 * nbconvert's HTML and PDF, on GitHub and nbviewer. The SVG comes from a headless-Chromium renderer process the
 * kernel starts on the first figure and reuses (lib/tools/render/live-client.ts); it is loaded on first use only, so
 * `import "dl4nlp"` never loads playwright. Where no browser exists this says so once, in the cell that shows a figure.
 *
 * Off when the environment variable DL4NLP_LIVE_STATIC_FIGURES is "0" (`dl4nlp run` sets it for its kernels: it adds
 * the images itself, with one Chromium for all notebooks), and outside a tslab kernel.
 */
export const LIVE_STATIC_ENV = "DL4NLP_LIVE_STATIC_FIGURES";

let renderer: LiveRenderer | undefined;
let toldUnavailable = false;
let toldFailure = false;
/** The newest figure of each display id: a liveChart redraws, and only the latest state's image may land. */
const latest = new Map<string, number>();
let generation = 0;
/** Renders started and not yet sent (or failed). */
const inFlight = new Set<Promise<void>>();
/** Renders still waiting out their delay, by display id: flushStaticImages() starts them at once. */
const delayed = new Map<string, { timer: ReturnType<typeof setTimeout>; go(): void }>();

/**
 * Set to "1" in the kernelspec's environment by kernel-setup/install.mjs when the Jupyter it is installed for has the
 * `plotly` package's JupyterLab / Notebook 7 renderer (labextension jupyterlab-plotly).
 */
export const PLOTLY_RENDERER_ENV = "DL4NLP_PLOTLY_RENDERER";

/**
 * Whether a figure shown now in a live kernel carries the project's HTML loader in its first form. Not when the
 * kernelspec says the `plotly` renderer is installed AND a static image will follow (live images on, Chromium and
 * plotly.js found): that renderer draws the figure, and after drawing it writes a PNG snapshot into the output it drew,
 * racing the kernel's image update. Whichever wins, what the notebook saves (the first form plus that PNG, or the
 * static form, with or without the PNG) then exports as an image with no loader script. Elsewhere the loader
 * stays: it is what draws the figure live in a front end without a Plotly renderer.
 */
export function firstFormHasLoader(): boolean {
  if (!plotlyRendererInstalled()) return true;
  if (!liveStaticImagesEnabled()) return true;
  return liveRendererOnce().unavailable !== null;
}

/** Whether the kernelspec says the front end has the `plotly` package's renderer (DL4NLP_PLOTLY_RENDERER=1). */
export function plotlyRendererInstalled(): boolean {
  return typeof process !== "undefined" && process.env[PLOTLY_RENDERER_ENV] === "1";
}

function liveRendererOnce(): LiveRenderer {
  renderer ??= (require("../tools/render/live-client") as typeof import("../tools/render/live-client")).liveRenderer();
  return renderer;
}

/** Whether figures shown now get a static image later: in a tslab kernel, unless DL4NLP_LIVE_STATIC_FIGURES=0. */
export function liveStaticImagesEnabled(): boolean {
  if (typeof process === "undefined" || process.env[LIVE_STATIC_ENV] === "0") return false;
  return displayRoute() === "tslab-bundle";
}

/**
 * Renders the figure of `bundle` (shown with `displayId`) and, after `delayMs` without a newer figure for the same id,
 * sends the static bundle as an update through `send` (the channel of the request that showed it). Never throws; a
 * missing browser is said once (synchronously, in the current cell), a failed render once.
 */
export function attachStaticImageLater(bundle: MimeBundle, displayId: string, send: DisplaySink, delayMs = 0): void {
  const r = liveRendererOnce();
  if (r.unavailable) {
    if (!toldUnavailable) {
      toldUnavailable = true;
      console.log(
        `dl4nlp: figures in this session get no static image (${r.unavailable}); a saved or exported copy of this ` +
          "notebook shows them only where plotly.js runs.",
      );
    }
    return;
  }
  const mine = ++generation;
  latest.set(displayId, mine);
  const go = () => {
    delayed.delete(displayId);
    if (latest.get(displayId) !== mine) return;
    const fail = (err: Error) => {
      if (toldFailure) return;
      toldFailure = true;
      console.log(`dl4nlp: a figure got no static image: ${err.message}`);
    };
    const done = r
      .render(bundle[PLOTLY_MIME])
      .then((svg) => {
        if (latest.get(displayId) !== mine) return;
        latest.delete(displayId);
        send({ data: staticBundle(bundle, svg), metadata: {}, transient: { display_id: displayId } }, true);
      })
      .catch(fail);
    inFlight.add(done);
    done.finally(() => inFlight.delete(done));
  };
  const before = delayed.get(displayId);
  if (before) clearTimeout(before.timer);
  if (delayMs > 0) {
    const timer = setTimeout(go, delayMs);
    timer.unref?.();
    delayed.set(displayId, { timer, go });
  } else go();
}

/**
 * Drops the static image pending for `displayId` (waiting out its delay or rendering): its output is being replaced by
 * something else (a live chart's interim SVG), which the image of the older figure must not overwrite.
 */
export function cancelStaticImage(displayId: string): void {
  const before = delayed.get(displayId);
  if (before) clearTimeout(before.timer);
  delayed.delete(displayId);
  if (latest.has(displayId)) latest.set(displayId, ++generation);
}

/** Starts at once every render still waiting out its delay (a live chart's last redraw), so none waits for a timer. */
export function flushStaticImages(): void {
  for (const { timer, go } of [...delayed.values()]) {
    clearTimeout(timer);
    go();
  }
}

/**
 * Resolves when every static image started so far (and not given up) has been sent or has failed, or after
 * `timeoutMs`, or when `signal` aborts, whichever comes first; true when all were sent. Delayed renders start at once
 * (flushStaticImages). A wait that times out or is aborted gives up the renders it waited for: they are no longer in
 * flight for later waits (a hung render would hold every later cell for `timeoutMs`), and still send their image if
 * it comes. The kernel launcher awaits this before a cell's execute_reply and before its shutdown_reply
 * (lib/display/kernel-hooks.ts), so a client that stops listening then (nbconvert after the last cell, a restart)
 * still gets every image.
 */
export async function settleStaticImages(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  flushStaticImages();
  if (inFlight.size === 0) return true;
  const waitingFor = [...inFlight];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const cutShort = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    onAbort = () => resolve(false);
    if (signal?.aborted) resolve(false);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const all = await Promise.race([Promise.allSettled(waitingFor).then(() => true), cutShort]);
    if (!all) for (const p of waitingFor) inFlight.delete(p);
    return all;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
