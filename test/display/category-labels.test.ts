// A figure with a categorical axis labels every category: a confusion matrix of 24 classes showed only every other
// class name on its vertical axis (Plotly thins tick labels it finds crowded), so a row could not be told from its
// neighbour. Every builder with categorical axes (confusionMatrixFigure, softmaxBars) names each category up to
// MOST_LABELLED_CATEGORIES; above that it labels every k-th one and says so in the title (hover still names each).
// Drawn in real headless Chromium, offline; the labels counted in the SVG Plotly draws.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureBundle } from "../../lib/display/figure";
import { confusionMatrixFigure, type Figure, softmaxBars } from "../../lib/plot";
import { MOST_LABELLED_CATEGORIES } from "../../lib/plot/style";
import { launchChromium } from "../../lib/tools/render/chromium";
import { collectErrors, insertHtmlOutput, PLOTLY_JS, serveOffline } from "./page-helpers";

const SCREENSHOTS = "build/screenshots/display";

/** k class names like a real data set's: of different lengths, the longest 20 characters. */
const namesOf = (k: number) => Array.from({ length: k }, (_, i) => (i % 5 === 4 ? `class-with-long-name-${i}` : `C${i}`));
/** A k×k confusion matrix with a strong diagonal. */
const matrixOf = (k: number) =>
  Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 50 : (i + j) % 3)));

/** Labels in name order (Plotly draws a reversed axis's ticks last to first). */
const sorted = (labels: string[]) => labels.map((l) => l.trim()).sort();

describe("categorical axes name every category (real Chromium)", { timeout: 180_000 }, () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let n = 0;
  beforeAll(async () => {
    browser = await launchChromium("/usr/bin/chromium");
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    errors = collectErrors(page);
    await serveOffline(page, "page.test", {
      "/index.html": {
        type: "text/html",
        body: '<!doctype html><meta charset="utf-8"><script src="/plotly.js"></script><body></body>',
      },
      "/plotly.js": { type: "text/javascript", file: PLOTLY_JS },
    });
    await page.goto("http://page.test/index.html");
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Draws the figure; its tick labels per axis (xtick, ytick, x2tick…), and whether any two labels of an axis overlap. */
  const draw = async (figure: Figure, name: string) => {
    const id = `cat${n++}`;
    await insertHtmlOutput(page, figureBundle(figure, id)["text/html"] as string);
    await page.locator(`#${id} .main-svg`).first().waitFor({ state: "attached", timeout: 30_000 });
    await page.locator(`#${id}`).screenshot({ path: `${SCREENSHOTS}/${name}.png` });
    return page.evaluate((id: string) => {
      const root = document.getElementById(id) as HTMLElement;
      const axes: Record<string, { labels: string[]; overlaps: number }> = {};
      for (const g of Array.from(root.querySelectorAll("g.xaxislayer-above, g.yaxislayer-above"))) {
        for (const t of Array.from(g.querySelectorAll("g[class$='tick'] text"))) {
          const axis = (t.parentElement as Element).getAttribute("class") as string;
          axes[axis] ??= { labels: [], overlaps: 0 };
          axes[axis].labels.push(t.textContent ?? "");
        }
        for (const axis of Object.keys(axes)) {
          const boxes = Array.from(g.querySelectorAll(`g.${axis} text`)).map((t) => t.getBoundingClientRect());
          for (let i = 1; i < boxes.length; i++) {
            const [a, b] = [boxes[i - 1], boxes[i]];
            const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
            if (!apart) axes[axis].overlaps++;
          }
        }
      }
      return axes;
    }, id);
  };

  for (const k of [24, MOST_LABELLED_CATEGORIES]) {
    it(`a confusion matrix of ${k} classes names each class on both axes, no two labels overlapping`, async () => {
      const names = namesOf(k);
      const axes = await draw(confusionMatrixFigure(matrixOf(k), names), `confusion-${k}-classes`);
      expect(sorted(axes.ytick.labels)).toEqual(sorted(names));
      expect(sorted(axes.xtick.labels)).toEqual(sorted(names));
      expect(axes.ytick.overlaps).toBe(0);
      expect(axes.xtick.overlaps).toBe(0);
    });
  }

  it("a confusion matrix of 100 classes labels every 3rd class and says so in its title", async () => {
    const names = namesOf(100);
    const figure = confusionMatrixFigure(matrixOf(100), names);
    const axes = await draw(figure, "confusion-100-classes");
    const every3rd = names.filter((_, i) => i % 3 === 0);
    expect(sorted(axes.ytick.labels)).toEqual(sorted(every3rd));
    expect(sorted(axes.xtick.labels)).toEqual(sorted(every3rd));
    expect(figure.layout.title?.text).toMatch(/every 3rd class labelled/);
  });

  it("class names that look like HTML (NLP's <s>, </s>, a<br>b, a&amp;b) are drawn literally, the plot its full size", async () => {
    const tricky = ["<s>", "</s>", "<unk>", "a<br>b", "a&amp;b", "x<sub>2</sub>", "<b>", "&"];
    const plain = tricky.map((t, i) => `${"n".repeat(t.length - 1)}${i}`); // the same lengths, nothing to misread
    const plotWidth = async (id: number) =>
      page.evaluate((sel) => (document.querySelector(sel) as Element).getBoundingClientRect().width, `#cat${id} .nsewdrag`);
    const literal = await draw(confusionMatrixFigure(matrixOf(tricky.length), tricky), "confusion-html-like-names");
    const trickyWidth = await plotWidth(n - 1);
    expect(sorted(literal.ytick.labels)).toEqual(sorted(tricky));
    expect(sorted(literal.xtick.labels)).toEqual(sorted(tricky));
    await draw(confusionMatrixFigure(matrixOf(plain.length), plain), "confusion-plain-names");
    expect(trickyWidth).toBeGreaterThan(0.9 * (await plotWidth(n - 1)));
    const bars = await draw(softmaxBars([1, 2, 3, 0, -1, 0.5, 2.5, 1.5], { labels: tricky }), "softmax-html-like-names");
    expect(bars.xtick.labels).toEqual(tricky);
    expect(bars.x2tick.labels).toEqual(tricky);
  });

  it("softmax bars over 30 classes (logits and probabilities, and probabilities alone) name each class", async () => {
    const z = Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const names = namesOf(30);
    const both = await draw(softmaxBars(z, { labels: names }), "softmax-30-classes");
    expect(both.xtick.labels).toEqual(names);
    expect(both.x2tick.labels).toEqual(names);
    const probs = z.map(() => 1 / 30);
    const alone = await draw(softmaxBars(probs, { labels: names, input: "probabilities" }), "softmax-probabilities-30");
    expect(alone.xtick.labels).toEqual(names);
    expect(errors).toEqual([]);
  });
});
