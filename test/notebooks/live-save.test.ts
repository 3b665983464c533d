// As a student does it, end to end: one Jupyter server (the project's .venv: JupyterLab, and Notebook 7 on the same
// server at /notebooks/), the project's kernelspec of this checkout, headless Chromium offline, and the `plotly`
// package's renderer ON, as the project's set-up ships it. A notebook whose cells show figures (show(), a figure as a
// cell's last value, a live chart, two figures in the last cell) is opened, run with Run > Run All Cells and saved with
// Ctrl+S, in JupyterLab and in Notebook 7, then run and saved again in the same page (a warm kernel and page: the
// kernel's image update and the renderer's PNG write then land closest together, where the race was seen). Every saved
// copy must hold an image for every figure and no loader script, and its nbconvert HTML (seen with scripts off, as a
// static renderer) and the webpdf of each front end's last save (JupyterLab's "Export as PDF") must show every figure
// with no error or loader text.
import type { IDisplayData, INotebookContent, IOutput, IStream } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** Pages opened so far (each JupyterLab page gets a workspace of its own). */
let pages = 0;
/** The front ends on the one server: where a notebook opens, and its panel's selector. */
const FRONT_ENDS = [
  // a workspace of its own per page: JupyterLab would otherwise restore the notebooks of the pages before as tabs
  {
    name: "JupyterLab",
    url: (rel: string) => `/lab/workspaces/page-${++pages}/tree/${rel}`,
    panel: ".jp-NotebookPanel:not(.lm-mod-hidden)",
  },
  { name: "Notebook 7", url: (rel: string) => `/notebooks/${rel}`, panel: ".jp-NotebookPanel" },
] as const;
type FrontEnd = (typeof FRONT_ENDS)[number];
/** Run All + save this many times in one page and kernel. */
const ROUNDS = 3;

