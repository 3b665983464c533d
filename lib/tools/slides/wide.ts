import { MIN_FIT_ZOOM } from "./fit";

/** One element of a slide wider than the slide even at the smallest zoom, as the browser measured it. */
export interface WideItem {
  /** "table", "formula", "text", "figure" or "block" (an HTML box of fixed width, a paragraph with a long formula…). */
  kind: string;
  /** Its full width and the part of it the slide shows, in CSS px of the 1280×720 slide (after its zoom). */
  width: number;
  shown: number;
  /** Of a table: its columns and how many of them the slide shows whole. */
  columns?: number;
  columnsShown?: number;
  /** The notebook cell (1-based) it is in. */
  cell?: number;
}

/**
 * A slide with content wider than the 1280×720 slide even at the smallest zoom (MIN_FIT_ZOOM), measured in the
 * browser that prints the deck (`browser/wide-content.ts`, reported by `dl4nlp slides --pdf`). Text that can wrap
 * wraps and is never reported; what is reported scrolls sideways on the screen (with a "▶ more to the right" cue)
 * and is split (a table's columns) or shrunk in the PDF.
 */
export interface SlideWide {
  /** The slide's number as the deck shows it (vertical slides counted, 1-based). */
  slide: number;
  /** Its first heading's text ("" when it has none). */
  title: string;
  items: WideItem[];
}

const ARTICLE: Record<string, string> = { table: "a table", formula: "a formula", text: "a text", figure: "a figure" };

/** What one wide element is, how much of it lies to the right, and what the deck does with it. */
function describe(item: WideItem): string {
  const what = `${item.cell !== undefined ? `cell ${item.cell}: ` : ""}${ARTICLE[item.kind] ?? "a block"}`;
  const hidden = Math.max(0, item.width - item.shown);
  const percent = Math.round((100 * hidden) / Math.max(1, item.width));
  if (item.kind === "table" && item.columns !== undefined && item.columnsShown !== undefined) {
    const first = item.columnsShown + 1;
    const cols = first >= item.columns ? `column ${item.columns}` : `columns ${first}–${item.columns}`;
    return (
      `${what} of ${item.columns} columns, ${item.width} px wide: ${cols} (${hidden} px, ${percent}%) lie to the right ` +
      "(the screen scrolls it sideways; the PDF splits its columns over blocks, the first column repeated in each)"
    );
  }
  return (
    `${what} ${item.width} px wide: ${hidden} px (${percent}%) lie to the right ` +
    "(the screen scrolls it sideways; the PDF shrinks it to the page's width)"
  );
}

/** What to do about a wide element of this kind. */
const ADVICE: Record<string, string> = {
  table: "show fewer columns (select them, or transpose the table)",
  formula: "break the formula over lines (\\begin{aligned} … \\\\ … \\end{aligned}) or shorten it",
  figure: "make the figure narrower",
};

/**
 * The warning for a slide with content wider than the slide: which slide, what is wider and how much lies to the
 * right, what the deck does (it scrolls sideways on the screen; the PDF splits or shrinks it) and what to do.
 */
export function wideWarning(notebook: string, w: SlideWide): string {
  const name = w.title ? `slide ${w.slide} "${w.title}"` : `slide ${w.slide}`;
  const kinds = [...new Set(w.items.map((i) => i.kind))];
  const advice = kinds.map((k) => ADVICE[k] ?? "make it narrower (fewer or shorter items per line)").join("; ");
  return (
    `${notebook}: ${name} is wider than the 1280×720 slide even at ${Math.round(MIN_FIT_ZOOM * 100)}% zoom: ` +
    `${w.items.map(describe).join("; ")}; to fit it, ${advice}`
  );
}
