import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { exportDecks } from "../../../lib/tools/slides/decks";
import { printDeck } from "../../../lib/tools/slides/pdf";
import { type SlideWide, wideWarning } from "../../../lib/tools/slides/wide";
import { deckReady, openOffline } from "./browser-helpers";
import { FITS_PLAIN, FITS_PREPARED } from "./overflow-notebooks";
import {
  FLOORED_FIGURES,
  figureVariants,
  NARROW_PREPARED,
  PAINTED_VARIANTS,
  PAINTED_WIDE,
  PICTURE_VARIANTS,
  VARIANT_TOKEN_GROUPS,
  WIDE_PLAIN,
  WIDE_PREPARED,
  WIDE_TALL_TABLE,
  WIDE_TOKEN_GROUPS,
  WIDE_VARIANTS,
} from "./wide-notebooks";

const OUT = "build/test-slides/wide";

/** The slides (by heading) whose content stays wider than the slide at 60 %: they scroll sideways, with a cue. */
const WIDE_SLIDES = ["Wide markdown table", "Wide formula", "Wide HTML table", "Wide matrix", "Wide inline"];
/** The slides whose wide text wraps or whose figures scale: no cue, no warning. */
const WRAPPED_SLIDES = ["Wide fence", "Wide nowrap HTML", "Wide pre in HTML", "Wide URL", "Wide images", "The end"];

/** Per vertical slide: its heading, whether a sideways cue shows, and the tokens of `tokens` it holds but a person cannot reach. */
interface Seen {
  heading: string;
  cues: number;
  cueVisible: boolean;
  unreachable: string[];
  present: string[];
  /** How far its content reaches past its right edge outside a sideways-scrolling box (px; ≤ 1 when nothing is cut). */
  overRight: number;
}

/**
 * What a person sees of each slide at the window's size: every token it holds must be inside the slide's visible area,
 * directly or once the sideways box holding it is scrolled to it (the box is scrolled back afterwards).
 */
function seen(page: Page, tokens: string[]): Promise<Seen[]> {
  return page.evaluate((tokens) => {
    const slides = Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section"));
    return slides.map((s) => {
      const stack = s.parentElement as HTMLElement;
      const [sd, pd] = [s.style.display, stack.style.display];
      s.style.display = "block";
      stack.style.display = "block";
      const box = s.getBoundingClientRect();
      const scale = box.height / s.offsetHeight;
      const bottom = box.top + (s.clientHeight - 40) * scale;
      const texts: Text[] = [];
      const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const p = (n as Text).parentElement;
        if (p && !p.closest("aside, .katex-mathml, script, .wide-cue, .scroll-cue")) texts.push(n as Text);
      }
      const present: string[] = [];
      const unreachable: string[] = [];
      for (const t of tokens) {
        const node = texts.find((n) => n.data.includes(t));
        if (!node) continue;
        present.push(t);
        const i = node.data.indexOf(t);
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + t.length);
        const scroller = node.parentElement?.closest<HTMLElement>(".wide-scroll");
        const within = (r: DOMRect, left: boolean, right: boolean) =>
          r.width > 0 &&
          (!left || r.left >= box.left - 1) &&
          (!right || r.right <= box.right + 1) &&
          r.top >= box.top - 1 &&
          r.bottom <= bottom + 1;
        let inside: boolean;
        if (scroller) {
          // in a sideways box: its start shown with the box scrolled to it, then its end (a token may be wider than the box)
          const sb = scroller.getBoundingClientRect();
          const factor = sb.width / scroller.offsetWidth; // the box's own px: the slide's scale times its cell's zoom
          const r0 = range.getBoundingClientRect();
          if (r0.left < sb.left || r0.left > sb.right) scroller.scrollLeft += (r0.left - sb.left) / factor;
          const start = within(range.getBoundingClientRect(), true, false);
          const r1 = range.getBoundingClientRect();
          if (r1.right > sb.right) scroller.scrollLeft += (r1.right - sb.right + 2) / factor;
          const end = within(range.getBoundingClientRect(), false, true);
          inside = start && end && range.getClientRects().length > 0;
          scroller.scrollLeft = 0;
        } else {
          inside = Array.from(range.getClientRects()).every((r) => within(r, true, true));
        }
        if (!inside) unreachable.push(t);
      }
      let overRight = 0;
      for (const el of Array.from(s.querySelectorAll<HTMLElement>("*"))) {
        if (el.closest(".wide-scroll, aside, .katex-mathml")) continue;
        overRight = Math.max(overRight, (el.getBoundingClientRect().right - box.right) / scale);
      }
      const cue = s.querySelector<HTMLElement>(".wide-cue");
      let cueVisible = false;
      if (cue) {
        const c = cue.getBoundingClientRect();
        cueVisible =
          getComputedStyle(cue).visibility === "visible" &&
          c.width > 0 &&
          c.right <= box.right + 1 &&
          c.left >= box.left &&
          // on the slide as shown, also when the slide is taller (a figure at its floor): the cue sticks above its bottom
          c.top >= box.top &&
          c.bottom <= bottom + 1;
      }
      const r = {
        heading: (s.querySelector("h1, h2, h3")?.textContent ?? "").trim(),
        cues: s.querySelectorAll(".wide-cue").length,
        cueVisible,
        unreachable,
        present,
        overRight,
      };
      s.style.display = sd;
      stack.style.display = pd;
      return r;
    });
  }, tokens);
}

