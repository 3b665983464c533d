// As a student would: JupyterLab (from pip, the project's .venv) on 127.0.0.1 with the project's kernelspec and no
// extra extensions, a course notebook opened in headless Chromium, Run > Run All Cells clicked in the menu, then:
// no cell failed, the Plotly figures are drawn (.main-svg), the formulas are typeset (MathJax), and a screenshot is
// kept under build/screenshots/. The server and the browser are started and stopped by this file.
import { jupyterLabArgs } from "../helpers/jupyterlab";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../lib/tools/render/chromium";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
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

/** A free TCP port on 127.0.0.1, chosen by the OS. */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

async function waitForServer(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`jupyter lab exited with ${server.exitCode}:\n${log()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter lab did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}

describe("a course notebook in JupyterLab, run through the UI in headless Chromium", () => {
  let server: ChildProcess | undefined;
  let serverLog = "";
  let browser: Browser | undefined;
  let page: Page;
  let base = "";
  let token = "";
  let home = "";
  let work = "";
  const consoleErrors: string[] = [];
  let ran = false;
  let stderr: string[] = [];

  beforeAll(async () => {
    if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (kernel-setup/setup.sh)`);
    // Jupyter's own folders (config, data, runtime, settings) in a temp dir, so nothing of the user's is read or written;
    // the kernelspec is installed there by the project's installer.
    home = mkdtempSync(join(tmpdir(), "dl4nlp-lab-"));
    const prefix = join(home, "prefix");
    const install = spawnSync(process.execPath, [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`kernel-setup/install.mjs --prefix failed: ${install.stderr}`);
    // Notebook-wide setting: render every cell (no windowing), so all outputs are in the DOM to be checked.
    const settings = join(home, "settings", "@jupyterlab", "notebook-extension");
    mkdirSync(settings, { recursive: true });
    writeFileSync(join(settings, "tracker.jupyterlab-settings"), JSON.stringify({ windowingMode: "none" }));
    // and no "get notified about Jupyter news?" toast over the screenshot
    const apputils = join(home, "settings", "@jupyterlab", "apputils-extension");
    mkdirSync(apputils, { recursive: true });
    writeFileSync(join(apputils, "notification.jupyterlab-settings"), JSON.stringify({ fetchNews: "false" }));
    // The server is started in the project root, as a student would (the HTML fallback of a figure loads plotly.js from
    // node_modules through the server's /files/ route). The notebook is copied into a throwaway folder inside the
    // project (so `import ... from "dl4nlp"` resolves through node_modules as from notebooks/), never run in place:
    // autosave must not touch notebooks/.
    mkdirSync(join(ROOT, "build"), { recursive: true });
    work = mkdtempSync(join(ROOT, "build", "jupyterlab-test-"));
    copyFileSync(SOURCE, join(work, NOTEBOOK));

    const port = await freePort();
    token = randomBytes(24).toString("hex");
    base = `http://127.0.0.1:${port}`;
    server = spawn(JUPYTER, jupyterLabArgs({ port: port, token: token, root: ROOT, home: home }), {
      cwd: ROOT,
      detached: true, // own process group, so afterAll can end the server together with its kernels
      env: {
        ...process.env,
        JUPYTER_PATH: join(prefix, "share", "jupyter"),
        JUPYTER_CONFIG_DIR: join(home, "config"),
        JUPYTER_DATA_DIR: join(home, "data"),
        JUPYTER_RUNTIME_DIR: join(home, "runtime"),
        JUPYTER_PLATFORM_DIRS: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d) => {
      serverLog += d;
    });
    server.stderr?.on("data", (d) => {
      serverLog += d;
    });
    await waitForServer(`${base}/api/status?token=${token}`, server, () => serverLog, 60_000);

    const specs = await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json();
    if (!specs.kernelspecs?.dl4nlp) throw new Error(`the server does not list the dl4nlp kernelspec: ${JSON.stringify(specs)}`);

    browser = await launchChromium(CHROMIUM);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      process.kill(-server.pid, "SIGTERM"); // the server shuts its kernels down on SIGTERM
      const timer = setTimeout(() => {
        if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (home) rmSync(home, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it(`runs ${NOTEBOOK} with Run > Run All Cells in the menu, on the dl4nlp kernel`, async () => {
    await page.goto(`${base}/lab/tree/${relative(ROOT, join(work, NOTEBOOK))}?token=${token}`);
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
    // rest of the queue, and tslab reports the error as stderr text only.
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

  it("no cell failed (tslab reports type errors and exceptions as stderr text only)", () => {
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
