// A saved notebook exported by nbconvert (the project's .venv) to HTML and opened offline from file:// in headless
// Chromium: the figure's HTML output runs, finds no plotly.js (no Jupyter server, no CDN), says so in the page, and the
// static SVG image added by addStaticFigures stays visible: the plot is never blank.
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { figureBundle } from "../../lib/display/figure";
import { addStaticFigures, launchChromium } from "../../lib/tools/render";
import { everyFigure } from "./all-figures";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

describe("nbconvert HTML of a saved notebook, offline", () => {
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const work = mkdtempSync(join(ROOT, "build", "display-nbconvert-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("shows the static image of each figure, and says why the interactive one is missing", async () => {
    const figures = everyFigure().slice(4, 6); // softmax, loss curves
    const nb: INotebookContent = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: figures.map(
        ({ figure }, i) =>
          ({
            id: `c${i}`,
            cell_type: "code",
            source: "show(fig)",
            metadata: {},
            execution_count: i + 1,
            outputs: [{ output_type: "display_data", data: figureBundle(figure, `fig${i}`), metadata: {} }],
          }) as ICell,
      ),
    };
    expect((await addStaticFigures(nb)).rendered).toBe(2);
    writeFileSync(join(work, "saved.ipynb"), JSON.stringify(nb, null, 1));
    const conv = spawnSync(JUPYTER, ["nbconvert", "--to", "html", join(work, "saved.ipynb")], { encoding: "utf8" });
    expect(conv.status, conv.stderr).toBe(0);
    const browser = await launchChromium("/usr/bin/chromium");
    try {
      const page = await browser.newPage();
      await page.route("**/*", (route) =>
        route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected"),
      );
      await page.goto(pathToFileURL(join(work, "saved.html")).href);
      const imgs = page.locator('.dl4nlp-static img[src^="data:image/svg+xml;base64,"]');
      await expect.poll(() => imgs.count(), { timeout: 20_000 }).toBe(2);
      for (let i = 0; i < 2; i++) {
        expect(await imgs.nth(i).isVisible()).toBe(true);
        expect(await imgs.nth(i).evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      }
      await expect
        .poll(() => page.locator(".dl4nlp-figure-error").allTextContents(), { timeout: 20_000 })
        .toEqual([
          expect.stringMatching(/^static image; the interactive figure needs plotly.js: plotly.js not found/),
          expect.stringMatching(/^static image;/),
        ]);
      mkdirSync(join(ROOT, "build", "screenshots", "display"), { recursive: true });
      await page.screenshot({ path: join(ROOT, "build", "screenshots", "display", "nbconvert-offline.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);
});
