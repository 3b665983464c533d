// The Playground in a real JupyterLab (the project's .venv) and headless Chromium, offline: the output of playground()
// made by a real tslab kernel, in a trusted notebook, starts its panel; pressing play trains circles with 2-8-1 (epoch
// up, loss down, boundary redrawn) and JupyterLab's own shortcuts do not steal the panel's keys; the same in
// Notebook 7, served by the same server (/notebooks/...). In an untrusted copy
// no script runs and the static image of the starting state shows, with the line saying where the panel runs.
import type { ICell, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";
import { launchChromium } from "../../lib/tools/render/chromium";
import { jupyterLabArgs } from "../helpers/jupyterlab";
import { CIRCLES_2_8_1, panelState, playFor } from "./helpers";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const SCREENSHOTS = join(ROOT, "build", "screenshots", "playground");
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

describe("playground() in a real JupyterLab", () => {
  let server: ChildProcess | undefined;
  let log = "";
  let browser: Browser | undefined;
  let home = "";
  let work = "";
  let base = "";
  let token = "";

  beforeAll(async () => {
    if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh`);
    home = mkdtempSync(join(tmpdir(), "dl4nlp-playground-lab-"));
    mkdirSync(join(ROOT, "build"), { recursive: true });
    work = mkdtempSync(join(ROOT, "build", "playground-lab-"));
    mkdirSync(SCREENSHOTS, { recursive: true });
    const env = {
      ...process.env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_PLATFORM_DIRS: "1",
    };
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

  /** Opens a notebook of the work folder in JupyterLab ("lab") or, from the same server, in Notebook 7 ("notebook"). */
  async function open(name: string, ui: "lab" | "notebook" = "lab") {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${e}\n${e.stack ?? ""}`));
    const requests: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith(base) ? route.continue() : route.abort("internetdisconnected");
    });
    const path = relative(ROOT, join(work, name));
    await page.goto(ui === "lab" ? `${base}/lab/tree/${path}?reset&token=${token}` : `${base}/notebooks/${path}?token=${token}`);
    await page.locator(`${PANEL} .jp-OutputArea-output`).first().waitFor({ state: "attached", timeout: 60_000 });
    return { page, errors, requests };
  }

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
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    // Notebook 7's own shell reports errors of its own while it starts (a settings schema, the file browser's
    // command, both thrown inside its bundle under /static/notebook/): none may come from elsewhere
    expect(ui === "lab" ? errors : errors.filter((e) => !e.includes(`${base}/static/notebook/`))).toEqual([]);
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
