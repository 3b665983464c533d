import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPage } from "../../../lib/tools/html/page";
import { prepareNotebooks } from "../../../lib/tools/html/prepare";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { deckReady, openOffline, slideFits } from "./browser-helpers";

const NOTEBOOK = "notebooks/03-xor.ipynb";
const OUT = "build/test-slides/course";

/** Slide counts read straight from the metadata (an oracle independent of deckStructure; no remove-cell here). */
function countsFromMetadata(nb: INotebookContent) {
  const types = nb.cells.map((c) => (c.metadata as { slideshow?: { slide_type?: string } }).slideshow?.slide_type ?? "-");
  const first = types.findIndex((t) => t !== "skip" && t !== "notes");
  const rest = types.slice(first + 1);
  const horizontal = 1 + rest.filter((t) => t === "slide").length;
  return {
    horizontal,
    slides: horizontal + rest.filter((t) => t === "subslide").length,
    fragments: rest.filter((t) => t === "fragment").length,
  };
}

// The real course notebook, executed through the runner in a real tslab kernel, exported, and opened offline.
describe("a course notebook (03 · XOR) executed by the runner, as deck and page, in offline headless Chromium", () => {
  let browser: Browser;
  let nb: INotebookContent;
  beforeAll(async () => {
    const [prepared] = await prepareNotebooks([NOTEBOOK], { execute: "auto" });
    expect(prepared.problem).toBeUndefined();
    expect(prepared.executed).toBe(true);
    nb = prepared.notebook!;
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("the deck: counts as in the metadata, every figure drawn, math typeset, no console errors", async () => {
    expect(nb.cells.filter((c) => JSON.stringify(c.metadata).includes("remove-cell"))).toEqual([]);
    const deck = exportDeck(nb);
    expect(deck.warnings).toEqual([]);
    expect(deck.figures).toBeGreaterThanOrEqual(3);
    const file = resolve(OUT, "03-xor.html");
    writeFileSync(file, deck.html);
    const { page, errors, blocked } = await openOffline(browser, file);
    const drawn = await deckReady(page);
    expect(drawn).toBe(deck.figures);
    const seen = await page.evaluate(() => {
      const R = (window as unknown as { Reveal: { getHorizontalSlides(): HTMLElement[]; getTotalSlides(): number } }).Reveal;
      return {
        horizontal: R.getHorizontalSlides().length,
        slides: R.getTotalSlides(),
        fragments: document.querySelectorAll(".reveal .slides .fragment").length,
      };
    });
    expect(seen).toEqual(countsFromMetadata(nb));
    const plots = await page.locator(".dl4nlp-plot").count();
    expect(await page.locator(".dl4nlp-plot > .plot-container .main-svg").count()).toBeGreaterThanOrEqual(plots);
    expect(await page.locator(".reveal .katex").count()).toBeGreaterThan(5);
    expect(await page.locator(".math-error, .dl4nlp-plot-error").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });

  it("every slide fits the 1280×720 slide (tall ones shrunk, never below 60 %): none scrolls", async () => {
    const file = resolve(OUT, "03-xor.html");
    writeFileSync(file, exportDeck(nb).html);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await slideFits(page);
    expect(slides.length).toBeGreaterThan(5);
    // no slide scrolls unless it is already at the smallest zoom (none is, in this deck)
    expect(slides.filter((s) => s.excess > 1)).toEqual([]);
    expect(slides.every((s) => s.zoom >= 0.6)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the page: every figure drawn, math typeset, no console errors", async () => {
    const exported = exportPage(nb);
    expect(exported.warnings).toEqual([]);
    const file = resolve(OUT, "03-xor.page.html");
    writeFileSync(file, exported.html);
    const { page, errors, blocked } = await openOffline(browser, file);
    expect(await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn)).toBe(
      exported.figures,
    );
    expect(await page.locator(".katex").count()).toBeGreaterThan(5);
    expect(await page.locator(".math-error, .dl4nlp-plot-error").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
