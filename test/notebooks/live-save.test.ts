// As a student does it, end to end: one Jupyter server (the project's .venv: JupyterLab, and Notebook 7 on the same
// server at /notebooks/), the project's kernelspec of this checkout, headless Chromium offline. A notebook whose cells
// show figures (show(), a figure as a cell's last value, a live chart, two figures in the last cell) is opened, run with
// Run > Run All Cells and saved with Ctrl+S, in JupyterLab and in Notebook 7. The saved file must hold every figure's
// static image, stored once, and its nbconvert HTML (seen with scripts off, as a static renderer) and webpdf (JupyterLab's
// "Export as PDF") must show every figure with no error or loader text.
import type { IDisplayData, INotebookContent, IOutput, IStream } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../lib/display/figure";
import { type LabSession, startLabSession } from "../helpers/jupyterlab";
import { webpdfEnv } from "../helpers/webpdf";
import { dl4nlpNotebook } from "../helpers/notebook";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const PYTHON = join(ROOT, ".venv", "bin", "python");
/** Text no export may carry: the loader's messages, script source, an object dump of a figure, a notice. */
const NOISE = /figure not drawn|plotly\.js|not in Jupyter|newPlot|dl4nlp-figure-error|get no static image|layout: \{/;
/** The figures' titles, one per figure: each must be in every export. */
const TITLES = ["First softmax", "Last-value curves", "Training: epoch 5", "Last-cell softmax", "Last-cell curves"];

const CELLS = [
  `import { show, softmaxBars, lossCurves, liveChart } from "dl4nlp";`,
  `show(softmaxBars([0.6, 1.1, -1.5, 1.2], { title: "First softmax" }));`,
  // a figure as the cell's last value
  `lossCurves({ loss: [1, 0.5, 0.3], accuracy: [0.5, 0.7, 0.9] }, { title: "Last-value curves" })`,
  // a live chart whose last epochs the throttle held back, finish() never called
  `const chart = liveChart({ minIntervalMs: 3_600_000 });
for (let epoch = 1; epoch <= 5; epoch++) chart({ epoch, loss: 1 / epoch });`,
  // the last cell: two figures
  `show(softmaxBars([1, 2, 3], { title: "Last-cell softmax" }));
show(lossCurves({ loss: [3, 2, 1] }, { title: "Last-cell curves" }));`,
];
const FIGURES = TITLES.length;

/** The front ends on the one server: where a notebook opens, and its panel's selector. */
const FRONT_ENDS = [
  { name: "JupyterLab", url: (rel: string) => `/lab/tree/${rel}`, panel: ".jp-NotebookPanel:not(.lm-mod-hidden)" },
  { name: "Notebook 7", url: (rel: string) => `/notebooks/${rel}`, panel: ".jp-NotebookPanel" },
] as const;

describe("a student runs a notebook with figures, saves it, and exports it", () => {
  let session: LabSession | undefined;
  let base = "";
  let token = "";
  const saved = new Map<string, string>();

  beforeAll(async () => {
    session = await startLabSession({
      name: "live-save",
      kernelspec: true,
      // The plotly package's renderer is off here: after drawing a figure it writes a PNG snapshot into the output
      // model it drew, and when the kernel's static image replaced that output meanwhile, the saved output is
      // sometimes the first bundle plus that PNG (seen 1 in 3 runs in Notebook 7; kernel-setup/README.md, "Known
      // race"). The project's own loader draws the live figures instead.
      disabledExtensions: ["jupyterlab-plotly", "@jupyterlab/plotly-extension"],
      // every cell rendered (no windowing), no news toast
      settings: {
        "@jupyterlab/notebook-extension:tracker": { windowingMode: "none" },
        "@jupyterlab/apputils-extension:notification": { fetchNews: "false" },
      },
    });
    base = session.lab.base;
    token = session.lab.token;
    for (const f of FRONT_ENDS)
      writeFileSync(join(session.work, `${f.name.replace(/\s/g, "")}.ipynb`), JSON.stringify(dl4nlpNotebook(CELLS)));
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  /** Opens the notebook, waits for the idle kernel, runs all cells from the menu, waits for every cell, saves. */
  async function runAndSave(page: Page, f: (typeof FRONT_ENDS)[number], file: string): Promise<void> {
    await page.route("**/*", (route) =>
      route.request().url().startsWith(base) ? route.continue() : route.abort("internetdisconnected"),
    );
    await page.goto(`${base}${f.url(relative(ROOT, file))}?token=${token}`);
    await page.locator(f.panel).waitFor({ state: "visible", timeout: 90_000 });
    await expect
      .poll(() => page.locator(`${f.panel} .jp-Toolbar-kernelName`).first().textContent(), { timeout: 90_000 })
      .toContain("TypeScript (dl4nlp)");
    await expect
      .poll(() => page.locator(`${f.panel} [data-status]`).first().getAttribute("data-status"), { timeout: 90_000 })
      .toBe("idle");
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    // done when every code cell shows its count: a cell's reply comes once its figures' images are sent
    await expect
      .poll(
        async () =>
          (await page.locator(`${f.panel} .jp-CodeCell .jp-InputArea-prompt`).allInnerTexts()).filter((p) => /\[\d+\]/.test(p))
            .length,
        { timeout: 240_000, interval: 500 },
      )
      .toBe(CELLS.length);
    // drawn live (the project's loader draws with plotly.js from the server, or the static image is shown)
    const live = page.locator(`${f.panel} .jp-OutputArea-output:has(.main-svg, img)`);
    await expect.poll(() => live.count(), { timeout: 60_000 }).toBe(FIGURES);
    const before = readFileSync(file, "utf8");
    await page.locator(`${f.panel} .jp-Notebook`).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+s");
    await expect.poll(() => readFileSync(file, "utf8") !== before, { timeout: 60_000 }).toBe(true);
  }

  for (const f of FRONT_ENDS) {
    it(`${f.name}: Run All Cells, Ctrl+S: the saved file has every figure's image, stored once`, async () => {
      const file = join(session!.work, `${f.name.replace(/\s/g, "")}.ipynb`);
      const page = await session!.browser.newPage({ viewport: { width: 1300, height: 1000 } });
      try {
        await runAndSave(page, f, file);
      } finally {
        mkdirSync(join(ROOT, "build", "screenshots"), { recursive: true });
        await page.screenshot({ path: join(ROOT, "build", "screenshots", `live-save-${f.name.replace(/\s/g, "")}.png`) });
        await page.close();
      }
      const nb = JSON.parse(readFileSync(file, "utf8")) as INotebookContent;
      const outputs = nb.cells.flatMap((c) => (c.outputs as IOutput[] | undefined) ?? []);
      const figures = outputs.filter((o) => o.output_type === "display_data") as IDisplayData[];
      expect(figures).toHaveLength(FIGURES);
      figures.forEach((d, i) => {
        const what = `figure ${i + 1} (${TITLES[i]}): ${Object.keys(d.data).join(", ")}`;
        expect(Object.keys(d.data).sort(), what).toEqual([PLOTLY_MIME, "image/svg+xml", "text/plain"]);
        expect(String(d.data["image/svg+xml"]), what).toMatch(/^<svg/);
        expect(String(d.data["image/svg+xml"]), what).toContain(TITLES[i]);
      });
      expect(outputs.filter((o) => o.output_type === "stream").map((o) => (o as IStream).text)).toEqual([]);
      saved.set(f.name, file);
    }, 400_000);
  }

  it("nbconvert --to html of each saved file shows every figure with scripts off, and no noise", async () => {
    expect(saved.size, "a front end's run failed").toBe(FRONT_ENDS.length);
    for (const file of saved.values()) {
      const conv = spawnSync(JUPYTER, ["nbconvert", "--to", "html", file], { encoding: "utf8", timeout: 300_000 });
      expect(conv.status, conv.stderr).toBe(0);
      const htmlFile = file.replace(/\.ipynb$/, ".html");
      expect(readFileSync(htmlFile, "utf8")).not.toMatch(NOISE);
      const context = await session!.browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.route("**/*", (route) =>
          route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected"),
        );
        await page.goto(pathToFileURL(htmlFile).href);
        const images = page.locator('.jp-RenderedSVG img[src^="data:image/svg+xml;base64,"]');
        expect(await images.count()).toBe(FIGURES);
        for (let i = 0; i < FIGURES; i++) {
          await expect.poll(() => images.nth(i).evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
        }
        expect(await page.locator("body").innerText()).not.toMatch(NOISE);
      } finally {
        await context.close();
      }
    }
  }, 300_000);

  it("nbconvert --to webpdf (Export as PDF) of the JupyterLab-saved file: every figure's text is in the PDF, no noise", () => {
    const file = saved.get("JupyterLab");
    expect(file, "the JupyterLab run failed").toBeDefined();
    const conv = spawnSync(JUPYTER, ["nbconvert", "--to", "webpdf", "--WebPDFExporter.disable_sandbox=True", file!], {
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, ...webpdfEnv(PYTHON, session!.lab.home) },
    });
    expect(conv.status, conv.stderr).toBe(0);
    const text = spawnSync("pdftotext", [file!.replace(/\.ipynb$/, ".pdf"), "-"], { encoding: "utf8" });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(NOISE);
    for (const title of TITLES) expect(text.stdout).toContain(title);
  }, 300_000);
});
