import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPage } from "../../../lib/tools/html/page";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { countPdfPages, printDeck } from "../../../lib/tools/slides/pdf";
import { deckStructure } from "../../../lib/tools/slides/structure";
import { deckReady, openOffline } from "./browser-helpers";
import { executedCourse } from "./executed-course";

const NOTEBOOKS = readdirSync("notebooks")
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort()
  .map((f) => `notebooks/${f}`);
const OUT = "build/test-course";
const SHOTS = "build/screenshots";
/** The smallest zoom a course slide may need: 85 % of the 30-px text is still readable at the back of a hall. */
const MIN_ZOOM = 0.85;
const WIDTHS = [800, 1280, 1920];

const nameOf = (file: string) => file.replace(/^.*\//, "").replace(/\.ipynb$/, "");
const source = (c: ICell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

interface SlideReport {
  h: number;
  v: number;
  zoom: number;
  excess: number;
  clipped: string[];
  scrolls: string[];
}

/** The current slide of the deck measured in place: its zoom, overflow, and every visible element outside it. */
function measureCurrentSlide(page: Page): Promise<Omit<SlideReport, "h" | "v">> {
  return page.evaluate(() => {
    const R = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal;
    const s = R.getCurrentSlide();
    const box = s.getBoundingClientRect();
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "")} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    const clipped: string[] = [];
    const scrolls: string[] = [];
    for (const el of Array.from(s.querySelectorAll("*"))) {
      // speaker notes, the MathML copy of formulas, shapes inside an SVG and code behind a closed toggle are not shown
      if (el.closest("aside.notes, .katex-mathml, details:not([open]) > :not(summary)")) continue;
      if (el instanceof SVGElement && el.ownerSVGElement) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      if (r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.left < box.left - 1) clipped.push(describe(el));
    }
    for (const el of Array.from(s.querySelectorAll<HTMLElement>(".katex-display, pre, table, .output-html, .output-image"))) {
      if (el.closest("aside.notes, details:not([open]) > :not(summary)")) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) scrolls.push(describe(el));
    }
    return { zoom: Number(s.dataset.fitZoom ?? 1), excess: s.scrollHeight - s.clientHeight, clipped, scrolls };
  });
}

/** Walks every slide (horizontal, then its vertical ones), all fragments shown, and measures each in place. */
async function walkDeck(page: Page): Promise<SlideReport[]> {
  const stacks = await page.evaluate(() =>
    (window as unknown as { Reveal: { getHorizontalSlides(): HTMLElement[] } }).Reveal.getHorizontalSlides().map(
      (h) => h.querySelectorAll(":scope > section").length,
    ),
  );
  const reports: SlideReport[] = [];
  for (const [h, n] of stacks.entries()) {
    for (let v = 0; v < n; v++) {
      await page.evaluate(
        ([hh, vv]) => {
          const R = (window as unknown as { Reveal: { slide(h: number, v: number): void; nextFragment(): boolean } }).Reveal;
          R.slide(hh, vv);
          while (R.nextFragment()) {
            // show every fragment
          }
        },
        [h, v],
      );
      await page.waitForTimeout(50);
      reports.push({ h, v, ...(await measureCurrentSlide(page)) });
    }
  }
  return reports;
}

const table: string[] = ["| deck | slides | min zoom | overflowing slides |", "|---|---:|---:|---:|"];