describe("a student runs a notebook with figures, saves it, and exports it", () => {
  let session: LabSession | undefined;
  let base = "";
  let token = "";
  /** Every saved copy, in order: its front end and file. */
  const saved: { front: string; file: string }[] = [];
  /** How often each form of a saved figure (its sorted MIME types) was seen, for the report. */
  const forms = new Map<string, number>();

  beforeAll(async () => {
    session = await startLabSession({
      name: "live-save",
      kernelspec: true,
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

  /** Opens the notebook in a new page and waits for its idle kernel. */
  async function open(f: FrontEnd, file: string): Promise<Page> {
    const page = await session!.browser.newPage({ viewport: { width: 1300, height: 1000 } });
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
    return page;
  }

  /** Runs all cells from the menu (the `round`th time in this page and kernel), waits for every cell, saves. */
  async function runAndSave(page: Page, f: FrontEnd, file: string, round: number): Promise<void> {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    // done when every code cell shows this round's count: a cell's reply comes once its figures' images are sent
    const counts = CELLS.map((_, i) => `[${round * CELLS.length + i + 1}]`);
    await expect
      .poll(
        async () => (await page.locator(`${f.panel} .jp-CodeCell .jp-InputArea-prompt`).allInnerTexts()).map((p) => p.trim()),
        {
          timeout: 240_000,
          interval: 500,
        },
      )
      .toEqual(counts.map((c) => expect.stringContaining(c)));
    // drawn live
    const live = page.locator(`${f.panel} .jp-OutputArea-output:has(.main-svg, img)`);
    await expect.poll(() => live.count(), { timeout: 60_000 }).toBe(FIGURES);
    // by the plotly package's renderer (the situation under test), not by a fallback
    expect(await page.locator(`${f.panel} .jp-OutputArea .jp-RenderedPlotly`).count()).toBe(FIGURES);
    const before = readFileSync(file, "utf8");
    await page.locator(`${f.panel} .jp-Notebook`).click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+s");
    // Jupyter writes the file in place (its atomic writing keeps a backup, not a temp file): done once it parses
    const written = () => {
      const text = readFileSync(file, "utf8");
      try {
        JSON.parse(text);
      } catch {
        return false;
      }
      return text !== before;
    };
    await expect.poll(written, { timeout: 60_000 }).toBe(true);
  }

  for (const f of FRONT_ENDS) {
    it(`${f.name}: Run All Cells, Ctrl+S, ${ROUNDS} times: every saved copy has every figure's image and no loader`, async () => {
      const file = join(session!.work, `${f.name.replace(/\s/g, "")}.ipynb`);
      const page = await open(f, file);
      try {
        for (let round = 0; round < ROUNDS; round++) {
          await runAndSave(page, f, file, round);
          const copy = file.replace(/\.ipynb$/, `-save${round + 1}.ipynb`);
          copyFileSync(file, copy);
          const nb = JSON.parse(readFileSync(copy, "utf8")) as INotebookContent;
          const outputs = nb.cells.flatMap((c) => (c.outputs as IOutput[] | undefined) ?? []);
          const figures = outputs.filter((o) => o.output_type === "display_data") as IDisplayData[];
          expect(figures).toHaveLength(FIGURES);
          figures.forEach((d, i) => {
            const keys = Object.keys(d.data).sort();
            const what = `save ${round + 1}, figure ${i + 1} (${TITLES[i]}): ${keys.join(", ")}`;
            forms.set(keys.join(" + "), (forms.get(keys.join(" + ")) ?? 0) + 1);
            // the figure, its text, an image (the kernel's SVG, or the renderer's PNG of the figure it drew: the
            // race decides, both export), never the loader
            expect(keys, what).toEqual(expect.arrayContaining([PLOTLY_MIME, "text/plain"]));
            expect(keys, what).not.toContain("text/html");
            expect(
              keys.some((k) => k === "image/svg+xml" || k === "image/png"),
              what,
            ).toBe(true);
            if (d.data["image/svg+xml"] !== undefined) {
              expect(String(d.data["image/svg+xml"]), what).toMatch(/^<svg/);
              expect(String(d.data["image/svg+xml"]), what).toContain(TITLES[i]);
            }
          });
          expect(outputs.filter((o) => o.output_type === "stream").map((o) => (o as IStream).text)).toEqual([]);
          saved.push({ front: f.name, file: copy });
        }
      } finally {
        mkdirSync(join(ROOT, "build", "screenshots"), { recursive: true });
        await page.screenshot({ path: join(ROOT, "build", "screenshots", `live-save-${f.name.replace(/\s/g, "")}.png`) });
        await page.close();
      }
    }, 900_000);
  }

  /** A cell that trains for a few seconds, feeding a live chart every epoch, never calling finish(). */
  const LIVE_EPOCHS = 8;
  const LIVE_CELLS = [
    `import { liveChart } from "dl4nlp";`,
    `const live = liveChart({ minIntervalMs: 0 });
for (let epoch = 1; epoch <= ${LIVE_EPOCHS}; epoch++) {
  live({ epoch, loss: 1 / epoch, accuracy: epoch / ${LIVE_EPOCHS} });
  await new Promise((resolve) => setTimeout(resolve, 500));
}`,
  ];

  for (const f of FRONT_ENDS) {
    it(`${f.name}: a live chart's curves grow on screen while the cell runs, and end as the interactive Plotly figure`, async () => {
      const file = join(session!.work, `Live${f.name.replace(/\s/g, "")}.ipynb`);
      writeFileSync(file, JSON.stringify(dl4nlpNotebook(LIVE_CELLS)));
      const page = await open(f, file);
      try {
        // every title the chart's output shows, recorded in the page as it changes (no polling from here)
        await page.evaluate(() => {
          const seen: string[] = [];
          (window as unknown as { liveTitles: string[] }).liveTitles = seen;
          const record = () => {
            const imgs = document.querySelectorAll<HTMLImageElement>('.jp-OutputArea-output img[src^="data:image/svg+xml"]');
            for (const img of Array.from(imgs)) {
              const svg = decodeURIComponent(img.src.slice(img.src.indexOf(",") + 1));
              const title = svg.match(/class="title"[^>]*>([^<]*)</)?.[1];
              if (title && seen.at(-1) !== title) seen.push(title);
            }
          };
          new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
        });
        const prompts = async () =>
          (await page.locator(`${f.panel} .jp-CodeCell .jp-InputArea-prompt`).allInnerTexts()).map((p) => p.trim());
        // Run > Run All Cells; once more if no cell has started within 30 s (a menu click lost on a loaded machine)
        for (let attempt = 1; ; attempt++) {
          await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
          await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
          const started = await expect
            .poll(async () => (await prompts()).some((p) => /\[(\*|\d+)\]/.test(p)), { timeout: 30_000, interval: 500 })
            .toBe(true)
            .then(() => true)
            .catch(() => false);
          if (started || attempt === 3) break;
          await page.keyboard.press("Escape");
        }
        await expect
          .poll(prompts, { timeout: 240_000, interval: 500 })
          .toEqual(["[1]", "[2]"].map((c) => expect.stringContaining(c)));
        // the final figure, drawn by the plotly package's renderer, in the one output of the chart's cell
        const outputs = page.locator(`${f.panel} .jp-CodeCell`).nth(1).locator(".jp-OutputArea-output");
        const shown = async () =>
          JSON.stringify(
            await outputs.evaluateAll((els) => els.map((e) => [e.getAttribute("data-mime-type"), e.textContent?.slice(0, 300)])),
          );
        await expect
          .poll(() => outputs.locator(".plot-container").count(), {
            timeout: 60_000,
            message: "a Plotly graph",
          })
          .toBe(1)
          .catch(async (e) => {
            throw new Error(`${e}; the cell's outputs: ${await shown()}`);
          });
        expect(await outputs.count()).toBe(1);
        expect(await outputs.first().getAttribute("class")).toContain("jp-RenderedPlotly"); // the renderer is the output
        await expect
          .poll(() => outputs.locator(".gtitle").textContent(), { timeout: 30_000 })
          .toBe(`Training: epoch ${LIVE_EPOCHS}`);
        expect(await outputs.locator('img[src^="data:image/svg+xml"]').count()).toBe(0);
        // on screen while it ran: the kernel's SVG, its title following the epochs (several seen, in order)
        const titles = await page.evaluate(() => (window as unknown as { liveTitles: string[] }).liveTitles);
        const epochs = titles.map((t) => Number(t.match(/^Training: epoch (\d+)$/)?.[1]));
        expect(titles.length, JSON.stringify(titles)).toBeGreaterThanOrEqual(2);
        expect(
          epochs.every((e) => e >= 1 && e <= LIVE_EPOCHS),
          JSON.stringify(titles),
        ).toBe(true);
        expect(epochs, JSON.stringify(titles)).toEqual([...epochs].sort((a, b) => a - b));
      } finally {
        await page.close();
      }
    }, 300_000);
  }

  it("nbconvert --to html of every saved copy shows every figure with scripts off, and no noise", async () => {
    expect(saved.length, "a front end's run failed").toBe(FRONT_ENDS.length * ROUNDS);
    console.log(`saved forms of the figures (MIME types: count): ${JSON.stringify(Object.fromEntries(forms))}`);
    // one nbconvert for all copies (a Python start each would cost more than the conversions)
    const conv = spawnSync(JUPYTER, ["nbconvert", "--to", "html", ...saved.map((s) => s.file)], {
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(conv.status, conv.stderr).toBe(0);
    for (const { file } of saved) {
      const htmlFile = file.replace(/\.ipynb$/, ".html");
      expect(readFileSync(htmlFile, "utf8")).not.toMatch(NOISE);
      const context = await session!.browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.route("**/*", (route) =>
          route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected"),
        );
        await page.goto(pathToFileURL(htmlFile).href);
        const images = page.locator('.jp-OutputArea-output img[src^="data:image/"]');
        expect(await images.count(), file).toBe(FIGURES);
        for (let i = 0; i < FIGURES; i++) {
          await expect.poll(() => images.nth(i).evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(300);
        }
        expect(await page.locator("body").innerText()).not.toMatch(NOISE);
      } finally {
        await context.close();
      }
    }
  }, 600_000);

  for (const f of FRONT_ENDS) {
    it(`nbconvert --to webpdf (Export as PDF) of the ${f.name}-saved file: every figure in the PDF, no noise`, () => {
      const file = saved.filter((s) => s.front === f.name).at(-1)?.file;
      expect(file, `the ${f.name} run failed`).toBeDefined();
      const conv = spawnSync(JUPYTER, ["nbconvert", "--to", "webpdf", "--WebPDFExporter.disable_sandbox=True", file!], {
        encoding: "utf8",
        timeout: 300_000,
        env: { ...process.env, ...webpdfEnv(PYTHON, session!.lab.home) },
      });
      expect(conv.status, conv.stderr).toBe(0);
      const pdf = file!.replace(/\.ipynb$/, ".pdf");
      const text = spawnSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
      expect(text.status, text.stderr).toBe(0);
      expect(text.stdout).not.toMatch(NOISE);
      // an SVG figure's title is text in the PDF; a PNG figure is an image in it
      const nb = JSON.parse(readFileSync(file!, "utf8")) as INotebookContent;
      const figures = nb.cells
        .flatMap((c) => (c.outputs as IOutput[] | undefined) ?? [])
        .filter((o) => o.output_type === "display_data") as IDisplayData[];
      const pngs = figures.filter((d) => d.data["image/svg+xml"] === undefined).length;
      figures.forEach((d, i) => {
        if (d.data["image/svg+xml"] !== undefined) expect(text.stdout).toContain(TITLES[i]);
      });
      if (pngs > 0) {
        const images = spawnSync("pdfimages", ["-list", pdf], { encoding: "utf8" });
        expect(images.status, images.stderr).toBe(0);
        expect(images.stdout.trim().split("\n").length - 2).toBeGreaterThanOrEqual(pngs);
      }
    }, 300_000);
  }
});