/** Each group's tokens appear in the text in order (whitespace ignored: a long word or URL is broken over lines). */
function expectInOrder(text: string, groups: string[][], label: string) {
  const flat = text.replace(/[\s\u200b]+/g, "");
  for (const group of groups) {
    let at = -1;
    for (const token of group) {
      const where = flat.indexOf(token.replace(/\s+/g, ""), at + 1);
      expect(where, `${label}: ${token.slice(-20)} after ${at}`).toBeGreaterThan(at);
      at = where;
    }
  }
}

const wideOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { dl4nlpSlidesWide: Promise<SlideWide[]> }).dl4nlpSlidesWide);

// Real headless Chromium, offline: content wider than a 1280×720 slide even at the smallest zoom loses nothing.
describe("dl4nlp slides: content wider than a slide is never cut silently", () => {
  let browser: Browser;
  const write = (name: string, nb: INotebookContent) => {
    const file = resolve(OUT, `${name}.html`);
    writeFileSync(file, exportDeck(nb).html);
    return file;
  };
  const tokens = WIDE_TOKEN_GROUPS.flat();
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("every wide kind, with and without slide metadata, at 1280×720 and other window sizes: text wraps, the rest scrolls sideways with a cue, every token reachable", async () => {
    for (const [name, nb] of [
      ["prepared", WIDE_PREPARED],
      ["plain", WIDE_PLAIN],
    ] as const) {
      const file = write(name, nb);
      let reference: SlideWide[] | undefined;
      // other window sizes the lecturer may project at (reveal.js scales the 1280×720 slide): the same result
      const sizes = [
        { width: 1280, height: 720 },
        { width: 1920, height: 1080 },
        { width: 1024, height: 768 },
      ];
      for (const viewport of name === "prepared" ? sizes : sizes.slice(0, 1)) {
        const label = `${name} ${viewport.width}×${viewport.height}`;
        const { page, errors } = await openOffline(browser, file, "", viewport);
        await deckReady(page);
        const slides = await seen(page, tokens);
        expect(slides.map((s) => s.heading).slice(1), label).toEqual([
          "Wide markdown table",
          "Wide formula",
          "Wide fence",
          "Wide nowrap HTML",
          "Wide pre in HTML",
          "Wide URL",
          "Wide HTML table",
          "Wide matrix",
          "Wide images",
          "Wide inline",
          "The end",
        ]);
        // every token once on the slides, and each reachable (directly, or by scrolling its box sideways)
        expect(slides.flatMap((s) => s.present).sort(), label).toEqual([...tokens].sort());
        for (const s of slides) {
          expect(s.unreachable, `${label} "${s.heading}"`).toEqual([]);
          expect(s.overRight, `${label} "${s.heading}": cut at the right edge`).toBeLessThanOrEqual(1);
        }
        for (const s of slides.filter((x) => WIDE_SLIDES.includes(x.heading))) {
          // one cue per wide element (the inline formula's paragraph and the fixed-width box share a slide)
          expect(s.cues, `${label} "${s.heading}"`).toBe(s.heading === "Wide inline" ? 2 : 1);
          expect(s.cueVisible, `${label} "${s.heading}"`).toBe(true);
        }
        for (const s of slides.filter((x) => WRAPPED_SLIDES.includes(x.heading)))
          expect(s.cues, `${label} "${s.heading}"`).toBe(0);
        // the wide images scale down to the slide's width
        const images = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>(".reveal .output-image img, .reveal .output-html svg")).map((el) => {
            const s = el.closest("section") as HTMLElement;
            s.style.display = "block";
            (s.parentElement as HTMLElement).style.display = "block";
            const r =
              el.getBoundingClientRect().right <= s.getBoundingClientRect().right + 1 && el.getBoundingClientRect().width > 0;
            s.style.removeProperty("display");
            (s.parentElement as HTMLElement).style.removeProperty("display");
            return r;
          }),
        );
        expect(images, label).toEqual([true, true]);
        // the reports: the same at every window size, naming the four slides and what is wide on them
        const wide = await wideOf(page);
        expect(
          wide.map((w) => [w.title, w.items.map((i) => i.kind)]),
          label,
        ).toEqual([
          ["Wide markdown table", ["table"]],
          ["Wide formula", ["formula"]],
          ["Wide HTML table", ["table"]],
          ["Wide matrix", ["formula"]],
          ["Wide inline", ["formula", "text"]],
        ]);
        if (reference) expect(wide, label).toEqual(reference);
        else reference = wide;
        expect(wide[0].items[0]).toMatchObject({ columns: 31, cell: 2 });
        expect(wide[0].items[0].columnsShown).toBeLessThan(31);
        expect(wide[2].items[0]).toMatchObject({ columns: 40, cell: 11 });
        if (viewport.width === 1280 && name === "prepared") {
          await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
          await page.waitForTimeout(400);
          await page.screenshot({ path: resolve(OUT, "prepared-table.png") });
        }
        if (viewport.width === 1280) {
          // a clicker's "next" (→) scrolls the table's box to its right end first, then goes on to the next slide
          const state = () =>
            page.evaluate(() => {
              const R = (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal;
              const cue = document.querySelector(".reveal .slides>section.present>section.present .wide-cue");
              return { h: R.getIndices().h, atEnd: !!cue?.classList.contains("at-end") };
            });
          await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(1));
          await page.waitForTimeout(300);
          let presses = 0;
          while ((await state()).h === 1 && presses < 12) {
            expect((await state()).atEnd, `${label} after ${presses} presses`).toBe(false);
            await page.keyboard.press("ArrowRight");
            await page.waitForTimeout(150);
            presses++;
            if ((await state()).atEnd) break;
          }
          expect(presses, label).toBeGreaterThan(0);
          expect(await state(), label).toEqual({ h: 1, atEnd: true });
          await page.keyboard.press("ArrowRight");
          await page.waitForTimeout(300);
          expect((await state()).h, label).toBe(2);
          await page.evaluate(() => {
            for (const b of Array.from(document.querySelectorAll<HTMLElement>(".wide-scroll"))) b.scrollLeft = 0;
          });
        }
        // the cue goes once its box is scrolled to its right end
        const atEnd = await page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>(".reveal .wide-box")).map((box) => {
            const inner = box.querySelector<HTMLElement>(".wide-scroll") as HTMLElement;
            inner.scrollLeft = inner.scrollWidth;
            inner.dispatchEvent(new Event("scroll"));
            return box.querySelector(".wide-cue")?.classList.contains("at-end");
          }),
        );
        expect(atEnd, label).toEqual([true, true, true, true, true, true]);
        expect(errors, label).toEqual([]);
        await page.close();
      }

      // the PDF: every token in its text, in order; the table's columns split over blocks (first column repeated),
      // formulas shrunk to the page; the warnings name the slides and what lies to the right
      const pdf = resolve(OUT, `${name}.pdf`);
      const printed = await printDeck(file, pdf);
      expect(printed.consoleErrors).toEqual([]);
      // measured in the print view: the same slides and elements as on the screen
      expect(printed.wide.map((w) => [w.slide, w.title, w.items.map((i) => [i.kind, i.cell, i.columns])])).toEqual(
        reference?.map((w) => [w.slide, w.title, w.items.map((i) => [i.kind, i.cell, i.columns])]),
      );
      const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
      expectInOrder(text, WIDE_TOKEN_GROUPS, `${name}.pdf`);
      // the formula a_0 + … + a_119, shrunk to the page: all of it
      expectInOrder(text, [[...Array.from({ length: 119 }, (_, i) => `a${i}+`), "a119"]], `${name}.pdf formula`);
      const warnings = printed.wide.map((w) => wideWarning("wide.ipynb", w));
      expect(warnings[0]).toMatch(
        /^wide\.ipynb: slide 2 "Wide markdown table" is wider than the 1280×720 slide even at 60% zoom: cell 2: a table of 31 columns, \d+ px wide: columns \d+–31 \(\d+ px, \d+%\) lie to the right .*PDF splits its columns/,
      );
      expect(warnings[1]).toMatch(
        /^wide\.ipynb: slide 3 "Wide formula" .* cell 3: a formula \d+ px wide: \d+ px \(\d+%\) lie to the right .*aligned/,
      );
      expect(warnings[3]).toMatch(/slide 9 "Wide matrix" .* cell 13: a formula/);
      expect(warnings[4]).toMatch(/slide 11 "Wide inline" .* cell 17: a formula .*; cell 18: a text \d+ px wide/);
      // in the print view nothing reaches past a page's right edge, and the table's blocks repeat its first column
      const { page } = await openOffline(browser, file, "?print-pdf");
      await deckReady(page);
      const print = await page.evaluate(() => {
        const pages = Array.from(document.querySelectorAll<HTMLElement>(".reveal .pdf-page"));
        let over = 0;
        for (const p of pages) {
          const right = p.getBoundingClientRect().right;
          for (const el of Array.from(p.querySelectorAll<HTMLElement>("*"))) {
            if (el.closest(".katex-mathml")) continue;
            over = Math.max(over, el.getBoundingClientRect().right - right);
          }
        }
        const blocks = Array.from(document.querySelectorAll(".reveal .wide-columns")).map((w) =>
          Array.from(w.querySelectorAll("table")).map((t) => (t.rows[0].cells[0].textContent ?? "").trim()),
        );
        return { over, blocks };
      });
      expect(print.over).toBeLessThanOrEqual(1);
      // the long display formula is broken over lines at the slide's zoom (60 %, as on the screen), not shrunk to ~40 %
      expect(printed.wide[1].items[0].pdf, name).toBe("lines");
      expect(printed.wide[0].items[0].pdf, name).toBe("columns");
      expect(wideWarning("w", printed.wide[1])).toContain("the PDF breaks it over lines at the same size");
      const formula = await page.evaluate(() => {
        const k = document.querySelector<HTMLElement>(".reveal .pdf-page .katex-display > .katex.wide-broken");
        if (!k) return null;
        const s = k.closest("section") as HTMLElement;
        const zoom = (e: Element) => (e as Element & { currentCSSZoom: number }).currentCSSZoom;
        const line = (k.querySelector(".katex-html > .katex-base") as HTMLElement).getBoundingClientRect().height;
        return { lines: Math.round(k.getBoundingClientRect().height / line), zoom: zoom(k) / zoom(s), slide: s.dataset.fitZoom };
      });
      expect(formula, name).not.toBeNull();
      expect(formula?.lines, name).toBeGreaterThanOrEqual(3);
      expect(formula?.zoom, name).toBeCloseTo(0.6, 2);
      expect(print.blocks).toHaveLength(2);
      expect(print.blocks[0].length).toBeGreaterThan(1);
      expect(new Set(print.blocks[0])).toEqual(new Set(["c0h"]));
      expect(new Set(print.blocks[1])).toEqual(new Set(["f0h"]));
      await page.close();
    }
  }, 240_000);

  it("more wide kinds (inline code, long words in lists and headings, a URL in a table cell, styled <pre> and nowrap spans, markdown outputs, errors, wide pictures and frames): all reachable, in the PDF", async () => {
    const file = write("variants", WIDE_VARIANTS);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const variantTokens = VARIANT_TOKEN_GROUPS.flat();
    const slides = await seen(page, variantTokens);
    expect(slides.flatMap((s) => s.present).sort()).toEqual([...variantTokens].sort());
    for (const s of slides) {
      expect(s.unreachable, s.heading).toEqual([]);
      expect(s.overRight, `${s.heading}: cut at the right edge`).toBeLessThanOrEqual(1);
    }
    // only the table with the long URL (its cell's word is kept whole) and the frame (its page would be cut if
    // its box were scaled) cannot wrap or scale: they scroll with a cue
    expect(slides.filter((s) => s.cues > 0).map((s) => s.heading)).toEqual([
      "Cell URL",
      "Wide frame",
      "Merged header",
      "Centred box",
    ]);
    const frame = await page.evaluate(() => {
      const f = document.querySelector("iframe") as HTMLIFrameElement;
      const s = f.closest("section") as HTMLElement;
      s.style.display = "block";
      (s.parentElement as HTMLElement).style.display = "block";
      const box = s.getBoundingClientRect();
      const r = f.closest(".wide-scroll") ? "scrolls" : f.getBoundingClientRect().right <= box.right + 1 ? "inside" : "cut";
      s.style.removeProperty("display");
      (s.parentElement as HTMLElement).style.removeProperty("display");
      return r;
    });
    expect(frame).toBe("scrolls");
    expect(errors).toEqual([]);
    await page.close();
    const pdf = resolve(OUT, "variants.pdf");
    const printed = await printDeck(file, pdf);
    expect(printed.consoleErrors).toEqual([]);
    expectInOrder(execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }), VARIANT_TOKEN_GROUPS, "variants.pdf");
    // the print view: nothing past a page's left or right edge (the centred box was pushed past both)
    const print = await openOffline(browser, file, "?print-pdf");
    await deckReady(print.page);
    const outside = await print.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal .pdf-page")).flatMap((p) => {
        const page = p.getBoundingClientRect();
        return Array.from(p.querySelectorAll<HTMLElement>("*"))
          .filter((el) => !el.closest(".katex-mathml") && el.getBoundingClientRect().width > 0)
          .filter((el) => el.getBoundingClientRect().left < page.left - 1 || el.getBoundingClientRect().right > page.right + 1)
          .map((el) => `${el.tagName}.${el.className} ${(el.textContent ?? "").slice(0, 30)}`);
      }),
    );
    expect(outside).toEqual([]);
    await print.page.close();
  }, 240_000);

  it("decks that fit (narrow tables, formulas, fences, HTML; with and without slide metadata): no cue, no wide report, nothing rewrapped", async () => {
    for (const [name, nb] of [
      ["narrow", NARROW_PREPARED],
      ["fits-plain", FITS_PLAIN],
      ["fits-prepared", FITS_PREPARED],
    ] as const) {
      const file = write(name, nb);
      const { page, errors } = await openOffline(browser, file);
      await deckReady(page);
      expect(await wideOf(page), name).toEqual([]);
      const changed = await page.evaluate(() => ({
        cues: document.querySelectorAll(".wide-cue, .wide-box").length,
        rewrapped: document.querySelectorAll('.reveal [style*="white-space"]:not(.katex *):not(.output-html > .cell-html > div)')
          .length,
        nowrap: Array.from(document.querySelectorAll<HTMLElement>(".reveal .output-html > .cell-html > div")).map(
          (d) => d.style.whiteSpace,
        ),
      }));
      expect(changed.cues, name).toBe(0);
      expect(changed.rewrapped, name).toBe(0);
      if (name === "narrow") expect(changed.nowrap).toEqual(["nowrap"]);
      expect(errors).toEqual([]);
      await page.close();
      if (name !== "narrow") continue;
      // printed (one deck: each print starts a browser of its own)
      const printed = await printDeck(file, resolve(OUT, `${name}.pdf`));
      expect(printed.wide, name).toEqual([]);
      // the tall slide with the aligned formula: reported as tall, not as wide
      expect(
        printed.overflows.map((o) => o.title),
        name,
      ).toEqual(["Aligned"]);
    }
  }, 240_000);

  it("dl4nlp slides --pdf warns about each wide slide of a notebook (naming it, its slide and title), and not about a narrow one", async () => {
    const files = [
      ["talk", WIDE_PREPARED],
      ["narrow", NARROW_PREPARED],
      ["rows", WIDE_TALL_TABLE],
    ].map(([name, nb]) => {
      const f = resolve(OUT, "notebooks", `${name}.ipynb`);
      mkdirSync(resolve(OUT, "notebooks"), { recursive: true });
      writeFileSync(f, JSON.stringify(nb));
      return f;
    });
    const { decks, ok } = await exportDecks(files, { out: resolve(OUT, "cli"), pdf: true });
    expect(ok).toBe(true);
    const wide = (d: { problems: string[] }) => d.problems.filter((p) => / is wider than the 1280×720 slide/.test(p));
    const talk = decks.find((d) => d.file === files[0])!;
    const narrow = decks.find((d) => d.file === files[1])!;
    expect(wide(narrow)).toEqual([]);
    expect(narrow.problems).toHaveLength(1);
    expect(narrow.problems[0]).toMatch(/slide 3 "Aligned" does not fit/);
    const warnings = wide(talk);
    expect(warnings.map((w) => /: (slide \d+ "[^"]+")/.exec(w)?.[1])).toEqual([
      'slide 2 "Wide markdown table"',
      'slide 3 "Wide formula"',
      'slide 8 "Wide HTML table"',
      'slide 9 "Wide matrix"',
      'slide 11 "Wide inline"',
    ]);
    for (const w of warnings) expect(w.startsWith(`${files[0]}: slide`)).toBe(true);
    // a table that fits the slide's height: its column blocks lengthen its PDF page, warned about as wide only
    const rows = decks.find((d) => d.file === files[2])!;
    expect(rows.problems).toHaveLength(1);
    expect(rows.problems[0]).toMatch(/slide 2 "Many rows" is wider than .* a table of 31 columns/);
    const text = execFileSync("pdftotext", ["-layout", rows.pdf!, "-"], { encoding: "utf8" });
    expectInOrder(
      text,
      [
        Array.from({ length: 31 }, (_, j) => `k${j}h`),
        ...Array.from({ length: 24 }, (_, i) => Array.from({ length: 31 }, (_, j) => `q${i + 1}c${j}d`)),
      ],
      "rows.pdf",
    );
  }, 240_000);
  it("figures the slide's width would scale below legible (a computation graph of a 14-step chain, as an image and inline) keep a legible floor and scroll sideways with a cue, reported; legible ones (a small graph, 14 px labels at 88 %, a wide Plotly figure) and a wide PNG scale", async () => {
    const nb = await figureVariants();
    const file = write("figures", nb);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await seen(page, ["LEG1", "LEG10"]);
    const cued = slides.filter((s) => s.cues > 0).map((s) => s.heading);
    expect(cued).toEqual(FLOORED_FIGURES);
    for (const s of slides.filter((x) => x.cues > 0)) expect(s.cueVisible, s.heading).toBe(true);
    for (const s of slides) expect(s.overRight, `${s.heading}: cut at the right edge`).toBeLessThanOrEqual(1);
    // each figure's size as drawn, relative to its own, and the size of its text on the slide
    const figures = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).flatMap((s) => {
        const stack = s.parentElement as HTMLElement;
        s.style.display = "block";
        stack.style.display = "block";
        const scale = s.getBoundingClientRect().width / s.offsetWidth;
        const heading = (s.querySelector("h2")?.textContent ?? "").trim();
        const out = Array.from(s.querySelectorAll<HTMLElement>(".output-image img, .output-html svg"))
          .filter((el) => !el.parentElement?.closest("svg"))
          .map((el) => {
            const drawn = el.getBoundingClientRect().width / scale;
            const own =
              el.tagName === "IMG" ? (el as HTMLImageElement).naturalWidth : (el as unknown as SVGSVGElement).width.baseVal.value;
            // the inline graph's labels: their height on the slide (px of the 1280×720 slide)
            const texts = Array.from(el.querySelectorAll("text")).map((t) => t.getBoundingClientRect().height / scale);
            texts.sort((a, b) => a - b);
            return { heading, ratio: drawn / own, text: texts.length ? texts[Math.floor(texts.length / 2)] : 0 };
          });
        s.style.removeProperty("display");
        stack.style.removeProperty("display");
        return out;
      }),
    );
    const of = (h: string) => figures.find((f) => f.heading === h);
    // the graph (11 pt labels = 14.7 px) at 82 %: labels 12 px, the smallest text of the deck at 60 % (code)
    expect(of("Wide graph")?.ratio).toBeCloseTo(0.82, 1);
    expect(of("Wide inline graph")?.ratio).toBeCloseTo(0.82, 1);
    expect(of("Wide inline graph")?.text).toBeGreaterThanOrEqual(11.5);
    // a raster picture has no legibility floor: scaled to the slide's width (1232 of 3000 px), as reveal.js does
    expect(of("Wide photo")?.ratio).toBeLessThan(0.45);
    expect(of("Small graph")?.ratio).toBeCloseTo(1, 2);
    // 1400 px with 14 px labels: scaled to the column (~88 %), legible: unchanged
    expect(of("Legible labels")?.ratio).toBeGreaterThan(0.86);
    expect(of("Legible labels")?.ratio).toBeLessThan(0.9);
    // the Plotly figure is laid out at the slide's width (not scaled): its title keeps its font size
    const plot = await page.evaluate(() => {
      const title = document.querySelector<SVGTextElement>(".dl4nlp-plot .gtitle");
      return {
        size: title ? Number.parseFloat(getComputedStyle(title).fontSize) : 0,
        box: !!document.querySelector(".dl4nlp-plot")?.closest(".wide-box"),
      };
    });
    expect(plot.box).toBe(false);
    expect(plot.size).toBeGreaterThanOrEqual(14);
    const wide = await wideOf(page);
    expect(wide.map((w) => [w.title, w.items.map((i) => [i.kind, i.scale])])).toEqual([
      ["Wide graph", [["figure", 0.82]]],
      ["Wide inline graph", [["figure", 0.82]]],
    ]);
    const warning = wideWarning("figs.ipynb", wide[0]);
    expect(warning).toMatch(
      /^figs\.ipynb: slide 2 "Wide graph" is wider than the 1280×720 slide at the size at which its text stays readable: cell 3: a figure \d+ px wide \(drawn at 82% of its size.*rankdir: "TB"/,
    );
    expect(errors).toEqual([]);
    await page.close();
    // the PDF: shrunk to the page (as before), every node label in its text
    const pdf = resolve(OUT, "figures.pdf");
    const printed = await printDeck(file, pdf);
    expect(printed.consoleErrors).toEqual([]);
    expect(printed.wide.map((w) => [w.title, w.items.map((i) => i.pdf)])).toEqual(FLOORED_FIGURES.map((h) => [h, ["shrunk"]]));
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    for (const label of ["w0", "b13", "s13", "LEG1", "LEG10"]) expect(text, label).toContain(label);
  }, 240_000);

  it("pictures larger than a slide (raster images in markdown (PNG, WebP) and as PNG/JPEG/GIF outputs, wide, tall and both; Plotly figures 3000×400, 800×3000, 3000×3000, autosized, with subplots): each fits the slide with a usable plot area, no cue, no warning; an image its HTML forces wide gets image advice", async () => {
    const file = write("pictures", PICTURE_VARIANTS);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const slides = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section")).map((s) => {
        const stack = s.parentElement as HTMLElement;
        s.style.display = "block";
        stack.style.display = "block";
        const box = s.getBoundingClientRect();
        const scale = box.width / s.offsetWidth;
        const style = getComputedStyle(s);
        // the slide's visible content area, in px of the 1280×720 slide
        const bottom = box.top + (s.clientHeight - Number.parseFloat(style.paddingBottom)) * scale;
        const right = box.left + (s.clientWidth - Number.parseFloat(style.paddingRight)) * scale;
        const heading = (s.querySelector("h2")?.textContent ?? "").trim();
        const images = Array.from(s.querySelectorAll<HTMLImageElement>("img")).map((img) => {
          const r = img.getBoundingClientRect();
          return {
            width: r.width / scale,
            aspect: r.width / r.height,
            own: img.naturalWidth / img.naturalHeight,
            inside: r.bottom <= bottom + 1 && r.right <= right + 1,
          };
        });
        const plots = Array.from(s.querySelectorAll<HTMLElement>(".dl4nlp-plot")).map((el) => {
          const r = el.getBoundingClientRect();
          // each subplot's plot area (Plotly's drag layer over it)
          const areas = Array.from(el.querySelectorAll(".nsewdrag")).map((d) => d.getBoundingClientRect().height / scale);
          return {
            width: r.width / scale,
            height: r.height / scale,
            areas,
            inside: r.bottom <= bottom + 1 && r.right <= right + 1,
          };
        });
        const out = {
          heading,
          zoom: Number(s.getAttribute("data-fit-zoom") ?? 1),
          cues: s.querySelectorAll(".wide-cue, .scroll-cue").length,
          images,
          plots,
        };
        s.style.removeProperty("display");
        stack.style.removeProperty("display");
        return out;
      }),
    );
    writeFileSync(resolve(OUT, "pictures.json"), JSON.stringify(slides, null, 1));
    const pictures = slides.filter((s) => s.heading && s.heading !== "Forced wide image");
    expect(pictures).toHaveLength(12);
    for (const s of pictures) {
      expect(s.cues, `${s.heading}: a cue`).toBe(0);
      for (const i of s.images) {
        expect(i.inside, `${s.heading}: image inside the slide`).toBe(true);
        expect(i.aspect / i.own, `${s.heading}: aspect kept`).toBeCloseTo(1, 1);
      }
      for (const p of s.plots) {
        expect(p.inside, `${s.heading}: plot inside the slide`).toBe(true);
        // a usable plot area: ≥ 150 px of the slide, ≥ 60 px for each of two stacked subplots in a 400 px figure
        // (was ~0 for 3000×400 laid out at 1180×157)
        expect(p.areas.length, s.heading).toBeGreaterThan(0);
        for (const a of p.areas) expect(a, `${s.heading}: plot area height`).toBeGreaterThan(p.areas.length > 1 ? 60 : 150);
      }
    }
    const of = (h: string) => slides.find((s) => s.heading === h);
    // the tester's 3000×400 figure keeps its height (at the slide's width); the tall ones the slide's
    expect(of("Plot 3000x400")?.plots[0].height).toBeGreaterThan(0.6 * 400 - 1);
    expect(of("Plot 3000x400")?.plots[0].width).toBeGreaterThan(0.6 * 1180 - 1);
    expect(of("Plot 800x3000")?.plots[0].width).toBeGreaterThan(0.6 * 800 - 1);
    // a wide picture fills the column's width (never a 60 % floor with a sideways scroll)
    expect(of("Markdown 3000x1000")?.images[0].width).toBeGreaterThan(1000);
    expect(of("Output JPEG 3000x150")?.images[0].width).toBeGreaterThan(1000);
    for (const [i, s] of slides.entries()) {
      if (!s.heading.startsWith("Plot 3000x400") && !s.heading.startsWith("Markdown")) continue;
      await page.evaluate((n) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(n), i);
      await page.waitForTimeout(1000); // reveal.js's slide transition
      await page.screenshot({ path: resolve(OUT, `picture-${i}.png`) });
    }
    const overflow = await page.evaluate(
      () => (window as unknown as { dl4nlpSlidesOverflow: Promise<unknown[]> }).dl4nlpSlidesOverflow,
    );
    expect(overflow).toEqual([]);
    const wide = await wideOf(page);
    expect(wide.map((w) => [w.title, w.items.map((i) => [i.kind, i.scale])])).toEqual([
      ["Forced wide image", [["image", undefined]]],
    ]);
    const warning = wideWarning("pics.ipynb", wide[0]);
    expect(warning).toContain("cell 23: an image 1800 px wide");
    expect(warning).toContain("even at 60% zoom");
    expect(warning).not.toMatch(/computationGraph|readable|markdown cells/);
    // a wide figure with no text floor (a canvas, a frame) gets no computation-graph advice either
    const canvas = wideWarning("pics.ipynb", {
      slide: 3,
      title: "Canvas",
      items: [{ kind: "figure", width: 2000, shown: 1232 }],
    });
    expect(canvas).toContain("make the figure narrower (a smaller width");
    expect(canvas).not.toMatch(/computationGraph|readable/);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("boxes wider than the slide by their size only (a 2400 px div whose text ends early, a flex row, a padding, an empty grid, a table's empty columns, a box whose right part is only its border or colour): no zoom, no cue, no report; boxes that paint past the edge (text, a gradient bar) are wide", async () => {
    const file = write("painted", PAINTED_VARIANTS);
    const { page, errors } = await openOffline(browser, file);
    await deckReady(page);
    const tokens = [
      "EMPTYDIVEND",
      "FLEXC",
      "PADDED",
      "GRIDA",
      "EMPTYCOLA",
      "FULLDIVEND",
      "COLOURED",
      "GRIDCELL",
      "BORDERONLY",
      "GRADIENTBAR",
    ];
    const slides = await seen(page, tokens);
    expect(slides.flatMap((s) => s.present).sort()).toEqual([...tokens].sort());
    for (const s of slides) expect(s.unreachable, s.heading).toEqual([]);
    expect(slides.filter((s) => s.cues > 0).map((s) => s.heading)).toEqual(PAINTED_WIDE);
    const zoomed = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".reveal section[data-fit-zoom]")).map((s) =>
        (s.querySelector("h2")?.textContent ?? "").trim(),
      ),
    );
    expect(zoomed).toEqual(PAINTED_WIDE);
    expect((await wideOf(page)).map((w) => w.title)).toEqual(PAINTED_WIDE);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it("dl4nlp slides without --pdf measures the decks in Chromium (one browser) and warns about what is wide, as --pdf does; --no-measure (measure: false) only estimates", async () => {
    const dir = resolve(OUT, "html-only");
    mkdirSync(dir, { recursive: true });
    const files = [
      ["talk", WIDE_PREPARED],
      ["boxes", PAINTED_VARIANTS],
    ].map(([name, nb]) => {
      const f = resolve(dir, `${name}.ipynb`);
      writeFileSync(f, JSON.stringify(nb));
      return f;
    });
    const wideOnes = (d: { problems: string[] }) =>
      d.problems.filter((p) => / is wider than the 1280×720 slide/.test(p)).map((w) => /: (slide \d+ "[^"]+")/.exec(w)?.[1]);
    const measured = await exportDecks(files, { out: resolve(dir, "out") });
    expect(measured.ok).toBe(true);
    expect(measured.notes).toEqual([]);
    expect(wideOnes(measured.decks[0])).toEqual([
      'slide 2 "Wide markdown table"',
      'slide 3 "Wide formula"',
      'slide 8 "Wide HTML table"',
      'slide 9 "Wide matrix"',
      'slide 11 "Wide inline"',
    ]);
    expect(wideOnes(measured.decks[1])).toEqual(['slide 7 "Full div"', 'slide 11 "Gradient bar"']);
    const estimated = await exportDecks(files, { out: resolve(dir, "fast"), measure: false });
    expect(estimated.decks.flatMap(wideOnes)).toEqual([]);
    // no Chromium: the decks are written, and a note says how to get the report
    const none = await exportDecks(files.slice(1), { out: resolve(dir, "none"), chromiumPath: resolve(dir, "no-chromium") });
    expect(none.ok).toBe(true);
    expect(none.notes).toHaveLength(1);
    expect(none.notes[0]).toMatch(/^slides not measured: Chromium not found at .*no-chromium .*--pdf/);
  }, 240_000);
});
