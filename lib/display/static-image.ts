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
  renderer ??= (require("../tools/render/live-client") as typeof import("../tools/render/live-client")).liveRenderer();
  const r = renderer;
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
    if (latest.get(displayId) !== mine) return;
    r.render(bundle[PLOTLY_MIME]).then(
      (svg) => {
        if (latest.get(displayId) !== mine) return;
        latest.delete(displayId);
        send({ data: staticBundle(bundle, svg), metadata: {}, transient: { display_id: displayId } }, true);
      },
      (err: Error) => {
        if (toldFailure) return;
        toldFailure = true;
        console.log(`dl4nlp: a figure got no static image: ${err.message}`);
      },
    );
  };
  if (delayMs > 0) setTimeout(go, delayMs).unref?.();
  else go();
}
