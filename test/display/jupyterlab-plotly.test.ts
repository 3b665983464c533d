// The fallback of show(): in a real JupyterLab (pip, the project's .venv, the `plotly` package's extension turned off)
// on 127.0.0.1 and headless Chromium, offline: a figure output made by a real tslab kernel draws in a trusted notebook
// with plotly.js fetched ONCE from the server's files/ endpoint (never a CDN, never inlined); a saved, untrusted copy
// with its static images runs no script. (test/notebooks/jupyterlab.test.ts runs whole course notebooks in the UI.)
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";
import { addStaticFigures } from "../../lib/tools/render";
import { type JupyterLab, type LabSession, startLabSession, VISIBLE_PANEL as PANEL } from "../helpers/jupyterlab";
import { PLOTLY_REL } from "./page-helpers";

const ROOT = resolve(__dirname, "..", "..");
const SCREENSHOTS = join(ROOT, "build", "screenshots", "display");

describe("show() in a real JupyterLab", () => {
  let session: LabSession | undefined;
  let lab: JupyterLab;
  let work = "";

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // the loader is what this file tests: the plotly package's renderer is turned off, and so are the kernel's own images
    session = await startLabSession({
      name: "display-lab",
      disabledExtensions: ["jupyterlab-plotly", "@jupyterlab/plotly-extension"],
    });
    ({ lab, work } = session);
    // two figures made by a real tslab kernel working in the notebook's folder, as under Jupyter
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
    lab.trust(join(work, "trusted.ipynb"));
  }, 180_000);

  afterAll(() => session?.close(), 60_000);

  const open = (name: string) => lab.openOffline(session!.browser, join(work, name), { width: 1300, height: 1100 });

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
    expect(plotly[0].startsWith(`${lab.base}/files/${PLOTLY_REL}`)).toBe(true);
    expect(requests.filter((u) => !u.startsWith(lab.base))).toEqual([]);
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
