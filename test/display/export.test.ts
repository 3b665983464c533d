// End to end: a notebook with every figure type, executed by the runner (runNotebooks on a real tslab kernel, static
// SVGs added by addStaticFigures) and exported to one HTML page (exportPage), opened from
// file:// in offline headless Chromium: every figure drawn (plot SVG present), the computation graph image shown, the
// LaTeX matrix typeset, no console errors. A screenshot of each is kept under build/screenshots/export/.
import type { IDisplayData } from "@jupyterlab/nbformat";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPage } from "../../lib/tools/html";
import { addStaticFigures, launchChromium } from "../../lib/tools/render";
import { runNotebooks } from "../../lib/tools/run";
import type { NotebookResult } from "../../lib/tools/run/types";

const ROOT = resolve(__dirname, "..", "..");
const FIXTURE = join(__dirname, "fixtures", "every-figure.ipynb");
const SHOTS = join(ROOT, "build", "screenshots", "export");
/**
 * The Plotly figures of the fixture, in order (the loss curves come from liveChart): written out as the expectation.
 * Its shape matches validate.test.ts's notebook list by chance.
 */
const FIGURES = [
  "activations",
  "decision-boundary",
  "perceptron-animation",
  "xor-spaces",
  "softmax",
  "loss-curves",
  "loss-landscape",
  "learning-rates",
  "confusion-matrix",
  "network",
];

describe("every figure type: runner → HTML page → offline Chromium", () => {
  let result: NotebookResult;
  let browser: Browser;
  let out = "";
  beforeAll(async () => {
    process.env.DL4NLP_LIVE_STATIC_FIGURES = "0"; // the runner adds the images; its kernels need no Chromium of their own
    mkdirSync(join(ROOT, "build"), { recursive: true });
    out = mkdtempSync(join(ROOT, "build", "display-export-"));
    mkdirSync(SHOTS, { recursive: true });
    // the renderer passed explicitly: the runner's own lookup require()s lib/dist, which vitest's TS sources do not use
    [result] = await runNotebooks([FIXTURE], { out, timeout: 120, renderer: { addStaticFigures } });
    browser = await launchChromium("/usr/bin/chromium");
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("the runner executes it without errors and adds a static SVG to each Plotly output", () => {
    expect(result.message ?? "").toBe("");
    expect(result.status).toBe("passed");
    expect(result.staticFigures).toMatchObject({ rendered: FIGURES.length, figures: FIGURES.length, errors: [] });
    const outputs = result.notebook!.cells.flatMap((c) => (c.outputs ?? []) as IDisplayData[]);
    const plots = outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
    expect(plots).toHaveLength(FIGURES.length);
    for (const p of plots)
      expect(Object.keys(p.data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]);
  });

  it("the exported page draws every figure offline, with the graph image, the typeset matrix and the table", async () => {
    const page = exportPage(result.notebook!);
    expect(page.figures).toBe(FIGURES.length);
    const file = join(SHOTS, "every-figure.html");
    writeFileSync(file, page.html);
    const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    tab.on("pageerror", (e) => errors.push(e.message));
    const external: string[] = [];
    await tab.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      external.push(url);
      return route.abort("internetdisconnected");
    });
    await tab.goto(pathToFileURL(file).href);
    expect(await tab.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn)).toBe(
      FIGURES.length,
    );
    const plots = tab.locator(".dl4nlp-plot");
    expect(await plots.count()).toBe(FIGURES.length);
    for (const [i, name] of FIGURES.entries()) {
      expect(await plots.nth(i).locator(".main-svg").count(), name).toBeGreaterThan(0);
      await plots.nth(i).scrollIntoViewIfNeeded();
      await plots.nth(i).screenshot({ path: join(SHOTS, `${name}.png`) });
    }
    const graph = tab.locator('img[src^="data:image/svg+xml;base64,"]').filter({ hasNot: tab.locator(".dl4nlp-plot") });
    expect(await graph.count()).toBeGreaterThan(0);
    const graphImg = tab.locator('.output-image img[src^="data:image/svg+xml;base64,"]');
    await graphImg.scrollIntoViewIfNeeded();
    expect(await graphImg.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    await graphImg.screenshot({ path: join(SHOTS, "computation-graph.png") });
    const matrix = tab.locator(".output-latex .katex").first();
    expect(await matrix.textContent()).toContain("XW");
    await matrix.screenshot({ path: join(SHOTS, "matrix.png") });
    expect(await tab.locator("table.dl4nlp-table tbody tr").count()).toBe(4);
    await tab.locator("table.dl4nlp-table").screenshot({ path: join(SHOTS, "table.png") });
    expect(await tab.locator(".dl4nlp-plot-error, .dl4nlp-figure-error").count()).toBe(0);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
