import { count } from "../../tensor/plural";
import type { DeckCounts } from "./structure";

/** What deckSummary reports of one written deck (a DeckResult of exportDecks). */
export interface DeckSummaryInput {
  output: string;
  executed: boolean;
  counts: DeckCounts;
  /** Whether dl4nlp chose the slides (no slide metadata), and the slides measured in the browser (`--pdf`). */
  autoSplit?: boolean;
  printedSlides?: number;
  figures?: number;
  bytes?: number;
  pdf?: string;
}

/**
 * The line `dl4nlp slides` prints for a written deck: its file, slides, fragments, notes, figures and size (and its
 * PDF). For a notebook without slide metadata the deck breaks a too tall section over continuation slides in the
 * browser, so its number of slides is known only once measured (`--pdf`): then the measured total is stated with the
 * continuation slides among it; without `--pdf` the line counts sections and says that long ones go on over more
 * slides. The only place that words a deck's count (the CLI prints it, tests read it).
 */
export function deckSummary(d: DeckSummaryInput): string {
  const c = d.counts;
  let slides = `${count(c.slides, "slide")} (${c.horizontal} horizontal)`;
  if (d.autoSplit && d.printedSlides === undefined) {
    slides = `${count(c.horizontal, "section")}, a slide each (a long one goes on over more slides when shown)`;
  } else if (d.autoSplit && d.printedSlides !== undefined) {
    const extra = d.printedSlides - c.slides;
    slides = `${count(d.printedSlides, "slide")} (${count(c.horizontal, "section")}, ${count(extra, "continuation slide")})`;
  }
  const mb = ((d.bytes ?? 0) / 1e6).toFixed(1);
  return (
    `${d.output}${d.executed ? " (executed)" : ""}: ${slides}, ${count(c.fragments, "fragment")}, ${c.notes} with notes, ` +
    `${count(d.figures ?? 0, "figure")}, ${mb} MB${d.pdf ? `; ${d.pdf}` : ""}`
  );
}
