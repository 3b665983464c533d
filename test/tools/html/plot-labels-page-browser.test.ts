// Plotly figures with many categories on an exported page (`dl4nlp html`): every figure was squeezed to the page
// column (softmaxBars over 100 labels, 5000 px of its own, drawn 839×264 with 33 overlapping label pairs; a 40-class
// confusion matrix with 421), while JupyterLab and our decks draw them at their size, scrolling sideways. A figure whose
// labels crowd or are cut in the column is now laid out larger and its output box scrolls sideways; a figure that fits
// is drawn as before; a narrower window keeps labels apart. Real headless Chromium, one browser for the file; the
// labels are measured here on their own (rotated boxes), not with the page's measurement.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSite } from "../../../lib/tools/html/site";
import { confusionMatrixFigure, softmaxBars } from "../../../lib/plot";
import type { Figure } from "../../../lib/plot/types";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { openOffline } from "../slides/browser-helpers";
import { md, notebook } from "../slides/overflow-notebooks";
import { matrixOf, namesOf, plotting } from "../slides/plot-label-notebooks";
import { type LabelGeometry, type Pt, installLabelGeometry } from "../../helpers/label-geometry";

const OUT = "build/test-site/plot-labels";

const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
const longLabels = Array.from({ length: 30 }, (_, i) => `a fairly long label number ${i}`);
/** Figures, in page order, and whether they crowd their labels in the column (the rest fit and are drawn as before). */
const FIGURES: [string, Figure | Record<string, unknown>, boolean][] = [
  [
    "softmax 100",
    softmaxBars(
      Array.from({ length: 100 }, (_, i) => Math.sin(i)),
      { labels: namesOf(100) },
    ),
    true,
  ],
  [
    "long labels 30",
    softmaxBars(
      Array.from({ length: 30 }, (_, i) => Math.cos(i)),
      { labels: longLabels },
    ),
    true,
  ],
  ["confusion 40", confusionMatrixFigure(matrixOf(40), namesOf(40)), true],
  ["confusion 60", confusionMatrixFigure(matrixOf(60), namesOf(60)), true],
  // every word labelled (tickvals), 1600 px of its own
  [
    "words 120 labelled",
    {
      data: [{ type: "bar", x: words, y: words.map((_, i) => 1000 / (i + 1)) }],
      layout: { width: 1600, height: 450, xaxis: { tickmode: "array", tickvals: words } },
    },
    true,
  ],
  // every word labelled, no size of its own (Plotly sizes it to the column)
  [
    "words 120 labelled, no size",
    {
      data: [{ type: "bar", x: words, y: words.map((_, i) => 1000 / (i + 1)) }],
      layout: { xaxis: { tickmode: "array", tickvals: words } },
    },
    true,
  ],
  // Plotly's own ticks (no size): it labels every few words, the figure follows the column
  [
    "words 120",
    { data: [{ type: "bar", x: words, y: words.map((_, i) => 1000 / (i + 1)) }], layout: { title: { text: "words" } } },
    false,
  ],
  ["small", { data: [{ type: "bar", x: ["cat", "dog", "bird"], y: [3, 1, 2] }], layout: { width: 400, height: 300 } }, false],
  [
    "wide few",
    { data: [{ type: "bar", x: ["cat", "dog", "bird", "fish"], y: [3, 1, 2, 4] }], layout: { width: 1400, height: 500 } },
    false,
  ],
];
const SMALL = FIGURES.findIndex(([name]) => name === "small");
const WIDE_FEW = FIGURES.findIndex(([name]) => name === "wide few");

interface Drawn {
  width: number;
  height: number;
  labels: number;
  overlapping: number;
  cut: number;
  /** The output box's visible width and the width it scrolls over, and whether it scrolls sideways. */
  box: number;
  scrollWidth: number;
  scrolls: boolean;
  /** The width of the column the output sits in. */
  column: number;
}

