import { safeJson } from "../html/escape";
import { browserScript } from "../html/browser-script";

/** The smallest zoom a slide is shrunk to; a slide that would need less scrolls (and is clipped in a PDF). */
export const MIN_FIT_ZOOM = 0.6;

/**
 * Shrink-to-fit for a deck (`browser/fit-slides.ts`): every slide taller or wider than the 1280×720 slide gets its
 * cells zoomed until it fits, down to `min`, on the screen and in the print view; a slide is fitted again when a
 * "Show code" toggle on it opens or closes. `window.dl4nlpSlidesFitted` resolves to the number of slides shrunk; each
 * keeps its zoom in `data-fit-zoom`.
 */
export function fitSlidesHtml(min = MIN_FIT_ZOOM): string {
  return `<script type="application/json" id="dl4nlp-fit-options">${safeJson({ min })}</script>
<script>${browserScript("slides/browser/fit-slides")}</script>`;
}
