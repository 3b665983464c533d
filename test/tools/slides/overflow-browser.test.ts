import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { MIN_FIT_ZOOM } from "../../../lib/tools/slides/fit";
import { cellMinHeight, overflowWarning } from "../../../lib/tools/slides/overflow";
import { deckStructure } from "../../../lib/tools/slides/structure";
import { countPdfPages, printDeck } from "../../../lib/tools/slides/pdf";
import { deckReady, openOffline } from "./browser-helpers";
import {
  FIGURES_AND_TALL_HTML,
  FITS_PLAIN,
  FITS_PREPARED,
  LIST_AND_FENCE,
  LONG_TABLE,
  md,
  MARKDOWN_KINDS,
  notebook,
  PREPARED_ONE_CELL,
  preparedBlocks,
  PREPARED_OVERFLOW,
  STREAM_300,
  TESTERS,
  TITLE_STYLES,
} from "./overflow-notebooks";

const OUT = "build/test-slides/overflow";

/** What a person sees of each vertical slide: its text, title, overflow below the visible area, and a scroll cue. */
interface SeenSlide {
  i: number;
  text: string;
  heading: string;
  excess: number;
  zoom: number;
  cue: boolean;
}

function seenSlides(page: Page): Promise<SeenSlide[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).map((s, i) => {
      const stack = s.parentElement as HTMLElement;
      const [sd, pd] = [s.style.display, stack.style.display];
      s.style.display = "block";
      stack.style.display = "block";
      const clone = s.cloneNode(true) as HTMLElement;
      for (const k of Array.from(clone.querySelectorAll("aside, .scroll-cue, script"))) k.remove();
      const r = {
        i,
        text: clone.textContent ?? "",
        heading: (s.querySelector("h1, h2, h3")?.textContent ?? "").trim(),
        excess: s.scrollHeight - s.clientHeight,
        zoom: Number(s.dataset.fitZoom ?? 1),
        cue: !!s.querySelector(":scope > .scroll-cue"),
      };
      s.style.display = sd;
      stack.style.display = pd;
      return r;
    }),
  );
}

/** Every marker line "<prefix> i of n" (or "<prefix> i<suffix>") appears exactly once in the deck's slides, in order. */
function expectAllLinesOnce(slides: SeenSlide[], prefix: string, n: number, suffix = ` of ${n}`) {
  const all = slides.map((s) => s.text).join("\n");
  let at = -1;
  for (let i = 1; i <= n; i++) {
    const line = `${prefix} ${i}${suffix}`;
    const found = all.split(line).length - 1;
    expect(found, line).toBe(1);
    const where = all.indexOf(line);
    expect(where, `${line} after line ${i - 1}`).toBeGreaterThan(at);
    at = where;
  }
}

