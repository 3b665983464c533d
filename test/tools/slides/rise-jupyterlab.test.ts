// Live presenting: JupyterLab (from pip, the project's .venv) with jupyterlab-rise on 127.0.0.1, a course notebook
// opened in headless Chromium, RISE's "Render as slideshow" button clicked in the notebook's toolbar: RISE shows the
// same horizontal and vertical slides as the deck `dl4nlp slides` exports from the same slideshow metadata.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { deckCounts, deckStructure } from "../../../lib/tools/slides/structure";
import { jupyterLabArgs } from "../../helpers/jupyterlab";

const ROOT = resolve(__dirname, "..", "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const NOTEBOOKS = ["03-xor.ipynb", "09-iris.ipynb"];
const SCREENSHOTS = join(ROOT, "build", "screenshots");

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

describe("RISE in JupyterLab shows the course notebooks' slides as the exported decks do", () => {
  let server: ChildProcess | undefined;
  let log = "";
  let browser: Browser | undefined;
  let base = "";
  let token = "";
  let home = "";
  let work = "";

  beforeAll(async () => {
    if (!existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run kernel-setup/setup.sh`);
    const list = spawnSync(JUPYTER, ["labextension", "list"], { encoding: "utf8" });
    if (!`${list.stdout}${list.stderr}`.includes("jupyterlab-rise")) {
      throw new Error("jupyterlab-rise is not installed in .venv: run kernel-setup/setup.sh (kernel-setup/requirements.txt)");
    }
    home = mkdtempSync(join(tmpdir(), "dl4nlp-rise-"));
    const prefix = join(home, "prefix");
    const install = spawnSync(process.execPath, [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`kernel-setup/install.mjs --prefix failed: ${install.stderr}`);
    // copies in a throwaway folder inside the project: RISE may save the notebook, notebooks/ must stay untouched
    mkdirSync(join(ROOT, "build"), { recursive: true });
    work = mkdtempSync(join(ROOT, "build", "rise-test-"));
    for (const nb of NOTEBOOKS) copyFileSync(join(ROOT, "notebooks", nb), join(work, nb));
    const port = await freePort();
    token = randomBytes(24).toString("hex");
    base = `http://127.0.0.1:${port}`;
    server = spawn(JUPYTER, jupyterLabArgs({ port, token, root: ROOT, home }), {
      cwd: ROOT,
      detached: true,
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
      log += d;
    });
    server.stderr?.on("data", (d) => {
      log += d;
    });
    const end = Date.now() + 90_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`jupyter lab exited with ${server.exitCode}:\n${log}`);
      try {
        if ((await fetch(`${base}/api/status?token=${token}`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > end) throw new Error(`jupyter lab did not answer within 90 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    browser = await launchChromium("/usr/bin/chromium");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      process.kill(-server.pid, "SIGTERM");
      const timer = setTimeout(() => {
        if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (home) rmSync(home, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  for (const nb of NOTEBOOKS) {
    it(`${nb}: RISE's slideshow (toolbar button in JupyterLab) has the deck's horizontal and vertical slides`, async () => {
      const notebook = JSON.parse(readFileSync(join(ROOT, "notebooks", nb), "utf8")) as INotebookContent;
      const expected = deckCounts(deckStructure(notebook.cells));
      const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
      const path = relative(ROOT, join(work, nb));
      // a fresh workspace per notebook, so the toolbar button belongs to this notebook and no earlier panel is restored
      await page.goto(`${base}/lab/workspaces/rise-${nb.replace(/\W/g, "")}/tree/${path}?reset&token=${token}`);
      await page.waitForSelector(".jp-Notebook", { timeout: 90_000 });
      const button = page.locator('[data-command="RISE:preview"]').first();
      await button.waitFor({ timeout: 60_000 });
      await button.click();
      // this notebook's RISE panel (JupyterLab's workspace may still hold the one of the notebook before, hidden)
      const frame = await (
        await page.waitForSelector(`iframe[src*="/rise/"][src*="${nb}"]`, { state: "visible", timeout: 60_000 })
      ).contentFrame();
      expect(frame).not.toBeNull();
      await frame!.waitForFunction(() => document.querySelectorAll(".reveal .slides > section").length > 0, undefined, {
        timeout: 120_000,
      });
      // RISE builds its sections as the notebook renders: read until two reads a second apart agree
      const read = () =>
        frame!.evaluate(() => {
          const stacks = Array.from(document.querySelectorAll(".reveal .slides > section"));
          const vertical = stacks.map((s) => Math.max(1, s.querySelectorAll(":scope > section").length));
          return { horizontal: stacks.length, vertical, slides: vertical.reduce((a, b) => a + b, 0) };
        });
      let seen = await read();
      for (let i = 0; i < 60; i++) {
        await page.waitForTimeout(1000);
        const again = await read();
        if (JSON.stringify(again) === JSON.stringify(seen)) break;
        seen = again;
      }
      expect(seen).toEqual({ horizontal: expected.horizontal, vertical: expected.vertical, slides: expected.slides });
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `rise-${nb.replace(/\.ipynb$/, "")}.png`) });
      await page.close();
    }, 240_000);
  }
});
