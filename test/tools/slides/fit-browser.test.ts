import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { MIN_FIT_ZOOM } from "../../../lib/tools/slides/fit";
import { countPdfPages, printDeck } from "../../../lib/tools/slides/pdf";
import { deckReady, openOffline, slideFits } from "./browser-helpers";

const OUT = "build/test-slides/fit";

/** A code cell of n lines (and its stream output), alone on a slide. */
function codeSlide(id: string, n: number) {
  const source = Array.from({ length: n }, (_, i) => `const line${i} = ${i}; // ${"x".repeat(20)}`).join("\n");
  return {
    cell_type: "code" as const,
    id,
    metadata: { slideshow: { slide_type: "slide" } },
    source,
    execution_count: 1,
    outputs: [{ output_type: "stream" as const, name: "stdout" as const, text: "done\n" }],
  };
}
const NOTEBOOK: INotebookContent = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "dl4nlp", display_name: "TypeScript (dl4nlp)", language: "typescript" } },
  cells: [
    { cell_type: "markdown", id: "title", metadata: { slideshow: { slide_type: "slide" } }, source: "# Fit\n\nA short slide." },
    codeSlide("tall", 26), // ~800 px at full size: shrinks to fit
    codeSlide("huge", 200), // would need ~0.2: stops at the minimum and scrolls
  ],
};

// Real headless Chromium, offline: a slide taller than 1280×720 is shrunk until it fits, down to MIN_FIT_ZOOM.
describe("dl4nlp slides: tall slides are shrunk to fit", () => {
  let browser: Browser;
  const deck = resolve(OUT, "fit.html");
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(deck, exportDeck(NOTEBOOK).html);
    browser = await launchChromium("/usr/bin/chromium");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("a short slide is left alone, a tall one is zoomed until it fits, a huge one stops at the minimum and scrolls", async () => {
    const { page, errors } = await openOffline(browser, deck);
    await deckReady(page);
    expect(await page.evaluate(() => (window as unknown as { dl4nlpSlidesFitted: Promise<number> }).dl4nlpSlidesFitted)).toBe(2);
    const [short, tall, huge] = await slideFits(page);
    expect(short).toEqual({ i: 0, excess: 0, zoom: 1 });
    expect(tall.zoom).toBeLessThan(1);
    expect(tall.zoom).toBeGreaterThan(MIN_FIT_ZOOM);
    expect(tall.excess).toBeLessThanOrEqual(1);
    expect(huge.zoom).toBe(MIN_FIT_ZOOM);
    expect(huge.excess).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the PDF (print view) shrinks the same slides, one page each; the huge one gets extra pages instead of being clipped", async () => {
    const pdf = resolve(OUT, "fit.pdf");
    const printed = await printDeck(deck, pdf);
    expect(printed.consoleErrors).toEqual([]);
    // 200 code lines at 60 %: about 3,300 px, 5 pages of 748 px
    expect(countPdfPages(readFileSync(pdf))).toBe(2 + 5);
    expect(printed.overflows).toMatchObject([{ slide: 3, cell: 3, cellTooTall: true, measured: true }]);
    const { page } = await openOffline(browser, deck, "?print-pdf");
    await page.waitForFunction(() => !!document.querySelector(".reveal .pdf-page"));
    await page.evaluate(() => (window as unknown as { dl4nlpSlidesFitted: Promise<number> }).dl4nlpSlidesFitted);
    const zooms = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal .pdf-page>section")).map((s) => Number(s.dataset.fitZoom ?? 1)),
    );
    expect(zooms[0]).toBe(1);
    expect(zooms[1]).toBeLessThan(1);
    expect(zooms[2]).toBe(MIN_FIT_ZOOM);
    await page.close();
  });

  it("a lecturer's own notebook without slide metadata: a slide per heading, each fits above the footer, its own title only", async () => {
    // 3 sections of 6 code cells with outputs: as one slide (nbconvert's way) it needed a zoom below the minimum and
    // its last cells were clipped under the footer
    const cells: INotebookContent["cells"] = [
      { cell_type: "markdown", id: "t", metadata: {}, source: "# My own notebook\n\nIntro." },
    ];
    for (const part of [1, 2, 3]) {
      cells.push({ cell_type: "markdown", id: `h${part}`, metadata: {}, source: `## Part ${part}` });
      for (let i = 0; i < 6; i++)
        cells.push({
          cell_type: "code",
          id: `c${part}-${i}`,
          metadata: {},
          source: `const x${i} = ${i};\nconsole.log(x${i} * 2);`,
          execution_count: i + 1,
          outputs: [{ output_type: "stream", name: "stdout", text: `${i * 2}\n` }],
        });
    }
    cells.push({ cell_type: "markdown", id: "last", metadata: {}, source: "THE LAST CELL" });
    const own = resolve(OUT, "own.html");
    const exported = exportDeck({ ...NOTEBOOK, cells });
    writeFileSync(own, exported.html);
    expect(exported.counts.horizontal).toBe(4);
    expect(exported.warnings[0]).toMatch(/^no cell has slideshow metadata, so a slide starts at each heading \(4 slides\)/);
    const { page, errors } = await openOffline(browser, own);
    await deckReady(page);
    for (const f of await slideFits(page)) expect(f.excess, `slide ${f.i}`).toBeLessThanOrEqual(1);
    // the last cell: on the last slide, drawn above the footer
    await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(3));
    const last = await page.evaluate(() => {
      const p = Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides p")).find(
        (e) => e.textContent === "THE LAST CELL",
      );
      const r = p?.getBoundingClientRect();
      return {
        shown: p?.closest("section")?.classList.contains("present") === true,
        top: r?.top ?? -1,
        bottom: r?.bottom ?? Number.POSITIVE_INFINITY,
        footerTop: document.querySelector(".deck-footer")?.getBoundingClientRect().top ?? 0,
      };
    });
    expect(last.shown).toBe(true);
    expect(last.top).toBeGreaterThan(0);
    expect(last.bottom).toBeLessThan(last.footerTop);
    // not the course's notebook: no course title anywhere
    expect(exported.html).not.toContain("Deep Learning for NLP");
    expect(await page.locator(".deck-footer").textContent()).toBe("My own notebook");
    expect(await page.title()).toBe("My own notebook");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a course notebook (metadata.dl4nlp.course) carries the course title on its first slide and footer", () => {
    const course = exportDeck({ ...NOTEBOOK, metadata: { ...NOTEBOOK.metadata, dl4nlp: { course: true } } });
    expect(course.html).toContain('<p class="lecture-kicker">Deep Learning for NLP: Neural Networks</p>');
    expect(course.html).toContain('<div class="deck-footer">Deep Learning for NLP: Neural Networks · Fit</div>');
    expect(exportDeck(NOTEBOOK).html).not.toContain('lecture-kicker">');
  });
});
