// The Playground in a real JupyterLab (the project's .venv) and headless Chromium, offline: the output of playground()
// made by a real tslab kernel, in a trusted notebook, starts its panel; pressing play trains circles with 2-8-1 (epoch
// up, loss down, boundary redrawn) and JupyterLab's own shortcuts do not steal the panel's keys; the same in
// Notebook 7, served by the same server (/notebooks/...). In an untrusted copy no script runs and the static image of the starting state shows, with the line saying where the panel runs.
import type { ICell, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";
import { type JupyterLab, type LabSession, startLabSession, VISIBLE_PANEL as PANEL } from "../helpers/jupyterlab";
import { CIRCLES_2_8_1, panelState, playFor } from "./helpers";

const ROOT = resolve(__dirname, "..", "..");
const SCREENSHOTS = join(ROOT, "build", "screenshots", "playground");

describe("playground() in a real JupyterLab", () => {
  let session: LabSession | undefined;
  let lab: JupyterLab;
  let work = "";

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    session = await startLabSession({ name: "playground-lab" });
    ({ lab, work } = session);
    const kernel = await createZmqKernel({ cwd: work });
    const r = await kernel.execute(`import { playground } from "dl4nlp";
playground(${JSON.stringify(CIRCLES_2_8_1)});`);
    await kernel.shutdown();
    if (r.status !== "ok" || r.outputs.length !== 1)
      throw new Error(`kernel cell failed: ${JSON.stringify(r.outputs).slice(0, 800)}`);
    // the two copies differ (cell source), so trusting one does not trust the other: Jupyter's trust is a content hash
    const nb = (outputs: unknown[], source = "playground({ ... })"): INotebookContent => ({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      cells: [
        {
          id: "pg",
          cell_type: "code",
          source: source,
          metadata: {},
          execution_count: 1,
          outputs: outputs as IOutput[],
        } as ICell,
      ],
    });
    writeFileSync(join(work, "trusted.ipynb"), JSON.stringify(nb(r.outputs), null, 1));
    writeFileSync(
      join(work, "untrusted.ipynb"),
      JSON.stringify(nb(r.outputs, "// saved, never trusted\nplayground({ ... })"), null, 1),
    );
    lab.trust(join(work, "trusted.ipynb"));
  }, 180_000);

  afterAll(() => session?.close(), 60_000);

  const open = (name: string, ui: "lab" | "notebook" = "lab") =>
    lab.openOffline(session!.browser, join(work, name), { width: 1400, height: 1000 }, { ui });

  /** Play in a trusted notebook, then Enter on "Step": the checks shared by JupyterLab and Notebook 7. */
  async function playInTrusted(ui: "lab" | "notebook", screenshot: string) {
    const { page, errors, requests } = await open("trusted.ipynb", ui);
    const root = page.locator(`${PANEL} [data-playground]`);
    await root.locator(".pg-play").waitFor({ timeout: 60_000 });
    const { before, after } = await playFor(page, root, 6);
    expect(after.state.epoch).toBeGreaterThanOrEqual(6);
    expect(after.state.trainLoss).toBeLessThan(before.state.trainLoss);
    expect(after.image).not.toBe(before.image);
    // keys pressed in the panel are the panel's: Enter on "Step" steps, and does not put the cell into edit mode
    await root.locator(".pg-step").focus();
    await page.keyboard.press("Enter");
    expect((await panelState(root)).steps).toBe(after.state.steps + 1);
    expect(await page.locator(`${PANEL} .jp-Notebook.jp-mod-editMode`).count()).toBe(0);
    await page
      .locator(`${PANEL} .jp-Cell`)
      .first()
      .screenshot({ path: join(SCREENSHOTS, screenshot) });
    expect(requests.filter((u) => !u.startsWith(lab.base))).toEqual([]);
    // Notebook 7's own shell reports errors of its own while it starts (a settings schema, the file browser's
    // command, both thrown inside its bundle under /static/notebook/): none may come from elsewhere
    expect(ui === "lab" ? errors : errors.filter((e) => !e.includes(`${lab.base}/static/notebook/`))).toEqual([]);
    return page;
  }

  it("trusted: press play, the panel trains circles with 2-8-1 (epoch up, loss down, boundary redrawn)", async () => {
    await (await playInTrusted("lab", "jupyterlab.png")).close();
  }, 180_000);

  it("Notebook 7, trusted, from the same server: play trains it too, and the page is Notebook 7's", async () => {
    const installed = spawnSync(join(ROOT, ".venv", "bin", "python"), ["-c", "import notebook; print(notebook.__version__)"], {
      encoding: "utf8",
    });
    if (installed.status !== 0) throw new Error("the notebook package (Notebook 7) is missing: run kernel-setup/setup.sh");
    expect(Number(installed.stdout.trim().split(".")[0])).toBeGreaterThanOrEqual(7);
    const page = await playInTrusted("notebook", "notebook7.png");
    // Notebook 7's own shell (one document per page, no JupyterLab launcher or side bars)
    expect(await page.evaluate(() => document.body.dataset.notebook)).toBe("notebooks");
    await page.close();
  }, 180_000);

  it("untrusted: no script runs; the static image of the starting state and where the panel runs", async () => {
    const { page, errors } = await open("untrusted.ipynb");
    const img = page.locator(`${PANEL} .jp-OutputArea-output img[src^="data:image/svg+xml;base64,"]`);
    await img.first().waitFor({ state: "visible", timeout: 60_000 });
    expect(await img.first().evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(320);
    expect(await page.locator(`${PANEL} .jp-OutputArea-output`).first().textContent()).toContain(
      "Interactive Playground: it runs in JupyterLab and Notebook 7 (trusted notebook: run the cell)",
    );
    expect(await page.locator(`${PANEL} .pg-play`).count()).toBe(0);
    await page
      .locator(`${PANEL} .jp-Cell`)
      .first()
      .screenshot({ path: join(SCREENSHOTS, "jupyterlab-untrusted.png") });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
