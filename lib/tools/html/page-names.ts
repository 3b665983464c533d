/**
 * Names an exported document's own scripts look up, which a cell's HTML must not take (DOM clobbering): an element with
 * the same id placed earlier in the document is what `getElementById` returns (the deck's configuration, plotly.js's
 * embedded copy, the drawing options), an `id` or `name` makes a window property (`window.Plotly` set by a cell's
 * `<div id="Plotly">` makes the page believe plotly.js is loaded), and a `.dl4nlp-plot` / `.dl4nlp-plot-data` element
 * would be drawn as a figure or draw another cell's figure with its own data. confine.ts removes these ids, names and
 * class tokens from every cell (the exporters' own figure places are written outside cells, plotly.ts).
 */
const PAGE_IDS = new Set([
  "dl4nlp-plotly-gz",
  "dl4nlp-plot-options",
  "dl4nlp-deck-config",
  "dl4nlp-fit-options",
  "dl4nlp-split-options",
]);

/** The page scripts' globals (browser/*.ts of html and slides, reveal.js, plotly.js). */
const PAGE_GLOBALS = /^(plotly|reveal|revealnotes|dl4nlp[a-z]*)$/i;

/** The figure places' ids (plotlyFigureHtml: `<prefix>-<n>`, prefix "plot" on pages and decks). */
const FIGURE_ID = /^plot-\d+$/i;

/** Class tokens the drawing script (browser/plot-draw.ts) selects. */
const PAGE_CLASSES = new Set(["dl4nlp-plot", "dl4nlp-plot-data"]);

/** Whether an `id` or `name` value is one of the document's own (see above). */
export const isPageName = (value: string) => {
  const v = value.trim();
  return PAGE_IDS.has(v.toLowerCase()) || PAGE_GLOBALS.test(v) || FIGURE_ID.test(v);
};

/** A class attribute's value without the document's own tokens, or undefined when it has none of them. */
export function withoutPageClasses(value: string): string | undefined {
  const tokens = value.split(/[\t\n\f\r ]+/).filter((t) => t !== "");
  if (!tokens.some((t) => PAGE_CLASSES.has(t))) return undefined;
  return tokens.filter((t) => !PAGE_CLASSES.has(t)).join(" ");
}