// Real headless Chromium, offline, on the nine course notebooks executed by the runner in a real tslab kernel.
describe("the course decks and pages, projected and read: every slide and every figure fits", () => {
  let browser: Browser;
  let notebooks: Map<string, INotebookContent>;
  beforeAll(async () => {
    notebooks = await executedCourse(NOTEBOOKS);
    mkdirSync(OUT, { recursive: true });
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    writeFileSync(resolve(SHOTS, "course-decks.md"), `${table.join("\n")}\n`);
  });

  for (const file of NOTEBOOKS) {
    const name = nameOf(file);
    it(`deck ${name}: every slide and fragment at 1280×720 fits at zoom >= ${MIN_ZOOM}, nothing clipped or scrolled, no console error`, async () => {
      const nb = notebooks.get(file)!;
      const deck = exportDeck(nb);
      expect(deck.warnings).toEqual([]);
      // the estimate of slides too tall (a lower bound) never warns about the course's decks, which all fit
      expect(deck.overflows).toEqual([]);
      const html = resolve(OUT, `${name}.html`);
      writeFileSync(html, deck.html);
      const { page, errors, blocked } = await openOffline(browser, html);
      expect(await deckReady(page)).toBe(deck.figures);
      const slides = await walkDeck(page);
      expect(slides).toHaveLength(deck.counts.slides);
      const worst = slides.reduce((a, b) => (b.zoom < a.zoom ? b : a));
      await page.evaluate(
        ([h, v]) => (window as unknown as { Reveal: { slide(h: number, v: number): void } }).Reveal.slide(h, v),
        [worst.h, worst.v],
      );
      await page.waitForTimeout(100);
      await page.screenshot({ path: resolve(SHOTS, `deck-${name}-${worst.h}-${worst.v}.png`) });
      const overflowing = slides.filter((s) => s.zoom < MIN_ZOOM || s.excess > 1 || s.clipped.length + s.scrolls.length > 0);
      table.push(`| ${name} | ${slides.length} | ${worst.zoom.toFixed(3)} | ${overflowing.length} |`);
      expect(overflowing).toEqual([]);
      // nothing wider than a slide: no sideways box, no cue, no report (wide-content.ts), no text rewrapped
      expect(await page.evaluate(() => (window as unknown as { dl4nlpSlidesWide: Promise<unknown[]> }).dl4nlpSlidesWide)).toEqual(
        [],
      );
      expect(await page.evaluate(() => document.querySelectorAll(".wide-box, .wide-cue").length)).toBe(0);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      await page.close();
    }, 180_000);
  }

  for (const file of NOTEBOOKS) {
    const name = nameOf(file);
    it(`page ${name} at ${WIDTHS.join(", ")} px: no figure wider than its column, no sideways scrolling, no console error`, async () => {
      const exported = exportPage(notebooks.get(file)!);
      const html = resolve(OUT, `${name}.page.html`);
      writeFileSync(html, exported.html);
      // opened once in the narrowest window, drawn there, then widened: figures follow the column both ways
      const { page, errors, blocked } = await openOffline(browser, html);
      await page.setViewportSize({ width: WIDTHS[0], height: 900 });
      await page.reload();
      const drawn = await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn?: Promise<number> }).dl4nlpPlotsDrawn);
      expect(drawn ?? 0).toBe(exported.figures);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForTimeout(400); // the resize observers relayout the figures
        const seen = await page.evaluate(() => {
          const root = document.documentElement;
          const wide: string[] = [];
          const figures =
            ".dl4nlp-plot .svg-container, .output-image img, .output-html svg, .output-html table, .markdown-cell table, .markdown-cell img";
          for (const el of Array.from(document.querySelectorAll(figures))) {
            if (el.closest(".katex, details:not([open])")) continue;
            const column = (el.closest(".outputs, .markdown-cell") ?? el.parentElement) as HTMLElement;
            const over = el.getBoundingClientRect().right - column.getBoundingClientRect().right;
            if (over > 1)
              wide.push(`${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} ${Math.round(over)} px too wide`);
          }
          return { sideways: root.scrollWidth - root.clientWidth, wide };
        });
        expect(seen).toEqual({ sideways: 0, wide: [] });
        // the widest figure of the page (by its own layout width), as drawn in the column
        const widest = await page.evaluate(() => {
          const own = Array.from(document.querySelectorAll("script.dl4nlp-plot-data")).map(
            (s) => (JSON.parse(s.textContent ?? "{}") as { layout?: { width?: number } }).layout?.width ?? 0,
          );
          return own.length > 0 ? own.indexOf(Math.max(...own)) : -1;
        });
        if (widest >= 0 && width !== 1280) {
          await page
            .locator(".dl4nlp-plot")
            .nth(widest)
            .screenshot({ path: resolve(SHOTS, `page-${name}-${width}-widest-figure.png`) });
        }
      }
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it("the PDF of deck 02: one page per slide (pdftoppm renders each), the three learning-rate animations differ", async () => {
    const file = NOTEBOOKS.find((f) => nameOf(f).startsWith("02"))!;
    const nb = notebooks.get(file)!;
    const deck = exportDeck(nb);
    const html = resolve(OUT, "02.html");
    writeFileSync(html, deck.html);
    const pdf = resolve(OUT, "02.pdf");
    const printed = await printDeck(html, pdf);
    expect(printed.consoleErrors).toEqual([]);
    expect(printed.figures.drawn).toBe(printed.figures.total);
    expect(printed.wide).toEqual([]);
    expect(printed.overflows).toEqual([]);
    expect(countPdfPages(readFileSync(pdf))).toBe(deck.counts.slides);
    const prefix = resolve(SHOTS, "pdf-02");
    execFileSync("pdftoppm", ["-r", "40", "-png", pdf, prefix]);
    const pngs = readdirSync(SHOTS)
      .filter((f) => f.startsWith("pdf-02-") && f.endsWith(".png"))
      .sort();
    expect(pngs).toHaveLength(deck.counts.slides);
    // the pages of the three animations (η = 0.2, 0.5, 1): each shows its own run, not the same first frame
    const subslides = deckStructure(nb.cells).flatMap((s) => s.subslides);
    const pageOf = (prefixOfCode: string) =>
      subslides.findIndex((sub) => sub.blocks.some((b) => b.cells.some((c) => source(c).startsWith(prefixOfCode))));
    const pages = ["// the training with η = 0.2", "// η = 0.5", "// η = 1.0"].map(pageOf);
    expect(pages.every((p) => p >= 0)).toBe(true);
    const images = pages.map((p) => readFileSync(resolve(SHOTS, pngs[p])).toString("base64"));
    expect(new Set(images).size).toBe(3);
  }, 300_000);
});
