import type { ICell, ICodeCell, IOutput } from "@jupyterlab/nbformat";
import { cellVisibility } from "../html/cell";
import { multiline } from "../html/escape";
import { pickMime } from "../html/outputs";
import { MIN_FIT_ZOOM } from "./fit";
import type { Slide } from "./structure";
import { tokens } from "../../theme/tokens";

const size = tokens.size.slide;

/**
 * A slide whose content does not fit the 1280×720 slide even at the smallest zoom (MIN_FIT_ZOOM): measured in the
 * browser (`browser/fit-slides.ts`, reported by `dl4nlp slides --pdf`) or estimated from the notebook (a lower bound).
 */
export interface SlideOverflow {
  /** The slide's number as the deck shows it (vertical slides counted, 1-based). */
  slide: number;
  /** Its first heading's text ("" when it has none). */
  title: string;
  /** CSS pixels of its content below the visible area at the smallest zoom (estimated: at least this many). */
  excess: number;
  /** The notebook cell (1-based) that is cut off first, and whether that cell alone is taller than a slide. */
  cell?: number;
  cellTooTall?: boolean;
  /** Whether that cell is text (markdown or raw), not code with outputs: the advice differs. */
  cellIsText?: boolean;
  /** Measured in the browser (exact) or estimated (a lower bound). */
  measured: boolean;
}

/** The slide's height in CSS pixels that content may use: the slide minus its top (10) and bottom (40) padding. */
export const SLIDE_CONTENT_HEIGHT = size.height - 50;
/** One line of code or text output on a slide (font size × line height 1.35). */
const CODE_LINE = size.code * 1.35;
/** One line of body text (a paragraph's or a list item's; font size × line height 1.4). */
const TEXT_LINE = size.font * 1.4;
/** Headings by level: font size × 1.2 line height (h1 1.9em, h2 1.45em, h3 1.15em, smaller ones as text). */
const HEADING_LINE = [0, 1.9, 1.45, 1.15].map((em) => em * size.font * 1.2);
/** h4–h6 (no size of the theme's own): the browser's smallest default, 0.67em, at line height 1.2. */
const SMALL_HEADING_LINE = 0.67 * size.font * 1.2;

/** Lines of a text, not counting a final newline. */
const lineCount = (text: string) => (text === "" ? 0 : text.replace(/\n$/, "").split("\n").length);

/**
 * The least height a markdown source takes on a slide: a heading, a list item and a paragraph are each at least one
 * line, a line of fenced or indented code one code line; math, tables, HTML, images, rules and link definitions count
 * nothing (their height varies or is small).
 */
function markdownHeight(source: string): number {
  let height = 0;
  let fence: string | null = null;
  let math = false;
  let paragraph = false;
  for (const line of source.split("\n")) {
    const t = line.trim();
    if (fence !== null) {
      if (t.startsWith(fence)) fence = null;
      else height += CODE_LINE;
      continue;
    }
    if (math) {
      if (t.includes("$$") || /^\\end\{/.test(t)) math = false;
      continue;
    }
    const open = /^(```+|~~~+)/.exec(t);
    if (open) {
      fence = open[1];
      paragraph = false;
      continue;
    }
    if (t.startsWith("$$")) {
      math = !t.slice(2).includes("$$");
      paragraph = false;
      continue;
    }
    if (/^\\begin\{/.test(t)) {
      math = !/\\end\{/.test(t);
      paragraph = false;
      continue;
    }
    const heading = /^(#{1,6})\s/.exec(t);
    if (t === "" || /^[<|\\]|^!\[|^\[[^\]]+\]:|^([-*_=])(\s*\1){2,}\s*$|^=+$/.test(t)) {
      paragraph = false;
    } else if (heading) {
      height += HEADING_LINE[heading[1].length] ?? SMALL_HEADING_LINE;
      paragraph = false;
    } else if (!paragraph && /^( {4}|\t)/.test(line)) {
      height += CODE_LINE; // an indented code block's line
    } else if (/^([-*+]|\d+[.)])\s+\S/.test(t)) {
      height += TEXT_LINE;
      paragraph = true;
    } else if (!paragraph) {
      height += TEXT_LINE;
      paragraph = true;
    }
  }
  return height;
}

/** The least height of one output: text outputs (streams, plain text, errors) one code line per line; others nothing. */
function outputHeight(output: IOutput): number {
  if (output.output_type === "stream") return lineCount(multiline(output.text as string | string[])) * CODE_LINE;
  if (output.output_type === "error") return ((output.traceback as string[]) ?? []).join("\n").split("\n").length * CODE_LINE;
  const bundle = (output as { data?: Record<string, unknown> }).data;
  if (bundle && pickMime(bundle as never) === "text/plain")
    return lineCount(multiline(bundle["text/plain"] as string)) * CODE_LINE;
  return 0;
}

/** The least height a cell takes on a slide (what its tags show; a hidden part behind a toggle counts nothing). */
export function cellMinHeight(cell: ICell): number {
  const v = cellVisibility(cell);
  if (v.removed) return 0;
  const source = multiline(cell.source);
  if (cell.cell_type === "markdown") return markdownHeight(source);
  if (cell.cell_type !== "code") return 0;
  let height = v.input === "show" && source.trim() !== "" ? lineCount(source) * CODE_LINE : 0;
  if (v.output === "show") for (const o of (cell as ICodeCell).outputs ?? []) height += outputHeight(o);
  return height;
}

/** A slide's title: the text of its first heading of level 1–3 ("" when it has none). */
function titleOf(cells: ICell[]): string {
  for (const c of cells) {
    if (c.cell_type !== "markdown") continue;
    const m = /^#{1,3}\s+(.+)$/m.exec(multiline(c.source));
    if (m) return m[1].replace(/[*_`]/g, "").trim();
  }
  return "";
}

