import type { ICell } from "@jupyterlab/nbformat";
import { cellVisibility } from "../html/cell";

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

/**
 * A hint when no cell has slideshow metadata (a notebook never prepared as slides): nbconvert, and this exporter,
 * then put every cell on one slide, which the deck shrinks to fit. Null when any cell has a slide type or when there
 * is only one cell to show.
 */
export function missingSlidesHint(cells: ICell[]): string | null {
  const shown = cells.filter((c) => !cellVisibility(c).removed);
  if (shown.length < 2 || cells.some((c) => slideTypeOf(c) !== "-")) return null;
  return (
    `no cell has slideshow metadata, so all ${shown.length} cells are one slide, shrunk to fit: give the cells that ` +
    'start a slide the slide type "slide" (JupyterLab: Property Inspector → Slide Type; in the file: metadata ' +
    '{"slideshow": {"slide_type": "slide"}})'
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
