import type { ICell } from "@jupyterlab/nbformat";
import { cellVisibility } from "../html/cell";
import { MIN_FIT_ZOOM } from "./fit";

/** nbconvert's slide types: "-" (or none) continues the current slide. */
export type SlideType = "slide" | "subslide" | "fragment" | "skip" | "notes" | "-";

/** A run of cells on a subslide: shown at once, or together as one reveal fragment. */
export interface Block {
  fragment: boolean;
  cells: ICell[];
}

/** A vertical slide: its blocks in order and its speaker notes (the notes cells that follow it). */
export interface Subslide {
  blocks: Block[];
  notes: ICell[];
}

/** A horizontal slide: a stack of one or more vertical slides. */
export interface Slide {
  subslides: Subslide[];
}

/** metadata.slideshow.slide_type of a cell; anything else (missing, "", unknown) is "-", as nbconvert treats it. */
function slideTypeOf(cell: ICell): SlideType {
  const t = (cell.metadata as { slideshow?: { slide_type?: unknown } } | undefined)?.slideshow?.slide_type;
  return t === "slide" || t === "subslide" || t === "fragment" || t === "skip" || t === "notes" ? t : "-";
}

/** Whether no cell has a slide type: a notebook never prepared as slides. */
export const unprepared = (cells: ICell[]) => cells.every((c) => slideTypeOf(c) === "-");

const isMarkdown = (c: ICell) => c.cell_type === "markdown";
const hasHeading = (c: ICell) =>
  isMarkdown(c) && /^#{1,6}\s/m.test(Array.isArray(c.source) ? c.source.join("") : String(c.source));

/**
 * The cells of a notebook never prepared as slides (no cell has a slide type), with slides where a reader expects
 * them: each markdown cell with a heading starts a slide; a notebook with one heading or none starts one at each
 * markdown cell that follows a code cell. nbconvert would put every cell on one slide, which at 1280×720 needs a zoom below the
 * deck's smallest (MIN_FIT_ZOOM) for all but the shortest notebooks: it would scroll, its last cells clipped under the
 * footer. Cells of a prepared notebook are returned as they are; the others are copies (the notebook is not changed).
 */
export function autoSlides(cells: ICell[]): ICell[] {
  if (!unprepared(cells)) return cells;
  const byHeading = splitsByHeading(cells);
  return cells.map((c, i) => {
    const starts = byHeading ? hasHeading(c) : isMarkdown(c) && i > 0 && cells[i - 1].cell_type === "code";
    if (!starts) return c;
    return { ...c, metadata: { ...c.metadata, slideshow: { slide_type: "slide" } } } as ICell;
  });
}

/** Whether autoSlides starts slides at headings (two or more shown headings) rather than at prose after code. */
const splitsByHeading = (cells: ICell[]) => cells.filter((c) => !cellVisibility(c).removed && hasHeading(c)).length > 1;

/**
 * A hint when no cell has slideshow metadata (a notebook never prepared as slides): what `autoSlides` made of it, and
 * how to mark slides. Null when any cell has a slide type or when there is only one cell to show.
 */
export function missingSlidesHint(cells: ICell[]): string | null {
  const shown = cells.filter((c) => !cellVisibility(c).removed);
  if (shown.length < 2 || !unprepared(cells)) return null;
  const slides = deckStructure(autoSlides(cells)).length;
  const how =
    slides === 1
      ? `all ${shown.length} cells are one slide, shrunk to fit`
      : splitsByHeading(cells)
        ? `a slide starts at each heading (${slides} slides)`
        : `a slide starts at each markdown cell after code (${slides} slides)`;
  const rest = `what does not fit even at ${Math.round(MIN_FIT_ZOOM * 100)}% goes on over continuation slides`;
  return (
    `no cell has slideshow metadata, so ${how}, and ${rest}: give the cells that start a slide the slide type "slide" ` +
    '(JupyterLab: Property Inspector → Slide Type; in the file: metadata {"slideshow": {"slide_type": "slide"}})'
  );
}

/** The notebook has no cell that would be on a slide. */
export class EmptyDeckError extends Error {}

/**
 * The deck's structure, exactly as nbconvert's SlidesExporter builds it: cells tagged remove-cell are dropped first
 * (TagRemovePreprocessor); the first cell that is neither skip nor notes starts the first slide whatever its type;
 * "slide" starts a horizontal slide, "subslide" a vertical one, "fragment" a fragment that goes on (with the "-"
 * cells after it) up to the next fragment, subslide or slide; "skip" cells are left out; "notes" cells become the
 * speaker notes of the subslide they are on (nbconvert writes them in place; reveal shows them per slide either way;
 * notes before the first slide go to the first slide).
 */
export function deckStructure(cells: ICell[]): Slide[] {
  const kept = cells.filter((c) => !cellVisibility(c).removed);
  const types = kept.map(slideTypeOf);
  const first = types.findIndex((t) => t !== "skip" && t !== "notes");
  if (first < 0) throw new EmptyDeckError("all cells are skip, notes or removed: there is nothing to put on a slide");
  const earlyNotes = kept.slice(0, first).filter((_, i) => types[i] === "notes");
  const slides: Slide[] = [];
  let pendingNotes = earlyNotes;
  let subslide: Subslide = { blocks: [], notes: [] };
  let block: Block = { fragment: false, cells: [] };
  const startBlock = (fragment: boolean) => {
    block = { fragment, cells: [] };
    subslide.blocks.push(block);
  };
  const startSubslide = () => {
    subslide = { blocks: [], notes: pendingNotes };
    pendingNotes = [];
    slides[slides.length - 1].subslides.push(subslide);
    startBlock(false);
  };
  for (let i = first; i < kept.length; i++) {
    const type = i === first ? "slide" : types[i];
    const cell = kept[i];
    if (type === "slide") {
      slides.push({ subslides: [] });
      startSubslide();
    } else if (type === "subslide") startSubslide();
    else if (type === "fragment") startBlock(true);
    else if (type === "notes") {
      subslide.notes.push(cell);
      continue;
    } else if (type === "skip") continue;
    block.cells.push(cell);
  }
  // blocks left empty by a fragment/slide start with no cells after it stay (nbconvert writes them too), except the
  // non-fragment opening block of a subslide that starts with a fragment
  for (const s of slides) for (const sub of s.subslides) sub.blocks = sub.blocks.filter((b) => b.fragment || b.cells.length > 0);
  return slides;
}

/** Counts of a deck: horizontal slides, vertical slides per horizontal one, fragments, subslides with notes. */
export interface DeckCounts {
  horizontal: number;
  vertical: number[];
  slides: number;
  fragments: number;
  notes: number;
}

export function deckCounts(slides: Slide[]): DeckCounts {
  const vertical = slides.map((s) => s.subslides.length);
  const subs = slides.flatMap((s) => s.subslides);
  return {
    horizontal: slides.length,
    vertical,
    slides: vertical.reduce((a, b) => a + b, 0),
    fragments: subs.reduce((n, s) => n + s.blocks.filter((b) => b.fragment).length, 0),
    notes: subs.filter((s) => s.notes.length > 0).length,
  };
}
