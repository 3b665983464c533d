import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSite } from "../../../lib/tools/html/site";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { openOffline, textOutsideMath } from "../slides/browser-helpers";

const FIXTURE = "test/fixtures/notebooks/slides-deck.ipynb";
const OUT = "build/test-site/fixture";

// Real headless Chromium, offline (only file:// is served), on the page exported from the fixture notebook.
describe("dl4nlp html: the fixture page in offline headless Chromium", () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof exportSite>>;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync("build/screenshots", { recursive: true });
    site = await exportSite([FIXTURE], { out: OUT, execute: "never" });
    browser = await launchChromium("/usr/bin/chromium");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("writes one page and an index with the notebook title and its first learning goal (no course title: not the course's notebook)", () => {
    expect(site.ok).toBe(true);
    expect(site.pages).toHaveLength(1);
    expect(site.pages[0]).toMatchObject({ title: "Fixture deck", figures: 1, executed: false, problems: [] });
    const index = readFileSync(resolve(OUT, "index.html"), "utf8");
    expect(index).toContain("<h1>Notebooks</h1>");
    expect(index).not.toContain("Deep Learning for NLP");
    expect(index).toContain('<a href="slides-deck.html">Fixture deck</a>');
    expect(index).toContain("the goal of this fixture");
  });

  it("math typeset, every Plotly figure drawn, code highlighted, nothing requested from the network, no console errors", async () => {
    const { page, errors, blocked } = await openOffline(browser, resolve(OUT, "slides-deck.html"));
    expect(await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn)).toBe(1);
    expect(await page.locator(".dl4nlp-plot .main-svg").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator(".dl4nlp-plot-error").count()).toBe(0);
    expect(await page.locator("main .katex").count()).toBe(7);
    expect(await page.locator("main .math-error").count()).toBe(0);
    const text = await textOutsideMath(page, "main");
    expect(text).not.toMatch(/\$\$|\\frac|\\begin\{align\}/);
    expect(text).toContain("costs $5, not math");
    // a page is the whole notebook: skipped cells are there, removed ones are not; notes are boxed notes
    expect(text).toContain("SKIPPED OUTPUT");
    for (const gone of ["REMOVED CELL", "REMOVED OUTPUT", "REMOVED_INPUT_SOURCE"]) expect(text).not.toContain(gone);
    expect(await page.locator("aside.notes").count()).toBe(2);
    expect(await page.locator(".hljs-keyword").count()).toBeGreaterThan(0);
    // tslab's red stderr text keeps its colour
    expect(await page.locator('pre.output-stderr span[style*="color"]').count()).toBe(1);
    // KaTeX's fonts come from the page itself
    expect(await page.evaluate(() => document.fonts.check('16px "KaTeX_Main"'))).toBe(true);
    await page.locator(".dl4nlp-plot").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: "build/screenshots/html-page-plot.png" });
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
