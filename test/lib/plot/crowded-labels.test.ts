// The library's figures with many categories choose a layout their labels fit at their own size, the size a notebook
// draws them at (JupyterLab draws a figure at its layout's width and height): no two tick labels or cell numbers
// overlap and none is cut at the figure's edge, for 40, 60 and 100 classes, 45 POS tags, long class names, counts and
// fractions. (On a slide each figure is measured as drawn and given room: test/tools/slides/plot-labels-browser.)
// Real headless Chromium, offline, one page for the file; labels measured as the rotated boxes they are drawn in.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confusionMatrixFigure, type Figure, softmaxBars } from "../../../lib/plot";
import { LEGIBLE_VALUE_PX } from "../../../lib/plot/style";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { PLOTLY_JS, serveOffline } from "../../display/page-helpers";
import { PTB_TAGS, matrixOf, namesOf } from "../../tools/slides/plot-label-notebooks";
import { type LabelGeometry, type Pt, installLabelGeometry } from "../../helpers/label-geometry";

/** A figure's labels as drawn: how many, overlapping pairs of one kind (an axis's ticks, cell texts), cut at the edge. */
interface Crowding {
  labels: number;
  overlapping: number;
  cut: number;
  width: number;
  height: number;
  /** Cell or bar texts drawn, and the smallest font size (px) one is drawn at. */
  cellTexts: number;
  smallestValueFont: number;
}

/** Whether the values are written in the cells or over the bars (else left to the hover), where that is sure. */
const WRITTEN: Record<string, boolean> = {
  "confusion 40": true,
  "confusion 40 counts of 5 digits": true,
  "confusion 40 counts of 7 digits": false,
  "softmax 20 long names": false,
  "softmax 60": false,
};

const LONG = Array.from({ length: 20 }, (_, i) => `a rather long class name ${i}`);

/** The figures looked at, by name. */
const FIGURES: Record<string, () => Figure> = {
  "confusion 40": () => confusionMatrixFigure(matrixOf(40), namesOf(40)),
  "confusion 45 POS tags": () => confusionMatrixFigure(matrixOf(45), PTB_TAGS),
  "confusion 60": () => confusionMatrixFigure(matrixOf(60), namesOf(60)),
  "confusion 20 long names": () => confusionMatrixFigure(matrixOf(20), LONG),
  "confusion 20 normalized": () => confusionMatrixFigure(matrixOf(20), { classNames: namesOf(20), normalize: true }),
  "confusion 40 counts of 5 digits": () => confusionMatrixFigure(matrixOf(40).map((r) => r.map((c) => c * 500 + 10000))),
  "confusion 40 counts of 7 digits": () => confusionMatrixFigure(matrixOf(40).map((r) => r.map((c) => c * 5000 + 1000000))),
  "softmax 60": () => softmaxBars(Array.from({ length: 60 }, (_, i) => Math.sin(i) * 3)),
  "softmax 60 names": () =>
    softmaxBars(
      Array.from({ length: 60 }, (_, i) => Math.sin(i) * 3),
      { labels: namesOf(60) },
    ),
  "softmax probabilities 100": () =>
    softmaxBars(
      Array.from({ length: 100 }, () => 0.01),
      { input: "probabilities", labels: namesOf(100) },
    ),
  "softmax 45 POS tags": () =>
    softmaxBars(
      Array.from({ length: 45 }, (_, i) => Math.cos(i)),
      { labels: PTB_TAGS },
    ),
  "softmax 20 long names": () =>
    softmaxBars(
      Array.from({ length: 20 }, (_, i) => Math.cos(i)),
      { labels: LONG },
    ),
};

