/**
 * The one declaration of what the deck's page measures about content wider than a slide: shared by the browser
 * scripts (wide-content.ts, fit-slides.ts: `import type` only, so each stays a standalone script in the page) and by
 * Node (wide.ts turns the reports into warnings, pdf.ts and measure.ts read them from the page). Types only: nothing
 * of this file runs.
 */

/** One element of a slide wider than the slide even at the smallest zoom (or a figure at its legible floor). */
export interface WideItem {
  /** "table", "formula", "text", "figure" or "block" (an HTML box of fixed width, a paragraph with a long formula…). */
  kind: string;
  /** Its full width (what is painted) and the part of it the slide shows, in CSS px of the 1280×720 slide (after its zoom). */
  width: number;
  shown: number;
  /** Of a table: its columns and how many of them the slide shows whole. */
  columns?: number;
  columnsShown?: number;
  /** Of a figure kept at its legible floor: the scale it is drawn at (of its own size), e.g. 0.82. */
  scale?: number;
  /** Of a Plotly figure: laid out wider than the slide so that its labels do not overlap (plot-labels.ts). */
  labelsRoom?: boolean;
  /** The notebook cell (1-based) it is in. */
  cell?: number;
  /** What the print view did with it: a table's columns split over blocks, a formula broken over lines, or shrunk. */
  pdf?: "columns" | "lines" | "shrunk";
}

/** A wide element as the page measured it, with the element itself (the page only). */
export interface WideUnit extends WideItem {
  el: HTMLElement;
}

/**
 * A slide with content wider than the 1280×720 slide even at the smallest zoom, measured in the browser
 * (`window.dl4nlpSlidesWide`). Text that can wrap wraps and is never reported; what is reported scrolls sideways on
 * the screen (with a "▶ more to the right" cue) and is split (a table's columns), broken over lines (a formula) or
 * shrunk in the PDF.
 */
export interface SlideWide {
  /** The slide's number as the deck shows it (vertical slides counted, 1-based). */
  slide: number;
  /** Its first heading's text ("" when it has none). */
  title: string;
  items: WideItem[];
}

/** What wide-content.ts offers the other scripts of the page (`window.dl4nlpWide`). */
export interface WideApi {
  /** Wraps text that can wrap; gives inline SVGs without a viewBox one. Returns how many blocks it rewrapped. */
  prepare(s: HTMLElement): number;
  /** The zoom factor (≤ 1) that would make what the slide paints fit its width (1 when it does). */
  ratio(s: HTMLElement): number;
  /** Figures drawn below their legible floor get it back (they then scroll or print as wide units); how many. */
  floorFigures(s: HTMLElement): number;
  /** The elements still wider than the slide. */
  units(s: HTMLElement): WideUnit[];
  /** The screen: each unit scrolls sideways in a box with a cue. */
  scroll(units: WideUnit[]): void;
  /** The print view: tables split by columns, formulas broken over lines, the rest shrunk to the page. */
  print(s: HTMLElement, units: WideUnit[]): void;
}

/**
 * One measurement of a Plotly figure's labels as drawn (`browser/plot-labels.ts`): pairs of labels of one kind (an
 * axis's ticks, cell or bar texts, annotations) drawn over each other, labels reaching outside the figure's box.
 */
export interface PlotCrowding {
  /** Pairs of labels of one kind that overlap. */
  overlaps: number;
  /** Tick labels and annotations reaching outside the figure's box. */
  cut: number;
  /** Growth of the plot area along x and y that separates the worst pair (Infinity: labels drawn at one place). */
  fx: number;
  fy: number;
  /** The axes (layout names: "xaxis", "yaxis2") whose tick labels are cut. */
  cutAxes: string[];
  /** Labels measured. */
  labels: number;
}

/** A Plotly figure on a slide whose labels still overlap or are cut at the largest size it may be drawn at. */
export interface PlotLabels {
  /** The slide's number as the deck shows it, and its title. */
  slide: number;
  title: string;
  /** The notebook cell (1-based) the figure is in. */
  cell?: number;
  /** Pairs of labels still drawn over each other, labels still cut, and labels measured. */
  overlapping: number;
  cut: number;
  labels: number;
  /** Its own size (the slide's, clamped) and the size it was drawn at to make room for its labels, px. */
  own: [number, number];
  drawn: [number, number];
}

/** What plot-labels.ts offers the page (`window.dl4nlpPlotLabels`). */
export interface PlotLabelsApi {
  /** Measures a drawn Plotly figure's labels (its slide shown for the measurement). */
  measure(plot: HTMLElement): PlotCrowding;
  /** Lays a page's figure out again after its column was resized (pages only: html/browser/plot-draw.ts). */
  refit(plot: HTMLElement): Promise<void>;
}
