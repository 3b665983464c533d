import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { findChromium, launchChromium } from "../render/chromium";
import type { PlotLabels, SlideWide } from "./browser/wide-types";
import type { SlideOverflow } from "./overflow";

/** What the deck's page measured once its slides were fitted: slides too tall and too wide even at the smallest zoom. */
export interface DeckMeasurement {
  /** Slides the deck has (vertical slides and continuation slides counted). */
  slides: number;
  overflows: SlideOverflow[];
  wide: SlideWide[];
  /** Plotly figures whose labels still overlap or are cut at the largest size a slide gives them. */
  plots: PlotLabels[];
  /** Errors the page reported on its console. */
  consoleErrors: string[];
}

/**
 * The reports of a deck's page whose slides are fitted (`window.dl4nlpSlidesFitted` resolved): the slides too tall
 * (`dl4nlpSlidesOverflow`) and too wide (`dl4nlpSlidesWide`) even at the smallest zoom, the Plotly figures whose
 * labels overlap or are cut at any size (`dl4nlpSlidesPlots`), and how many slides it has.
 * Read the same way from the screen view (`measureDecks`) and the print view (`printDeck`).
 */
export async function pageReports(page: Page): Promise<Omit<DeckMeasurement, "consoleErrors">> {
  await page.evaluate(() => (window as unknown as { dl4nlpSlidesFitted?: Promise<number> }).dl4nlpSlidesFitted);
  const measured = await page.evaluate(
    () => (window as unknown as { dl4nlpSlidesOverflow?: Promise<Omit<SlideOverflow, "measured">[]> }).dl4nlpSlidesOverflow,
  );
  const overflows = (measured ?? []).map((o) => ({ ...o, measured: true }));
  const wide =
    (await page.evaluate(() => (window as unknown as { dl4nlpSlidesWide?: Promise<SlideWide[]> }).dl4nlpSlidesWide)) ?? [];
  const plots =
    (await page.evaluate(() => (window as unknown as { dl4nlpSlidesPlots?: Promise<PlotLabels[]> }).dl4nlpSlidesPlots)) ?? [];
  const slides = await page.evaluate(
    () => new Set(Array.from(document.querySelectorAll("[data-slide-number]"), (s) => s.getAttribute("data-slide-number"))).size,
  );
  return { slides, overflows, wide, plots };
}

/** Opens a deck file offline (every request that is not file:// blocked) and waits for reveal.js and its figures. */
export async function openDeck(
  browser: Browser,
  deckFile: string,
  query: string,
  timeout: number,
): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await page.goto(`${pathToFileURL(deckFile).href}${query}`, { waitUntil: "load", timeout });
  await page.waitForFunction(
    (printing) => {
      const w = window as unknown as { Reveal?: { isReady(): boolean } };
      return !!w.Reveal?.isReady() && (!printing || !!document.querySelector(".reveal .pdf-page"));
    },
    query.includes("print-pdf"),
    { timeout },
  );
  return { page, consoleErrors };
}

/**
 * Measures decks in headless Chromium (one browser for all of them, each deck in the screen view at 1280×720): the
 * slides that do not fit even at the smallest zoom, too tall or too wide, as the deck's own page finds them (the same
 * reports `dl4nlp slides --pdf` prints). Returns null when Chromium is not there (`reason` says where it was looked
 * for); a deck that could not be measured gets its error instead.
 */
export async function measureDecks(
  deckFiles: string[],
  options: { chromiumPath?: string; timeoutMs?: number } = {},
): Promise<{ results: (DeckMeasurement | Error)[] } | { results: null; reason: string }> {
  const chromium = findChromium(options.chromiumPath);
  if (!chromium.found) return { results: null, reason: `Chromium not found at ${chromium.path} (set CHROMIUM_PATH)` };
  const browser = await launchChromium(chromium.path);
  try {
    const results: (DeckMeasurement | Error)[] = new Array(deckFiles.length);
    let next = 0;
    // a page loads (parses its inlined libraries, fonts) while the other is laid out: two at a time
    const worker = async () => {
      for (let i = next++; i < deckFiles.length; i = next++) {
        try {
          const { page, consoleErrors } = await openDeck(browser, deckFiles[i], "", options.timeoutMs ?? 60_000);
          results[i] = { ...(await pageReports(page)), consoleErrors };
          await page.close();
        } catch (err) {
          results[i] = err as Error;
        }
      }
    };
    await Promise.all([worker(), worker()]);
    return { results };
  } finally {
    await browser.close();
  }
}