describe("library figures with many categories keep their labels apart (real Chromium)", { timeout: 240_000 }, () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium("/usr/bin/chromium");
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await serveOffline(page, "plot.test", {
      "/index.html": {
        type: "text/html",
        body: '<!doctype html><meta charset="utf-8"><script src="/plotly.js"></script><body></body>',
      },
      "/plotly.js": { type: "text/javascript", file: PLOTLY_JS },
    });
    await page.goto("http://plot.test/index.html");
    await installLabelGeometry(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Draws a figure at `width` (its own when left out; the height scaled as a page column scales it) and measures it. */
  const drawn = (figure: Figure, width?: number): Promise<Crowding> =>
    page.evaluate(
      async ({ figure, width }) => {
        const layout = figure.layout as { width: number; height: number };
        if (width !== undefined && width < layout.width) {
          layout.height = Math.round(layout.height * Math.max(0.6, width / layout.width));
          layout.width = width;
        }
        document.body.innerHTML = "";
        const div = document.createElement("div");
        document.body.append(div);
        const Plotly = (window as unknown as { Plotly: { newPlot(d: HTMLElement, f: unknown): Promise<unknown> } }).Plotly;
        await Plotly.newPlot(div, figure);
        const box = (div.querySelector(".svg-container") as HTMLElement).getBoundingClientRect();
        const { quadOf, apart } = (window as unknown as { labelGeometry: LabelGeometry }).labelGeometry;
        const groups = new Map<string, SVGGraphicsElement[]>();
        for (const t of Array.from(div.querySelectorAll<SVGGraphicsElement>("g[class$='tick'] > text"))) {
          const key = (t.parentElement as Element).getAttribute("class") ?? "";
          groups.set(key, [...(groups.get(key) ?? []), t]);
        }
        const cells = Array.from(div.querySelectorAll<SVGGraphicsElement>(".heatmaplayer text, .bartext"));
        groups.set("cells", cells);
        const result = {
          labels: 0,
          overlapping: 0,
          cut: 0,
          width: box.width,
          height: box.height,
          cellTexts: 0,
          smallestValueFont: 0,
        };
        for (const texts of groups.values()) {
          const quads = texts
            .map(quadOf)
            .filter((q): q is Pt[] => q !== null)
            .map((q) => ({ q, l: Math.min(...q.map((p) => p[0])), r: Math.max(...q.map((p) => p[0])) }))
            .sort((a, b) => a.l - b.l);
          result.labels += quads.length;
          for (let i = 0; i < quads.length; i++)
            for (let j = i + 1; j < quads.length && quads[j].l < quads[i].r; j++)
              if (!apart(quads[i].q, quads[j].q)) result.overlapping++;
          for (const { q } of quads)
            if (q.some(([x, y]) => x < box.left - 1 || x > box.right + 1 || y < box.top - 1 || y > box.bottom + 1)) result.cut++;
        }
        const written = cells.filter((t) => quadOf(t) !== null);
        result.cellTexts = written.length;
        // Plotly shrinks a bar's text to fit its bar (a smaller font-size, or a scale in its transform)
        const sizes = written.map((t) => {
          const m = t.getScreenCTM() as DOMMatrix;
          return Number.parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        });
        result.smallestValueFont = Math.min(Number.POSITIVE_INFINITY, ...sizes);
        return result;
      },
      { figure: JSON.parse(JSON.stringify(figure)) as Figure, width },
    );

  for (const [name, make] of Object.entries(FIGURES)) {
    it(`${name}, at its own size (a notebook's): no two labels overlap, none is cut, every cell keeps its number`, async () => {
      const figure = make();
      const seen = await drawn(figure);
      expect({ overlapping: seen.overlapping, cut: seen.cut }).toEqual({ overlapping: 0, cut: 0 });
      const trace = figure.data[0];
      const values =
        trace.type === "heatmap" ? (trace.z as unknown[][]).length ** 2 : (trace.x as unknown[]).length * figure.data.length;
      expect(seen.width).toBe(figure.layout.width);
      // each value written legibly, or none, the title saying to hover
      if (/(too long for the cells|values): hover for each/.test(figure.layout.title?.text ?? "")) expect(seen.cellTexts).toBe(0);
      else {
        expect(seen.cellTexts).toBe(values);
        expect(seen.smallestValueFont).toBeGreaterThanOrEqual(LEGIBLE_VALUE_PX - 0.5);
      }
      if (name in WRITTEN) expect(seen.cellTexts > 0, name).toBe(WRITTEN[name]);
    });
  }
});