/** Every figure of the page as drawn: tick labels of each axis as rotated boxes, pairs overlapping, labels cut. */
async function drawnFigures(page: Page): Promise<Drawn[]> {
  await installLabelGeometry(page);
  return page.evaluate(() => {
    const { quadOf, apart } = (window as unknown as { labelGeometry: LabelGeometry }).labelGeometry;
    return Array.from(document.querySelectorAll<HTMLElement>(".dl4nlp-plot")).map((plot) => {
      const svg = (plot.querySelector(".svg-container") as HTMLElement).getBoundingClientRect();
      let labels = 0;
      let overlapping = 0;
      let cut = 0;
      for (const axis of ["xtick", "ytick"]) {
        const quads = Array.from(plot.querySelectorAll<SVGGraphicsElement>(`g.${axis} > text`))
          .map(quadOf)
          .filter((q): q is Pt[] => q !== null);
        labels += quads.length;
        for (let i = 0; i < quads.length; i++)
          for (let j = i + 1; j < quads.length; j++) if (!apart(quads[i], quads[j])) overlapping++;
        for (const q of quads)
          if (q.some(([x, y]) => x < svg.left - 1 || x > svg.right + 1 || y < svg.top - 1 || y > svg.bottom + 1)) cut++;
      }
      const box = plot.closest(".output-plotly") as HTMLElement;
      return {
        width: Math.round(svg.width),
        height: Math.round(svg.height),
        labels,
        overlapping,
        cut,
        box: box.clientWidth,
        scrollWidth: box.scrollWidth,
        scrolls: getComputedStyle(box).overflowX === "auto" && box.scrollWidth > box.clientWidth,
        column: (box.parentElement as HTMLElement).clientWidth,
      };
    });
  });
}

describe("dl4nlp html: figures with many categories keep their labels apart on the page", () => {
  let browser: Browser;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const nb = notebook([
      md("h", "# Many categories"),
      ...FIGURES.flatMap(([name], i) => [md(`t${i}`, `## ${name}`), plotting(`fig${i}`, FIGURES[i][1])]),
    ]);
    writeFileSync(resolve(OUT, "many.ipynb"), `${JSON.stringify(nb, null, 1)}\n`);
    const site = await exportSite([resolve(OUT, "many.ipynb")], { out: resolve(OUT, "site"), execute: "never" });
    expect(site.ok).toBe(true);
    browser = await launchChromium("/usr/bin/chromium");
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("at a 900 px window: crowded figures drawn larger with no overlapping or cut tick labels, scrolling sideways; small ones as before; a 500 px window keeps labels apart", async () => {
    const { page, errors } = await openOffline(browser, resolve(OUT, "site/many.html"), "", { width: 900, height: 800 });
    expect(await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn)).toBe(
      FIGURES.length,
    );
    const drawn = await drawnFigures(page);
    for (const [i, [name, , crowded]] of FIGURES.entries()) {
      const d = drawn[i];
      expect({ name, overlapping: d.overlapping, cut: d.cut }).toEqual({ name, overlapping: 0, cut: 0 });
      expect(d.labels, name).toBeGreaterThan(0);
      if (crowded) {
        // it did not fit the column: it scrolls sideways within its output box, which stays in the column
        expect(d.width, name).toBeGreaterThan(d.column);
        expect(d.scrolls, name).toBe(true);
        expect(d.box, name).toBeLessThanOrEqual(d.column);
      } else expect(d.scrolls, name).toBe(false);
    }
    // a small figure keeps its own size; a wide one with few labels fills the column as before
    expect([drawn[SMALL].width, drawn[SMALL].height]).toEqual([400, 300]);
    expect(drawn[WIDE_FEW].width).toBe(Math.floor(drawn[WIDE_FEW].column));
    await page.setViewportSize({ width: 500, height: 800 });
    await expect
      .poll(async () => (await drawnFigures(page)).map((d) => d.overlapping + d.cut), { timeout: 60_000, interval: 1000 })
      .toEqual(FIGURES.map(() => 0));
    const narrow = await drawnFigures(page);
    // the wide figure with few labels follows the narrower column
    expect(narrow[WIDE_FEW].width).toBe(Math.floor(narrow[WIDE_FEW].column));
    expect(narrow[WIDE_FEW].width).toBeLessThan(drawn[WIDE_FEW].width);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