// Real headless Chromium, offline: slides too tall for 1280×720 even at the smallest zoom lose nothing.
describe("dl4nlp slides: content too tall for a slide is never cut silently", () => {
  let browser: Browser;
  const write = (name: string, nb: INotebookContent) => {
    const deck = exportDeck(nb);
    const file = resolve(OUT, `${name}.html`);
    writeFileSync(file, deck.html);
    return { deck, file };
  };
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("the tester's notebook without slide metadata: Part one goes on over a continuation slide, all 40 lines visible", async () => {
    const { deck, file } = write("testers", TESTERS);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    expect(slides.map((s) => s.heading)).toEqual([
      "A lecturer's talk",
      "Part one (1/3)",
      "Part one (2/3)",
      "Part one (3/3)",
      "Part two",
    ]);
    for (const s of slides) {
      expect(s.excess, `slide ${s.i} "${s.heading}"`).toBeLessThanOrEqual(1);
      expect(s.zoom).toBeGreaterThanOrEqual(MIN_FIT_ZOOM);
      expect(s.cue).toBe(false);
    }
    expectAllLinesOnce(slides, "output line", 40);
    expectAllLinesOnce(slides, "point", 14, ": something worth saying about it");
    // reveal.js counts the continuation slides: the deck says 5 slides, and the last line is drawn above the footer
    expect(await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.getTotalSlides())).toBe(5);
    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide(2));
    await page.waitForTimeout(500);
    await page.screenshot({ path: resolve(OUT, "testers-part-one-2.png") });
    const last = await shownAboveFooter(page, 3, "output line 40 of 40");
    expect(last).toBe(true);
    expect(deck.overflows).toEqual([]);
    expect(deck.warnings[0]).toMatch(/goes on over continuation slides/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a 300-line stream without slide metadata: broken between lines over slides, colours kept, every line once", async () => {
    const { file } = write("stream", STREAM_300);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    const log = slides.filter((s) => s.heading.startsWith("The log"));
    expect(log.length).toBeGreaterThan(5);
    expect(log.map((s) => s.heading)).toEqual(log.map((_, i) => `The log (${i + 1}/${log.length})`));
    for (const s of slides) expect(s.excess, `slide ${s.i} "${s.heading}"`).toBeLessThanOrEqual(1);
    expectAllLinesOnce(slides, "log line", 300);
    // every tenth line is red: 30 red lines, spread over the slides
    const red = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll<HTMLElement>(".reveal pre.output-stream span[style]")).filter((e) =>
          /log line \d+0 of 300/.test(e.textContent ?? ""),
        ).length,
    );
    expect(red).toBe(30);
    expect(slides[slides.length - 1].text).toContain("THE LAST SLIDE");
    expect(errors).toEqual([]);
    await page.close();
    // the PDF: the same continuation slides, one page each, every line in its text
    const pdf = resolve(OUT, "stream.pdf");
    const printed = await printDeck(file, pdf);
    expect(printed.consoleErrors).toEqual([]);
    expect(printed.slides).toBe(slides.length);
    expect(printed.overflows).toEqual([]);
    expect(countPdfPages(readFileSync(pdf))).toBe(slides.length);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    for (let i = 1; i <= 300; i++) expect(text, `log line ${i}`).toContain(`log line ${i} of 300`);
  });

  it("a 90-row table without slide metadata: broken between rows, the header on every part", async () => {
    const { file } = write("table", LONG_TABLE);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    const parts = slides.filter((s) => s.heading.startsWith("A long table"));
    expect(parts.length).toBeGreaterThan(1);
    for (const s of slides) expect(s.excess, `slide ${s.i} "${s.heading}"`).toBeLessThanOrEqual(1);
    expectAllLinesOnce(slides, "table row", 90);
    const headers = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".reveal .slides>section>section")).map((s) => s.querySelectorAll("thead th").length),
    );
    expect(headers.filter((n) => n === 2)).toHaveLength(parts.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a 30-item numbered list, a 40-line code fence and an 80-line code cell: broken between items and lines, numbering goes on", async () => {
    const { file } = write("list", LIST_AND_FENCE);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    expect(slides.length).toBeGreaterThan(2);
    for (const s of slides) expect(s.excess, `slide ${s.i} "${s.heading}"`).toBeLessThanOrEqual(1);
    expectAllLinesOnce(slides, "list item", 30);
    expectAllLinesOnce(slides, "fence line", 40);
    expectAllLinesOnce(slides, "code line", 80);
    // each list part starts at the number of its first item, as the reader counts
    const starts = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLOListElement>(".reveal ol")).map((ol) => [
        ol.start,
        Number(/list item (\d+)/.exec(ol.querySelector("li")?.textContent ?? "")?.[1]),
      ]),
    );
    expect(starts.length).toBeGreaterThan(1);
    for (const [start, first] of starts) expect(start).toBe(first);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("5 figures and a tall HTML block without slide metadata: figures over slides, whole and inside them; the block alone, scrolling", async () => {
    const { file } = write("figures", FIGURES_AND_TALL_HTML);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    const figureSlides = slides.filter((s) => s.heading.startsWith("Many figures"));
    expect(figureSlides.length).toBeGreaterThan(1);
    for (const s of figureSlides) expect(s.excess, s.heading).toBeLessThanOrEqual(1);
    // every figure once, each drawn whole inside the visible part of its slide
    const figures = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).flatMap((s) => {
        const stack = s.parentElement as HTMLElement;
        s.style.display = "block";
        stack.style.display = "block";
        const box = s.getBoundingClientRect();
        const scale = box.height / s.offsetHeight;
        const bottom = box.top + (s.clientHeight - 40) * scale;
        const r = Array.from(s.querySelectorAll("img")).map((img) => {
          const b = img.getBoundingClientRect();
          return { inside: b.top >= box.top && b.bottom <= bottom + 1 && b.height > 100 * scale, src: img.src.length };
        });
        s.style.removeProperty("display");
        stack.style.removeProperty("display");
        return r;
      }),
    );
    expect(figures).toHaveLength(5);
    expect(figures.every((f) => f.inside)).toBe(true);
    // the tall block: a slide of its own that scrolls with a cue, reported with its cell; the next section follows
    const tall = slides.filter((s) => s.text.includes("TALL HTML TOP"));
    expect(tall).toHaveLength(1);
    expect(tall[0].text).toContain("TALL HTML END");
    expect(tall[0].cue).toBe(true);
    expect(slides[slides.length - 1].text).toContain("AFTER THE TALL ONE");
    const measured = await page.evaluate(
      () => (window as unknown as { dl4nlpSlidesOverflow: Promise<unknown[]> }).dl4nlpSlidesOverflow,
    );
    expect(measured).toMatchObject([{ slide: tall[0].i + 1, title: "A tall HTML output (2/2)", cell: 5, cellTooTall: true }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("continuation titles look like the section's heading on every slide of it (level, colour, weight, size), on the screen and in print", async () => {
    for (const [name, nb, sections] of [
      ["titles", TITLE_STYLES, ["A typed title", "Plain title"]],
      ["testers-titles", TESTERS, ["Part one"]],
      ["figures-titles", FIGURES_AND_TALL_HTML, ["Many figures", "A tall HTML output"]],
    ] as const) {
      const { file } = write(name, nb);
      for (const query of ["", "?print-pdf"]) {
        const { page, errors } = await openOffline(browser, file, query);
        await deckReady(page);
        const titles = await titleLooks(page);
        for (const section of sections) {
          const parts = titles.filter((t) => t.text.startsWith(`${section} (`));
          expect(parts.length, `${name}${query} "${section}"`).toBeGreaterThan(1);
          expect(parts.map((t) => t.text)).toEqual(parts.map((_, k) => `${section} (${k + 1}/${parts.length})`));
          // one look: the section's own heading's (the first), for the title and its "(k/n)"
          const look = { ...parts[0].title };
          for (const t of parts) {
            expect(t.title, `${name}${query} ${t.text}: title`).toEqual(look);
            expect(t.count, `${name}${query} ${t.text}: its count`).toEqual(look);
          }
        }
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  });

  it("slide metadata, one slide too tall: kept as the author made it, scrolls with a cue, the PDF has all of it, a warning names the cell", async () => {
    const { deck, file } = write("prepared", PREPARED_OVERFLOW);
    expect(deck.counts.slides).toBe(4);
    // estimated without a browser: sure to overflow, cell 5 is the one to start a subslide at
    expect(deck.overflows).toHaveLength(1);
    expect(deck.overflows[0]).toMatchObject({ slide: 3, title: "Too long", cell: 5, cellTooTall: false, measured: false });
    expect(overflowWarning("talk.ipynb", deck.overflows[0])).toMatch(
      /^talk\.ipynb: slide 3 "Too long" does not fit the 1280×720 slide even at 60% zoom: at least \d+ px .* give cell 5 \(or one before it\) the slide type "subslide"/,
    );
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    expect(slides.map((s) => s.heading)).toEqual(["Prepared talk", "Fits", "Too long", "Fits too"]);
    expect(slides.map((s) => s.cue)).toEqual([false, false, true, false]);
    expect(slides[2].zoom).toBe(MIN_FIT_ZOOM);
    expectAllLinesOnce(slides, "printed row", 36);
    expectAllLinesOnce(slides, "prepared point", 14);
    // on the slide: the cue is drawn above the footer; scrolled to the end, the last row shows and the cue goes
    await page.evaluate(() => (window as unknown as { Reveal: RevealApi }).Reveal.slide(2));
    await page.waitForTimeout(500);
    const cue = await page.evaluate(() => {
      const c = document.querySelector<HTMLElement>(".reveal .present .scroll-cue")!;
      const r = c.getBoundingClientRect();
      return { text: c.textContent, visible: getComputedStyle(c).visibility, top: r.top, bottom: r.bottom, height: innerHeight };
    });
    expect(cue.text).toMatch(/scroll/);
    expect(cue.visible).toBe("visible");
    expect(cue.bottom).toBeLessThanOrEqual(cue.height);
    expect(cue.top).toBeGreaterThan(cue.height / 2);
    await page.screenshot({ path: resolve(OUT, "prepared-cue.png") });
    // a clicker's "next" (Page Down) scrolls the slide to its end first, then goes on to the next slide
    const current = () =>
      page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h);
    let presses = 0;
    while ((await current()) === 2 && presses < 10) {
      expect(await lineShown(page, "printed row 36 of 36"), `after ${presses} presses`).toBe(false);
      await page.keyboard.press("PageDown");
      await page.waitForTimeout(200);
      presses++;
      if (await lineShown(page, "printed row 36 of 36")) break;
    }
    expect(presses).toBeGreaterThan(0);
    expect(await current()).toBe(2);
    expect(await lineShown(page, "printed row 36 of 36")).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".reveal .present .scroll-cue")!).visibility)).toBe(
      "hidden",
    );
    await page.keyboard.press("PageDown");
    await page.waitForTimeout(300);
    expect(await current()).toBe(3);
    // and back: the slide before shows its end again
    await page.keyboard.press("PageUp");
    await page.waitForTimeout(300);
    expect(await current()).toBe(2);
    // measured in the browser: the same slide and cell
    const measured = await page.evaluate(
      () => (window as unknown as { dl4nlpSlidesOverflow: Promise<unknown[]> }).dl4nlpSlidesOverflow,
    );
    expect(measured).toMatchObject([{ slide: 3, title: "Too long", cell: 5, cellTooTall: false }]);
    expect(errors).toEqual([]);
    await page.close();

    // the PDF: the tall slide takes extra pages, every row is in it, nothing cut; the report is the measured one
    const pdf = resolve(OUT, "prepared.pdf");
    const printed = await printDeck(file, pdf);
    expect(printed.consoleErrors).toEqual([]);
    expect(countPdfPages(readFileSync(pdf))).toBeGreaterThan(4);
    expect(printed.overflows).toMatchObject([{ slide: 3, title: "Too long", cell: 5, cellTooTall: false, measured: true }]);
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    for (let i = 1; i <= 36; i++) expect(text, `printed row ${i}`).toContain(`printed row ${i} of 36`);
  });

  it("slide metadata, a slide with figures, an HTML block and a table too tall for a page: its extra PDF pages never cut one of them", async () => {
    // the blocks land at other heights after 50 or 25 lines (25: a Plotly figure and a row were cut at the break before)
    for (const lines of [50, 25]) {
      const { file } = write(`blocks-${lines}`, preparedBlocks(lines));
      const pdf = resolve(OUT, `blocks-${lines}.pdf`);
      const printed = await printDeck(file, pdf);
      expect(printed.consoleErrors).toEqual([]);
      expect(printed.overflows).toHaveLength(1);
      // the PDF's text page by page: each block's top and bottom mark on one page, every mark and line once
      const pages = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).split("\f");
      expect(pages.length - 1).toBe(countPdfPages(readFileSync(pdf)));
      const pageOf = (mark: string) => {
        const on = pages.flatMap((p, k) => (new RegExp(`${mark}(?!\\d)`).test(p) ? [k] : []));
        expect(on, mark).toHaveLength(1);
        return on[0];
      };
      const blocks = [
        ...Array.from({ length: 7 }, (_, i) => [`FIGTOP ${i + 1}`, `FIGBOTTOM ${i + 1}`]),
        ...Array.from({ length: 5 }, (_, i) => [`PLOTTOP ${i + 1}`, `PLOTBOTTOM ${i + 1}`]),
        ["HTMLTOP", "HTMLBOTTOM"],
        ...Array.from({ length: 24 }, (_, i) => [`ROWTOP ${i + 1}`, `ROWBOTTOM ${i + 1}`]),
      ];
      for (const [top, bottom] of blocks) expect(pageOf(bottom), `${top} … ${bottom}`).toBe(pageOf(top));
      for (let i = 1; i <= lines; i++) pageOf(`block line ${i} of ${lines}`);
      // the slide's pages are the 2nd one on: the blocks spread over several of them
      expect(new Set(blocks.map(([top]) => pageOf(top))).size).toBeGreaterThan(2);
    }
  });

  it("slide metadata, one markdown cell alone taller than a slide: the advice is for text (split it), not for outputs", async () => {
    const list = Array.from({ length: 60 }, (_, i) => `- text cell item ${i + 1}`).join("\n");
    const nb = notebook([md("t", "# One text cell", "slide"), md("l", `## A long list\n\n${list}`, "slide")]);
    const { deck, file } = write("one-text-cell", nb);
    expect(deck.overflows).toMatchObject([{ slide: 2, cell: 2, cellTooTall: true, cellIsText: true }]);
    const estimated = overflowWarning("text.ipynb", deck.overflows[0]);
    expect(estimated).toMatch(/text cell 2 alone is taller than a slide even at 60%: split it into several markdown cells/);
    expect(estimated).not.toMatch(/hide-output|print less/);
    const printed = await printDeck(file, resolve(OUT, "one-text-cell.pdf"));
    expect(printed.overflows).toMatchObject([{ slide: 2, cell: 2, cellTooTall: true, cellIsText: true }]);
  });

  it("slide metadata, one cell alone taller than a slide: the warning says the cell itself is too tall", async () => {
    const { deck, file } = write("one-cell", PREPARED_ONE_CELL);
    expect(deck.overflows).toMatchObject([{ slide: 2, cell: 2, cellTooTall: true }]);
    expect(overflowWarning("one.ipynb", deck.overflows[0])).toMatch(/cell 2 alone is taller than a slide/);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seenSlides(page);
    expect(slides.map((s) => s.cue)).toEqual([false, true]);
    expectAllLinesOnce(slides, "single cell line", 200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("notebooks that fit (with and without slide metadata): no extra slide, no cue, no overflow warning", async () => {
    // the warning's advice followed: the printing cell of PREPARED_OVERFLOW starts a subslide
    const advised = structuredClone(PREPARED_OVERFLOW);
    advised.cells[4].metadata = { slideshow: { slide_type: "subslide" } };
    for (const [name, nb, count] of [
      ["fits-plain", FITS_PLAIN, 3],
      ["fits-prepared", FITS_PREPARED, 3],
      ["advice-followed", advised, 5],
    ] as const) {
      const { deck, file } = write(name, nb);
      expect(deck.counts.slides, name).toBe(count);
      expect(deck.overflows, name).toEqual([]);
      const { page, errors } = await openOffline(browser, file);
      await deckReady(page);
      const slides = await seenSlides(page);
      expect(slides, name).toHaveLength(count);
      for (const s of slides) {
        expect(s.excess, `${name} slide ${s.i}`).toBeLessThanOrEqual(1);
        expect(s.cue).toBe(false);
        expect(s.heading).not.toMatch(/\(\d+\/\d+\)/);
      }
      expect(
        await page.evaluate(() => (window as unknown as { dl4nlpSlidesOverflow: Promise<unknown[]> }).dl4nlpSlidesOverflow),
      ).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

describe("dl4nlp slides: the estimate of a slide's height is a lower bound", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("every kind of markdown and output, and every fixture above: the drawn height at full size is at least the estimate", async () => {
    for (const [name, nb] of [
      ["markdown-kinds", MARKDOWN_KINDS],
      ["prepared", PREPARED_OVERFLOW],
      ["one-cell", PREPARED_ONE_CELL],
      ["fits-prepared", FITS_PREPARED],
    ] as const) {
      const file = resolve(OUT, `${name}-bound.html`);
      writeFileSync(file, exportDeck(nb).html);
      const { page, errors } = await openOffline(browser, file);
      await deckReady(page);
      // each slide's content at zoom 1, above its padding
      const drawn = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).map((s) => {
          const stack = s.parentElement as HTMLElement;
          s.style.display = "block";
          stack.style.display = "block";
          const kids = Array.from(s.children).filter(
            (k): k is HTMLElement => k.tagName !== "ASIDE" && !k.classList.contains("scroll-cue"),
          );
          for (const k of kids) k.style.setProperty("zoom", "1");
          s.style.height = "auto";
          const style = getComputedStyle(s);
          const h = s.scrollHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
          return h;
        }),
      );
      const slides = deckStructure(nb.cells).flatMap((x) => x.subslides);
      expect(drawn, name).toHaveLength(slides.length);
      slides.forEach((sub, i) => {
        const estimate = sub.blocks.flatMap((b) => b.cells).reduce((a, c) => a + cellMinHeight(c), 0);
        expect(drawn[i], `${name} slide ${i + 1}: drawn ${drawn[i]} px, estimated at least ${estimate}`).toBeGreaterThanOrEqual(
          estimate,
        );
      });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

/** How a title is drawn: its level, colour, weight and size on the slide (font size × every zoom on it, px). */
interface Look {
  tag: string;
  color: string;
  weight: string;
  size: number;
}

/** Per slide (screen or print view) with a heading: its text and how its first character and its "(k/n)" are drawn. */
function titleLooks(page: Page): Promise<{ text: string; title: Look; count: Look }[]> {
  return page.evaluate(() => {
    const print = document.querySelectorAll<HTMLElement>(".reveal .pdf-page>section");
    const slides = print.length
      ? Array.from(print)
      : Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section"));
    return slides.flatMap((s) => {
      const stack = s.parentElement as HTMLElement;
      const [sd, pd] = [s.style.display, stack.style.display];
      s.style.display = "block";
      stack.style.display = "block";
      const h = s.querySelector<HTMLElement>("h1, h2, h3");
      const texts: Text[] = [];
      const walker = document.createTreeWalker(h ?? s, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.trim()) texts.push(n as Text);
      const look = (t: Text | undefined) => {
        const el = (t?.parentElement ?? h) as HTMLElement & { currentCSSZoom?: number };
        const cs = getComputedStyle(el);
        const heading = el.closest("h1, h2, h3") as HTMLElement;
        return {
          tag: heading.tagName,
          color: cs.color,
          weight: cs.fontWeight,
          size: Math.round(Number.parseFloat(getComputedStyle(heading).fontSize) * (el.currentCSSZoom ?? Number.NaN) * 10) / 10,
        };
      };
      const r = h
        ? [
            {
              text: (h.textContent ?? "").replace(/\s+/g, " ").trim(),
              title: look(texts[0]),
              count: look([...texts].reverse().find((t) => /\(\d+\/\d+\)/.test(t.data))),
            },
          ]
        : [];
      s.style.display = sd;
      stack.style.display = pd;
      return r;
    });
  });
}

type RevealApi = { getTotalSlides(): number; slide(h: number, v?: number): void };

/** Shows horizontal slide h and tells whether the line with `text` is drawn inside the window and above the footer. */
async function shownAboveFooter(page: Page, h: number, text: string): Promise<boolean> {
  await page.evaluate((n) => (window as unknown as { Reveal: RevealApi }).Reveal.slide(n), h);
  await page.waitForTimeout(500);
  return lineShown(page, text);
}

/** Whether the line with `text` is drawn on the current slide, inside the window and above the footer. */
function lineShown(page: Page, text: string): Promise<boolean> {
  return page.evaluate((t) => {
    const s = document.querySelector<HTMLElement>(".reveal .slides>section>section.present")!;
    const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = (n.textContent ?? "").indexOf(t);
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + t.length);
      const r = range.getBoundingClientRect();
      const footer = document.querySelector(".deck-footer")!.getBoundingClientRect().top;
      return r.height > 0 && r.top >= 0 && r.bottom <= footer;
    }
    return false;
  }, text);
}
