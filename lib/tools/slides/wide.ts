import type { PlotLabels, SlideWide, WideItem } from "./browser/wide-types";
import { MIN_FIT_ZOOM } from "./fit";
import { count } from "../../tensor/plural";

export type { PlotLabels, SlideWide, WideItem } from "./browser/wide-types";

const ARTICLE: Record<string, string> = {
  table: "a table",
  formula: "a formula",
  text: "a text",
  figure: "a figure",
  image: "an image",
};

/** What the PDF does (or did, when it was printed) with a wide element of this kind. */
function inPdf(item: WideItem): string {
  if (item.pdf === "columns" || (item.pdf === undefined && item.kind === "table" && item.columns !== undefined))
    return "the PDF splits its columns over blocks, the first column repeated in each";
  if (item.pdf === "lines") return "the PDF breaks it over lines at the same size";
  if (item.pdf === undefined && item.kind === "formula")
    return "the PDF breaks it over lines at its operators, or shrinks it to the page's width when it has none";
  return "the PDF shrinks it to the page's width";
}

/** What one wide element is, how much of it lies to the right, and what the deck does with it. */
function describe(item: WideItem): string {
  const what = `${item.cell !== undefined ? `cell ${item.cell}: ` : ""}${ARTICLE[item.kind] ?? "a block"}`;
  const hidden = Math.max(0, item.width - item.shown);
  const percent = Math.round((100 * hidden) / Math.max(1, item.width));
  const does = `(the screen scrolls it sideways; ${inPdf(item)})`;
  if (item.kind === "table" && item.columns !== undefined && item.columnsShown !== undefined) {
    const first = item.columnsShown + 1;
    const cols = first >= item.columns ? `column ${item.columns}` : `columns ${first}–${item.columns}`;
    return `${what} of ${item.columns} columns, ${item.width} px wide: ${cols} (${hidden} px, ${percent}%) lie to the right ${does}`;
  }
  if (item.labelsRoom)
    return `${what} ${item.width} px wide (laid out wider than the slide so that its labels do not overlap): ${hidden} px (${percent}%) lie to the right ${does}`;
  const floor =
    item.scale !== undefined
      ? ` (drawn at ${Math.round(item.scale * 100)}% of its size, the smallest at which its text stays readable)`
      : "";
  return `${what} ${item.width} px wide${floor}: ${hidden} px (${percent}%) lie to the right ${does}`;
}

/** What to do about a wide element of this kind. */
const ADVICE: Record<string, string> = {
  table: "show fewer columns (select them, or transpose the table)",
  formula: "break the formula over lines (\\begin{aligned} … \\\\ … \\end{aligned}) or shorten it",
  figure:
    'make the figure narrower (a computation graph: computationGraph(v, { rankdir: "TB" }) draws it top to bottom; ' +
    "a chain of many steps: show a part of it)",
  drawing: "make the figure narrower (a smaller width in its HTML or options)",
  plot: "show fewer categories or shorter labels (a vocabulary: its most frequent words; a matrix: the classes that matter)",
  image: "let the image scale to the slide (remove the fixed width or max-width: none its HTML gives it)",
};

/**
 * The warning for a slide with content wider than the slide: which slide, what is wider and how much lies to the
 * right, what the deck does (it scrolls sideways on the screen; the PDF splits, breaks or shrinks it) and what to do.
 */
export function wideWarning(notebook: string, w: SlideWide): string {
  const name = w.title ? `slide ${w.slide} "${w.title}"` : `slide ${w.slide}`;
  // a figure not kept at a legible floor (a canvas, a frame, an SVG without text) is no computation graph
  const kinds = [
    ...new Set(w.items.map((i) => (i.labelsRoom ? "plot" : i.kind === "figure" && i.scale === undefined ? "drawing" : i.kind))),
  ];
  const advice = kinds.map((k) => ADVICE[k] ?? "make it narrower (fewer or shorter items per line)").join("; ");
  // only figures kept at their legible floor are wider than the slide because of their text's size
  const floorsOnly = w.items.every((i) => i.scale !== undefined || i.labelsRoom);
  const limit = floorsOnly ? "at the size at which its text stays readable" : `even at ${Math.round(MIN_FIT_ZOOM * 100)}% zoom`;
  return `${notebook}: ${name} is wider than the 1280×720 slide ${limit}: ${w.items.map(describe).join("; ")}; to fit it, ${advice}`;
}

/**
 * The warning for a Plotly figure whose labels still overlap or are cut at the largest size a slide lays it out at
 * (`browser/plot-labels.ts`): which slide and cell, how many labels, the size tried, and what to do.
 */
export function plotLabelsWarning(notebook: string, p: PlotLabels): string {
  const name = p.title ? `slide ${p.slide} "${p.title}"` : `slide ${p.slide}`;
  const where = p.cell !== undefined ? `cell ${p.cell}: ` : "";
  const what = [
    p.overlapping > 0 ? `${count(p.overlapping, "pair")} of its ${p.labels} labels overlap` : "",
    p.cut > 0 ? `${count(p.cut, "label")} ${p.cut === 1 ? "is" : "are"} cut at its edge` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  const size = `${p.drawn[0]}×${p.drawn[1]}`;
  const grown =
    p.drawn[0] > p.own[0] || p.drawn[1] > p.own[1] ? ` even when drawn at ${size} (not ${p.own[0]}×${p.own[1]})` : ` at ${size}`;
  return `${notebook}: ${name}: ${where}a Plotly figure whose labels do not fit: ${what}${grown}; to fit it, show fewer categories or label every k-th (tickvals), shorten the labels, or give its axes automargin`;
}
