// As a student would: JupyterLab (from pip, the project's .venv) on 127.0.0.1 with the project's kernelspec and no
// extra extensions, a course notebook opened in headless Chromium, Run > Run All Cells clicked in the menu, then:
// no cell failed, the Plotly figures are drawn (.main-svg), the formulas are typeset (MathJax), and a screenshot is
// kept under build/screenshots/. The server and the browser are started and stopped by this file.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabSession, startLabSession } from "../helpers/jupyterlab";

const ROOT = resolve(__dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
/** The course notebook opened in the browser: it has Plotly figures, LaTeX in markdown and LaTeX matrix outputs. */
const SOURCE = resolve(ROOT, "notebooks", process.env.DL4NLP_LAB_NOTEBOOK ?? "09-iris.ipynb");
const NOTEBOOK = basename(SOURCE);
/** What the notebook's code displays, so the checks below apply to the notebooks that have such outputs. */
const CODE = existsSync(SOURCE)
  ? (JSON.parse(readFileSync(SOURCE, "utf8")).cells as { cell_type: string; source: string | string[] }[])
      .filter((c) => c.cell_type === "code")
      .map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source))
      .join("\n")
  : "";
const SHOWS_FIGURES = /\bshow\((?!await computationGraph)/.test(CODE) || /\bliveChart\(/.test(CODE);
const SHOWS_MATRICES = /\bshowMatrix\(/.test(CODE);
const SCREENSHOTS = join(ROOT, "build", "screenshots");

describe("a course notebook in JupyterLab, run through the UI in headless Chromium", () => {
  let session: LabSession | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  let ran = false;
  let stderr: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (kernel-setup/setup.sh)`);
    // The server is started in the project root, as a student would (the HTML fallback of a figure loads plotly.js from
    // node_modules through the server's /files/ route). The notebook is copied into a throwaway folder inside the
    // project (so `import ... from "dl4nlp"` resolves through node_modules as from notebooks/), never run in place:
    // autosave must not touch notebooks/.
    // Jupyter's own folders (config, data, runtime, settings) in a temp dir, so nothing of the user's is read or written;
    // the kernelspec is installed there by the project's installer
    session = await startLabSession({
      name: "jupyterlab-test",
      kernelspec: true,
      settings: {
        // render every cell (no windowing), so all outputs are in the DOM to be checked
        "@jupyterlab/notebook-extension:tracker": { windowingMode: "none" },
        // and no "get notified about Jupyter news?" toast over the screenshot
        "@jupyterlab/apputils-extension:notification": { fetchNews: "false" },
      },
    });
    const { lab, browser, work } = session;
    copyFileSync(SOURCE, join(work, NOTEBOOK));
    const specs = await (await fetch(`${lab.base}/api/kernelspecs?token=${lab.token}`)).json();
    if (!specs.kernelspecs?.dl4nlp) throw new Error(`the server does not list the dl4nlp kernelspec: ${JSON.stringify(specs)}`);

    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
  }, 180_000);

  afterAll(() => session?.close(), 60_000); // the server shuts its kernels down on SIGTERM

  it(`runs ${NOTEBOOK} with Run > Run All Cells in the menu, on the dl4nlp kernel`, async () => {
    await page.goto(session!.lab.treeUrl(join(session!.work, NOTEBOOK)));
    const notebook = page.locator(".jp-NotebookPanel");
    await notebook.waitFor({ state: "visible", timeout: 60_000 });
    // the kernel named in the notebook's metadata is started without asking
    await expect
      .poll(async () => page.locator(".jp-NotebookPanel .jp-Toolbar-kernelName").textContent(), { timeout: 60_000 })
      .toContain("TypeScript (dl4nlp)");
    await expect
      .poll(async () => page.locator(".jp-NotebookPanel [data-status]").first().getAttribute("data-status"), {
        timeout: 60_000,
      })
      .toBe("idle");

    // Run > Run All Cells, through the menu bar like a student
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();

    const codeCells = page.locator(".jp-NotebookPanel .jp-CodeCell");
    const total = await codeCells.count();
    expect(total).toBeGreaterThan(5);
    // Done when every code cell shows an execution count ("[12]:"), or when a cell failed: JupyterLab then drops the
    // rest of the queue; JupyterLab shows an error output (the kernel's `error` message) and stderr text alike with the
    // stderr MIME type.
    const stderrOutputs = page.locator(
      '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
    );
    await expect
      .poll(
        async () => {
          const prompts = await page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt").allInnerTexts();
          const busy = prompts.some((p) => p.includes("*"));
          if (!busy && (await stderrOutputs.count()) > 0) return "failed";
          return prompts.filter((p) => /\[\d+\]/.test(p)).length === total ? "done" : "running";
        },
        { timeout: 300_000, interval: 1000 },
      )
      .not.toBe("running");

    ran = true;
    // plotly.js loads and draws asynchronously: give the figures up to 30 s (settled = drawn or failed), then go on
    const settled = async () =>
      (await page.locator(".jp-NotebookPanel .jp-OutputArea-output .main-svg").count()) +
      (await page.locator(".jp-NotebookPanel .dl4nlp-figure-error").count());
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await settled()) === 0) await page.waitForTimeout(500);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const firstPlot = page.locator(".jp-NotebookPanel .main-svg").first();
    if ((await firstPlot.count()) > 0) await firstPlot.scrollIntoViewIfNeeded();
    const artifact = join(SCREENSHOTS, `jupyterlab-${NOTEBOOK.replace(/\.ipynb$/, "")}`);
    await page.screenshot({ path: `${artifact}.png` });
    writeFileSync(`${artifact}.html`, await page.content()); // the DOM as drawn, to see why a check failed

    stderr = await stderrOutputs.allInnerTexts();
  }, 400_000);

  it("no cell failed (no error output, no stderr text)", () => {
    expect(ran, "the notebook did not run").toBe(true);
    expect(stderr, "cells that wrote to stderr").toEqual([]);
  });

  it.skipIf(!SHOWS_FIGURES)("draws the Plotly figures (plotly.js's .main-svg in the outputs)", async () => {
    expect(ran, "the notebook did not run").toBe(true);
    const drawn = await page.locator(".jp-NotebookPanel .jp-OutputArea-output .main-svg").count();
    const notDrawn = await page.locator(".jp-NotebookPanel .dl4nlp-figure-error").allInnerTexts();
    expect(notDrawn, `console errors: ${consoleErrors.join("\n")}`).toEqual([]);
    expect(drawn).toBeGreaterThan(0);
  });

  it("typesets the formulas of the markdown cells (MathJax), none left as raw $$", async () => {
    expect(ran, "the notebook did not run").toBe(true);
    expect(await page.locator(".jp-NotebookPanel .jp-MarkdownCell mjx-container").count()).toBeGreaterThan(5);
    const texts = await page.locator(".jp-NotebookPanel .jp-MarkdownCell .jp-RenderedMarkdown").allInnerTexts();
    expect(
      texts.filter((t) => t.includes("$$")),
      "markdown cells with raw $$ left",
    ).toEqual([]);
  });

  it.skipIf(!SHOWS_MATRICES)("typesets the LaTeX of matrix outputs (showMatrix) with MathJax", async () => {
    expect(ran, "the notebook did not run").toBe(true);
    expect(await page.locator(".jp-NotebookPanel .jp-OutputArea-output mjx-container").count()).toBeGreaterThan(0);
  });
});
