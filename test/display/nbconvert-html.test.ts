// A saved notebook whose figures carry their static image (as a live kernel with Chromium or `dl4nlp run` leaves them),
// exported by nbconvert (the project's .venv) as students and graders do: HTML opened offline from file:// in headless
// Chromium, the same page with scripts off (a static renderer such as GitHub or nbviewer), markdown, and webpdf (what
// JupyterLab's "Export as PDF" runs). Every figure must show, and no export may carry error or loader text.
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureBundle } from "../../lib/display/figure";
import { addStaticFigures, launchChromium } from "../../lib/tools/render";
import { everyFigure } from "./all-figures";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const PYTHON = join(ROOT, ".venv", "bin", "python");
/** Text that must appear in no export: the loader's messages, script source. */
const NOISE = /figure not drawn|plotly\.js|not in Jupyter|newPlot|dl4nlp-figure-error/;

function notebook(withFigures: boolean): INotebookContent {
  const figures = everyFigure().slice(4, 7); // softmax, loss curves, loss landscape
  return {
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
          outputs: withFigures ? [{ output_type: "display_data", data: figureBundle(figure, `fig${i}`), metadata: {} }] : [],
        }) as ICell,
    ),
  };
}

function nbconvert(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(JUPYTER, ["nbconvert", ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 300_000 });
}

describe("nbconvert exports of a saved notebook with static figure images", { timeout: 300_000 }, () => {
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const work = mkdtempSync(join(ROOT, "build", "display-nbconvert-"));
  let browser: Browser;
  beforeAll(async () => {
    const nb = notebook(true);
    expect((await addStaticFigures(nb)).rendered).toBe(3);
    writeFileSync(join(work, "saved.ipynb"), JSON.stringify(nb, null, 1));
    writeFileSync(join(work, "blank.ipynb"), JSON.stringify(notebook(false), null, 1));
    browser = await launchChromium("/usr/bin/chromium");
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const scripts of [true, false]) {
    it(`HTML ${scripts ? "in a browser" : "with scripts off (a static renderer)"}: every figure drawn, no noise`, async () => {
      const conv = nbconvert(["--to", "html", join(work, "saved.ipynb")]);
      expect(conv.status, conv.stderr).toBe(0);
      const html = readFileSync(join(work, "saved.html"), "utf8");
      expect(html).not.toMatch(NOISE);
      const context = await browser.newContext({ javaScriptEnabled: scripts });
      try {
        const page = await context.newPage();
        await page.route("**/*", (route) =>
          route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected"),
        );
        await page.goto(pathToFileURL(join(work, "saved.html")).href);
        // nbconvert shows image/svg+xml as an <img> with a data URI: plotly's static SVG, one per figure, decoded
        const figures = page.locator('.jp-RenderedSVG img[src^="data:image/svg+xml;base64,"]');
        expect(await figures.count()).toBe(3);
        for (let i = 0; i < 3; i++) {
          await expect.poll(() => figures.nth(i).evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
          expect(await figures.nth(i).isVisible()).toBe(true);
        }
        expect(await page.locator("body").innerText()).not.toMatch(NOISE);
        mkdirSync(join(ROOT, "build", "screenshots", "display"), { recursive: true });
        const shot = `nbconvert-html${scripts ? "" : "-no-scripts"}.png`;
        await page.screenshot({ path: join(ROOT, "build", "screenshots", "display", shot), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }

  it("markdown: each image is written once as an SVG file the text links to, and no script or base64 is inlined", () => {
    const conv = nbconvert(["--to", "markdown", join(work, "saved.ipynb")]);
    expect(conv.status, conv.stderr).toBe(0);
    const md = readFileSync(join(work, "saved.md"), "utf8");
    const files = readdirSync(join(work, "saved_files")).filter((f) => f.endsWith(".svg"));
    expect(files).toHaveLength(3);
    for (const f of files) expect(md).toContain(`saved_files/${f}`);
    expect(md).not.toMatch(/<script|base64|bdata/);
    expect(md).not.toMatch(NOISE);
    expect(md.length).toBeLessThan(5_000);
  });

  it("webpdf (JupyterLab's Export as PDF) draws the figures: the PDF is far larger than the same notebook without them", () => {
    // Python's playwright (kernel-setup/requirements.txt) drives Debian's Chromium through a link where it looks
    const probe = spawnSync(
      PYTHON,
      [
        "-c",
        "import json, pathlib, playwright; p = pathlib.Path(playwright.__file__).parent / 'driver/package/browsers.json'; " +
          "print(next(b['revision'] for b in json.loads(p.read_text())['browsers'] if b['name'] == 'chromium-headless-shell'))",
      ],
      { encoding: "utf8" },
    );
    expect(probe.status, `python playwright is missing (kernel-setup/setup.sh): ${probe.stderr}`).toBe(0);
    const browsers = join(work, "browsers");
    const shell = join(browsers, `chromium_headless_shell-${probe.stdout.trim()}`, "chrome-headless-shell-linux64");
    mkdirSync(shell, { recursive: true });
    symlinkSync("/usr/bin/chromium", join(shell, "chrome-headless-shell"));
    const env = { PLAYWRIGHT_BROWSERS_PATH: browsers };
    const sizes: number[] = [];
    for (const name of ["saved", "blank"]) {
      const conv = nbconvert(["--to", "webpdf", "--WebPDFExporter.disable_sandbox=True", join(work, `${name}.ipynb`)], env);
      expect(conv.status, conv.stderr).toBe(0);
      const pdf = readFileSync(join(work, `${name}.pdf`));
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      sizes.push(statSync(join(work, `${name}.pdf`)).size);
    }
    // three vector figures (axes, text, a contour plot) add tens of kilobytes of drawing to the pages
    expect(sizes[0] - sizes[1]).toBeGreaterThan(30_000);
  });
});