/**
 * Slides sure not to fit even at the smallest zoom, estimated without a browser from a lower bound of each cell's
 * height (cellMinHeight: lines of code and text outputs, list items, paragraphs; wrapping, padding, figures, math and
 * HTML only add to it). Never reports a slide that fits; misses slides whose height comes from what it does not count
 * (the browser measures those: `--pdf`). `cellNumbers` gives each cell's 1-based position in the notebook.
 */
export function estimateOverflows(slides: Slide[], cellNumbers: Map<unknown, number>): SlideOverflow[] {
  const found: SlideOverflow[] = [];
  let n = 0;
  for (const slide of slides) {
    for (const sub of slide.subslides) {
      n++;
      const cells = sub.blocks.flatMap((b) => b.cells);
      let top = 0;
      let cut: ICell | undefined;
      for (const c of cells) {
        top += cellMinHeight(c) * MIN_FIT_ZOOM;
        if (cut === undefined && top > SLIDE_CONTENT_HEIGHT + 1) cut = c;
      }
      if (cut === undefined) continue;
      found.push({
        slide: n,
        title: titleOf(cells),
        excess: Math.floor(top - SLIDE_CONTENT_HEIGHT),
        cell: cellNumbers.get(cut),
        cellTooTall: cellMinHeight(cut) * MIN_FIT_ZOOM > SLIDE_CONTENT_HEIGHT + 1,
        cellIsText: cut.cell_type !== "code",
        measured: false,
      });
    }
  }
  return found;
}

/**
 * The warning for a slide that does not fit: which slide, how much is hidden, and what to do. The deck still shows
 * it all (the slide scrolls, with a cue; its PDF pages grow), but a lecturer projecting it would have to scroll.
 */
export function overflowWarning(notebook: string, o: SlideOverflow): string {
  const name = o.title ? `slide ${o.slide} "${o.title}"` : `slide ${o.slide}`;
  const hidden = `${o.measured ? "" : "at least "}${o.excess} px (about ${Math.max(1, Math.round(o.excess / (CODE_LINE * MIN_FIT_ZOOM)))} code lines)`;
  const zoom = `${Math.round(MIN_FIT_ZOOM * 100)}%`;
  let fix: string;
  if (o.cell !== undefined && o.cellTooTall && o.cellIsText) {
    fix =
      `text cell ${o.cell} alone is taller than a slide even at ${zoom}: split it into several markdown cells, each ` +
      'after the first with the slide type "subslide", or shorten it';
  } else if (o.cell !== undefined && o.cellTooTall) {
    fix =
      `cell ${o.cell} alone is taller than a slide even at ${zoom}: make it print less, split it over several cells ` +
      'each with the slide type "subslide", or tag it hide-output (its output behind a "Show output" toggle)';
  } else if (o.cell !== undefined) {
    fix =
      `give cell ${o.cell}${o.measured ? "" : " (or one before it)"} the slide type "subslide" to continue on a new slide from there ` +
      '(JupyterLab: Property Inspector → Slide Type; in the file: metadata {"slideshow": {"slide_type": "subslide"}})';
  } else {
    fix = 'add a "subslide" break between its cells';
  }
  return (
    `${notebook}: ${name} does not fit the 1280×720 slide even at ${zoom} zoom: ` +
    `${hidden} lie below it (the deck scrolls there, the PDF gives it extra pages); ${fix}`
  );
}
