// The fallback of show(): in a real JupyterLab (pip, the project's .venv, the `plotly` package's extension turned off)
// on 127.0.0.1 and headless Chromium, offline: a figure output made by a real tslab kernel draws in a trusted notebook
// with plotly.js fetched ONCE from the server's files/ endpoint (never a CDN, never inlined); a saved, untrusted copy
// with its static images runs no script. (test/notebooks/jupyterlab.test.ts runs whole course notebooks in the UI.)
import { jupyterLabArgs } from "../helpers/jupyterlab";
import { PLOTLY_REL } from "./page-helpers";
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";
import { addStaticFigures, launchChromium } from "../../lib/tools/render";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const SCREENSHOTS = join(ROOT, "build", "screenshots", "display");
/** The notebook panel on screen (JupyterLab may restore other notebooks of the workspace in hidden tabs). */
const PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => res(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

describe("show() in a real JupyterLab", () => {
  let server: ChildProcess | undefined;
  let log = "";
  let browser: Browser | undefined;
  let home = "";
  let work = "";
  let base = "";
  let token = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh`);
    home = mkdtempSync(join(tmpdir(), "dl4nlp-display-lab-"));
    mkdirSync(join(ROOT, "build"), { recursive: true });
    work = mkdtempSync(join(ROOT, "build", "display-lab-"));
    mkdirSync(SCREENSHOTS, { recursive: true });
    env = {
      ...process.env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_PLATFORM_DIRS: "1",
    };
    // two figures made by a real tslab kernel working in the notebook's folder, as under Jupyter
    // the loader is what this file tests: the plotly package's renderer is turned off, and so are the kernel's own images
    mkdirSync(join(home, "config", "labconfig"), { recursive: true });
    writeFileSync(
      join(home, "config", "labconfig", "page_config.json"),
      // JupyterLab matches plugin ids, and the package "jupyterlab-plotly" names its renderer plugin
      // "@jupyterlab/plotly-extension:factory": the package name alone leaves the renderer on
      JSON.stringify({ disabledExtensions: { "jupyterlab-plotly": true, "@jupyterlab/plotly-extension": true } }),
    );
    const kernel = await createZmqKernel({ cwd: work, env: { ...process.env, DL4NLP_LIVE_STATIC_FIGURES: "0" } });
    const r = await kernel.execute(`import { show, softmaxBars, lossCurves } from "dl4nlp";
show(softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]));
show(lossCurves({ loss: [1, 0.5, 0.3], accuracy: [0.4, 0.8, 0.9] }));`);
    const m = await kernel.execute(`import { showMatrix, Tensor } from "dl4nlp";
showMatrix(Tensor.from([[0, -1], [1, 0], [1, 0], [2, 1]]), { name: "XW" });`);
    await kernel.shutdown();
    if (r.status !== "ok" || r.outputs.length !== 2)
      throw new Error(`kernel cell failed: ${JSON.stringify(r.outputs).slice(0, 500)}`);
    if (m.status !== "ok" || m.outputs.length !== 1)
      throw new Error(`matrix cell failed: ${JSON.stringify(m.outputs).slice(0, 500)}`);
    const nb = (outputs: unknown[]): INotebookContent => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      cells: [
        { id: "fig", cell_type: "code", source: "show(...)", metadata: {}, execution_count: 1, outputs } as ICell,
        { id: "mat", cell_type: "code", source: "showMatrix(XW)", metadata: {}, execution_count: 2, outputs: m.outputs } as ICell,
      ],
    });
    writeFileSync(join(work, "trusted.ipynb"), JSON.stringify(nb(r.outputs), null, 1));
    const saved = nb(JSON.parse(JSON.stringify(r.outputs)));
    const result = await addStaticFigures(saved);
    if (result.rendered !== 2) throw new Error(`addStaticFigures: ${JSON.stringify(result)}`);
    writeFileSync(join(work, "untrusted.ipynb"), JSON.stringify(saved, null, 1));
    const trust = spawnSync(JUPYTER, ["trust", join(work, "trusted.ipynb")], { env, encoding: "utf8" });
    if (trust.status !== 0) throw new Error(`jupyter trust failed: ${trust.stderr}`);

    const port = await freePort();
    token = randomBytes(24).toString("hex");
    base = `http://127.0.0.1:${port}`;
    server = spawn(JUPYTER, jupyterLabArgs({ port: port, token: token, root: ROOT, home: home }), {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d) => {
      log += d;
    });
    server.stderr?.on("data", (d) => {
      log += d;
    });
    const end = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`jupyter lab exited:\n${log}`);
      if (Date.now() > end) throw new Error(`jupyter lab did not start:\n${log}`);
      try {
        if ((await fetch(`${base}/api/status?token=${token}`)).ok) break;
      } catch {
        // not yet listening
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchChromium("/usr/bin/chromium");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      process.kill(-server.pid, "SIGTERM");
      const timer = setTimeout(() => server?.pid && server.exitCode === null && process.kill(-server.pid, "SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (home) rmSync(home, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  async function open(name: string) {
    const page = await browser!.newPage({ viewport: { width: 1300, height: 1100 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const requests: string[] = [];
    // offline: only the Jupyter server answers
    await page.route("**/*", (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith(base) ? route.continue() : route.abort("internetdisconnected");
    });
    await page.goto(`${base}/lab/tree/${relative(ROOT, join(work, name))}?reset&token=${token}`);
    await page.locator(`${PANEL} .jp-OutputArea-output`).first().waitFor({ state: "attached", timeout: 60_000 });
    return { page, errors, requests };
  }

  it("trusted: the HTML output draws with plotly.js loaded once from <baseUrl>files/ (no CDN)", async () => {
    const { page, errors, requests } = await open("trusted.ipynb");
    const outputs = page.locator(`${PANEL} .jp-OutputArea-output`);
    await page.locator(`${PANEL} .dl4nlp-figure .main-svg`).nth(1).waitFor({ state: "attached", timeout: 60_000 });
    expect(await outputs.evaluateAll((els) => els.map((e) => e.getAttribute("data-mime-type")))).toEqual([
      "text/html",
      "text/html",
      "text/latex",
    ]);
    expect(await page.locator(`${PANEL} .dl4nlp-figure-error`).count()).toBe(0);
    // the matrix is typeset by JupyterLab's MathJax
    await page
      .locator(`${PANEL} .jp-OutputArea-output[data-mime-type="text/latex"] mjx-container`)
      .first()
      .waitFor({ timeout: 30_000 });
    await page
      .locator(`${PANEL} .jp-Cell`)
      .nth(1)
      .screenshot({ path: join(SCREENSHOTS, "jupyterlab-matrix.png") });
    const plotly = requests.filter((u) => /plotly(\.min)?\.js/.test(u));
    expect(plotly).toHaveLength(1);
    expect(plotly[0].startsWith(`${base}/files/${PLOTLY_REL}`)).toBe(true);
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    await page
      .locator(`${PANEL} .jp-Cell`)
      .first()
      .screenshot({ path: join(SCREENSHOTS, "jupyterlab-trusted.png") });
    expect(errors).toEqual([]);
  }, 180_000);

  it("untrusted saved copy without the plotly package: no script runs; JupyterLab shows no untrusted SVG, so the summary", async () => {
    const { page, errors } = await open("untrusted.ipynb");
    const outputs = page.locator(`${PANEL} .jp-OutputArea-output`);
    await expect
      .poll(() => outputs.evaluateAll((els) => els.map((e) => e.getAttribute("data-mime-type"))), { timeout: 60_000 })
      .toEqual(["text/plain", "text/plain", "text/latex"]);
    expect(await outputs.first().innerText()).toMatch(/^Figure "/);
    expect(await page.locator(`${PANEL} script`).count()).toBe(0);
    expect(await page.locator(`${PANEL} .js-plotly-plot`).count()).toBe(0); // plotly did not run: untrusted
    await page
      .locator(`${PANEL} .jp-Cell`)
      .first()
      .screenshot({ path: join(SCREENSHOTS, "jupyterlab-untrusted.png") });
    expect(errors).toEqual([]);
  }, 180_000);
});
