/**
 * Names an exported document's own scripts look up, which a cell's HTML must not take (DOM clobbering): an element with
 * the same id placed earlier in the document is what `getElementById` returns (the deck's configuration, plotly.js's
 * embedded copy, the drawing options), an `id` or `name` makes a window property (`window.Plotly` set by a cell's
 * `<div id="Plotly">` makes the page believe plotly.js is loaded), and a `.dl4nlp-plot` / `.dl4nlp-plot-data` element
 * would be drawn as a figure or draw another cell's figure with its own data. confine.ts removes these ids, names and
 * class tokens from every cell (the exporters' own figure places are written outside cells, plotly.ts).
 */

/**
 * The ids of the elements the exporters write for their browser scripts (options as JSON, plotly.js's packed copy):
 * the writers (plotly.ts, slides/deck.ts, slides/fit.ts) take them from here, so a new one is a cell's to lose too.
 * The browser scripts, which cannot import, name them as literals.
 */
export const PAGE_ID = {
  plotlyGz: "dl4nlp-plotly-gz",
  plotOptions: "dl4nlp-plot-options",
  plotLabels: "dl4nlp-plot-labels",
  deckConfig: "dl4nlp-deck-config",
  fitOptions: "dl4nlp-fit-options",
  splitOptions: "dl4nlp-split-options",
} as const;
const PAGE_IDS = new Set<string>(Object.values(PAGE_ID));

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
