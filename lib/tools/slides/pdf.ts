import { writeFileAtomic } from "../nbformat/write";
import { findChromium, launchChromium } from "../render/chromium";
import type { PlotLabels, SlideWide } from "./browser/wide-types";
import { openDeck, pageReports } from "./measure";
import type { SlideOverflow } from "./overflow";

/** Options of printDeck. */
export interface PrintOptions {
  /** One page per fragment step (reveal's pdfSeparateFragments) instead of one page per slide. */
  fragments?: boolean;
  chromiumPath?: string;
  /** Milliseconds to wait for the deck (reveal ready, figures drawn). Default 60 000. */
  timeoutMs?: number;
}

/** What printDeck did. */
export interface PrintResult {
  pdf: string;
  bytes: number;
  /** Plotly figures drawn before printing, and how many the deck has. */
  figures: { drawn: number; total: number };
  /** Errors the page reported on the console while printing. */
  consoleErrors: string[];
  /** Slides printed (vertical slides counted; a deck breaks too tall sections of a notebook without slide metadata). */
  slides: number;
  /** Slides too tall for their page even at the smallest zoom, measured (their PDF pages grew to hold all of it). */
  overflows: SlideOverflow[];
  /** Slides with content wider than their page even at the smallest zoom, measured (split or shrunk in the PDF). */
  wide: SlideWide[];
  /** Plotly figures whose labels still overlap or are cut at the largest size a slide gives them. */
  plots: PlotLabels[];
}

/**
 * Prints a deck file to PDF with headless Chromium (playwright-core, never a downloaded browser), in reveal.js's
 * print view (`?print-pdf`): one page per slide, or per fragment step with `fragments`. Offline: every request
 * that is not file:// is blocked. Waits for reveal's `ready`, the Plotly figures and the fitting of tall slides (a
 * slide too tall even at the smallest zoom gets as many pages as it needs, and is reported; content too wide has its
 * table columns split over blocks or is shrunk to the page, and is reported); writes the PDF atomically.
 */
export async function printDeck(deckFile: string, pdfFile: string, options: PrintOptions = {}): Promise<PrintResult> {
  const chromium = findChromium(options.chromiumPath);
  if (!chromium.found) throw new Error(`--pdf needs Chromium: ${chromium.path} not found (set CHROMIUM_PATH)`);
  const browser = await launchChromium(chromium.path);
  try {
    const timeout = options.timeoutMs ?? 60_000;
    const { page, consoleErrors } = await openDeck(
      browser,
      deckFile,
      `?print-pdf${options.fragments ? "&pdf-fragments" : ""}`,
      timeout,
    );
    const drawn =
      (await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn?: Promise<number> }).dl4nlpPlotsDrawn)) ?? 0;
    // tall and wide slides fitted to their page (fit-slides) once the figures are drawn, and what did not fit
    const { slides, overflows, wide, plots } = await pageReports(page);
    const total = await page.evaluate(() => document.querySelectorAll(".dl4nlp-plot").length);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFileAtomic(pdfFile, pdf as unknown as string);
    return { pdf: pdfFile, bytes: pdf.length, figures: { drawn, total }, consoleErrors, slides, overflows, wide, plots };
  } finally {
    await browser.close();
  }
}

/** Pages of a PDF written by Chromium (its page objects; Chromium writes no object streams). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
