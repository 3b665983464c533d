import { safeJson } from "../html/escape";
import { browserScript } from "../html/browser-script";
import { tokens } from "../../theme/tokens";
import { SLIDE_HEIGHT, SLIDE_WIDTH } from "./theme";
import { PAGE_ID } from "../html/page-names";
import { plotLabelsHtml } from "../html/plotly";

/** The smallest zoom a slide is shrunk to; a slide that would need less scrolls (and is clipped in a PDF). */
export const MIN_FIT_ZOOM = 0.6;

/**
 * The smallest text a figure on a slide may be drawn with, in px of the 1280×720 slide: the code's size at the
 * smallest zoom (the smallest text the deck otherwise shows). A figure the slide's width would scale below it keeps
 * the width at which its text is this size and scrolls sideways instead (`browser/wide-content.ts`).
 */
export const LEGIBLE_TEXT_PX = Math.round(tokens.size.slide.code * MIN_FIT_ZOOM);

/** The zoom a section too tall for one slide is packed at when it is broken over continuation slides (readable). */
export const SPLIT_PACK_ZOOM = 0.8;

/**
 * Shrink-to-fit for a deck (`browser/fit-slides.ts`): every slide taller or wider than the 1280×720 slide gets its
 * cells zoomed until it fits, down to `min`, on the screen and in the print view; a slide is fitted again when a
 * "Show code" toggle on it opens or closes. `window.dl4nlpSlidesFitted` resolves to the number of slides shrunk; each
 * keeps its zoom in `data-fit-zoom`. A slide still too tall at `min` scrolls with a cue, content still too wide
 * scrolls sideways in a box with a cue (`browser/wide-content.ts`), and the keys that go forward scroll both to their
 * end before the slide changes (`browser/scroll-keys.ts`).
 */
export function fitSlidesHtml(min = MIN_FIT_ZOOM, legible = LEGIBLE_TEXT_PX): string {
  return `<script type="application/json" id="${PAGE_ID.fitOptions}">${safeJson({ min, legible })}</script>
<script>${browserScript("slides/browser/fit-slides")}</script>
<script>${browserScript("slides/browser/scroll-keys")}</script>`;
}

/**
 * Content wider than a slide (`browser/wide-content.ts`), used by split-slides and fit-slides and so inlined before
 * them: text that can wrap wraps; what still does not fit at the smallest zoom scrolls sideways with a cue on the
 * screen, and in the print view has its table columns split over blocks or is shrunk to the page's width.
 */
export function wideContentHtml(): string {
  return `<script>${browserScript("slides/browser/wide-content")}</script>`;
}

/**
 * Continuation slides for a deck whose breaks dl4nlp chose (`browser/split-slides.ts`): a slide marked
 * `data-auto-split` that does not fit even at `min` is broken over as many slides as it needs, packed at `pack`,
 * before reveal.js starts. `window.dl4nlpSlidesSplit` resolves to the number of slides added.
 */
export function splitSlidesHtml(min = MIN_FIT_ZOOM, pack = SPLIT_PACK_ZOOM): string {
  const options = { min, pack, width: SLIDE_WIDTH, height: SLIDE_HEIGHT };
  return `<script type="application/json" id="${PAGE_ID.splitOptions}">${safeJson(options)}</script>
<script>${browserScript("slides/browser/split-slides")}</script>`;
}

/**
 * Plotly figures whose labels overlap or are cut at the slide's size (`browser/plot-labels.ts`, inlined right after
 * the drawing script): each is measured as drawn and laid out larger (up to `PLOT_LABELS_MAX`) or given margins until
 * its labels are apart and inside; what nothing helps is reported (`window.dl4nlpSlidesPlots`).
 */
export function deckPlotLabelsHtml(): string {
  return plotLabelsHtml({ slideWidth: SLIDE_WIDTH - 48 });
}
