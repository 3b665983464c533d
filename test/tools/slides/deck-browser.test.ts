import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDecks } from "../../../lib/tools/slides/decks";
import { countPdfPages, printDeck } from "../../../lib/tools/slides/pdf";
import { deckReady, openOffline, textOutsideMath } from "./browser-helpers";

const FIXTURE = "test/fixtures/notebooks/slides-deck.ipynb";
const OUT = "build/test-slides/fixture";
const SHOTS = "build/screenshots";

type RevealApi = {
  getHorizontalSlides(): HTMLElement[];
  getTotalSlides(): number;
  getSlideNotes(slide?: HTMLElement): string;
  getSlide(h: number, v?: number): HTMLElement;
  slide(h: number, v?: number, f?: number): void;
  next(): void;
};

// Real headless Chromium, offline (only file:// is served), on a deck exported from the fixture notebook.
describe("dl4nlp slides: the fixture deck in offline headless Chromium", () => {
  let browser: Browser;
  let deck: string;
  let exported: Awaited<ReturnType<typeof exportDecks>>;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    exported = await exportDecks([FIXTURE], { out: OUT, execute: "never", pdf: true });
    deck = resolve(OUT, "slides-deck.html");
    browser = await launchChromium("/usr/bin/chromium");
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("writes the deck, its PDF and an index page, with the counts of the metadata and no warnings", () => {
    expect(exported.ok).toBe(true);
    const [d] = exported.decks;
    expect(d.problems).toEqual([]);
    expect(d.counts).toEqual({ horizontal: 3, vertical: [1, 3, 1], slides: 5, fragments: 3, notes: 2 });
    expect(d.figures).toBe(1);
    const html = readFileSync(deck, "utf8");
    // self-contained: no src/href to anything but data: URLs and in-page anchors
    expect(html.match(/<script[^>]+src=[^>]*>/)?.[0] ?? null).toBeNull();
    expect(html.match(/<link[^>]+href=[^>]*>/)?.[0] ?? null).toBeNull();
    const css = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");
    expect(css.match(/url\((?!data:|["']?#).{0,60}/)?.[0] ?? null).toBeNull();
    // plotly.js embedded exactly once (gzipped), not a copy per figure, and no plotly.js source in the clear
    expect(html.split('id="dl4nlp-plotly-gz"').length - 1).toBe(1);
    expect(html).not.toContain("plotly.js v");
    const index = readFileSync(resolve(OUT, "index.html"), "utf8");
    expect(index).toContain('href="slides-deck.html"');
    expect(index).toContain('href="slides-deck.pdf"');
    expect(index).toContain("<h1>Slides</h1>");
    expect(index).not.toContain("Deep Learning for NLP"); // the fixture is not one of the course's notebooks
  });

  it("reveal starts offline; slides, vertical stacks, fragments and notes match the metadata; no console errors", async () => {
    const { page, errors, blocked } = await openOffline(browser, deck);
    const drawn = await deckReady(page);
    const shape = await page.evaluate(() => {
      const R = (window as unknown as { Reveal: RevealApi }).Reveal;
      return {
        horizontal: R.getHorizontalSlides().length,
        vertical: R.getHorizontalSlides().map((h) => h.querySelectorAll(":scope > section").length),
        total: R.getTotalSlides(),
        fragments: document.querySelectorAll(".reveal .slides .fragment").length,
        notes: document.querySelectorAll(".reveal .slides aside.notes").length,
        titleNotes: R.getSlideNotes(R.getSlide(0, 0)),
        plotNotes: R.getSlideNotes(R.getSlide(1, 1)),
      };
    });
    expect(shape).toMatchObject({ horizontal: 3, vertical: [1, 3, 1], total: 5, fragments: 3, notes: 2 });
    expect(shape.titleNotes).toContain("Speaker notes of the title slide.");
    expect(shape.plotNotes).toContain("point at z = 0");
    expect(drawn).toBe(1);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });

  it("math is typeset (no raw TeX left), the title slide has the lecture and notebook titles, removed parts are gone", async () => {
    const { page, errors } = await openOffline(browser, deck);
    await deckReady(page);
    // a² + b², σ(z), align, x₁·w₁, f(z), max(0, |z|), the matrix output
    expect(await page.locator(".reveal .slides .katex").count()).toBe(7);
    expect(await page.locator(".reveal .slides .katex-display").count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator(".reveal .slides .math-error").count()).toBe(0);
    const text = await textOutsideMath(page, ".reveal .slides");
    expect(text).not.toMatch(/\$\$|\\frac|\\begin\{align\}|\\sigma/);
    expect(text).toContain("costs $5, not math");
    expect(text).toContain("code with $dollar$");
    for (const gone of ["SKIPPED OUTPUT", "REMOVED CELL", "REMOVED OUTPUT", "REMOVED_INPUT_SOURCE"])
      expect(text).not.toContain(gone);
    expect(text).toContain("output of a cell without input");
    const first = await page.evaluate(() => document.querySelector(".reveal .slides > section > section")!.textContent ?? "");
    expect(first).not.toContain("Deep Learning for NLP");
    expect(first).toContain("Fixture deck");
    expect(await page.locator("details.hidden-input").count()).toBe(1);
    expect(await page.locator(".hljs-keyword").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("fragments appear one by one; the formula slide and the plot slide are screenshot under build/screenshots", async () => {
    const { page, errors } = await openOffline(browser, deck);
    await deckReady(page);
    const visible = () =>
      page.evaluate(() => document.querySelectorAll(".reveal .slides section.present .fragment.visible").length);
    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide(1, 0));
    expect(await visible()).toBe(0);
    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.next());
    expect(await visible()).toBe(1);
    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.next());
    expect(await visible()).toBe(2);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}/slides-formula.png` });

    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide(1, 1));
    await page.waitForTimeout(600);
    const box = await page.locator("section.present .dl4nlp-plot .main-svg").first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.y + box!.height).toBeLessThanOrEqual(720);
    expect(await page.locator("section.present .dl4nlp-plot .scatterlayer .trace").count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/slides-plot.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the speaker view (key S) opens offline from file:// and shows the current slide's notes", async () => {
    const { page, errors, blocked } = await openOffline(browser, deck);
    await deckReady(page);
    const [popup] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("s")]);
    popup.on("console", (m) => {
      if (m.type() === "error") errors.push(`speaker view: ${m.text()}`);
    });
    await popup.waitForFunction(
      () => document.querySelector(".speaker-controls-notes")?.textContent?.includes("Speaker notes of the title slide."),
      undefined,
      { timeout: 30_000 },
    );
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await popup.close();
    await page.close();
  });

  it("the PDF has one page per slide; with --pdf-fragments one page per fragment step", async () => {
    expect(countPdfPages(readFileSync(resolve(OUT, "slides-deck.pdf")))).toBe(5);
    const printed = await printDeck(deck, resolve(OUT, "slides-deck-fragments.pdf"), { fragments: true });
    expect(printed.consoleErrors).toEqual([]);
    expect(printed.figures).toEqual({ drawn: 1, total: 1 });
    // 1 + (1 + 2 fragments) + 1 + (1 + 1 fragment) + 1
    expect(countPdfPages(readFileSync(printed.pdf))).toBe(8);
  }, 120_000);
});
