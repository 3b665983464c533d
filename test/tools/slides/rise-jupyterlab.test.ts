// Live presenting: JupyterLab (from pip, the project's .venv) with jupyterlab-rise on 127.0.0.1, a course notebook
// opened in headless Chromium, RISE's "Render as slideshow" button clicked in the notebook's toolbar: RISE shows the
// same horizontal and vertical slides as the deck `dl4nlp slides` exports from the same slideshow metadata.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deckCounts, deckStructure } from "../../../lib/tools/slides/structure";
import { JUPYTER } from "../../helpers/jupyter";
import { type LabSession, startLabSession } from "../../helpers/jupyterlab";

const ROOT = resolve(__dirname, "..", "..", "..");
const NOTEBOOKS = ["03-xor.ipynb", "09-iris.ipynb"];
const SCREENSHOTS = join(ROOT, "build", "screenshots");

describe("RISE in JupyterLab shows the course notebooks' slides as the exported decks do", () => {
  let session: LabSession | undefined;

  beforeAll(async () => {
    const list = spawnSync(JUPYTER, ["labextension", "list"], { encoding: "utf8" });
    if (!`${list.stdout}${list.stderr}`.includes("jupyterlab-rise")) {
      throw new Error("jupyterlab-rise is not installed in .venv: run kernel-setup/setup.sh (kernel-setup/requirements.txt)");
    }
    session = await startLabSession({ name: "rise-test", kernelspec: true });
    // copies in the session's throwaway folder: RISE may save the notebook, notebooks/ must stay untouched
    for (const nb of NOTEBOOKS) copyFileSync(join(ROOT, "notebooks", nb), join(session.work, nb));
  }, 180_000);

  afterAll(() => session?.close(), 60_000);

  for (const nb of NOTEBOOKS) {
    it(`${nb}: RISE's slideshow (toolbar button in JupyterLab) has the deck's horizontal and vertical slides`, async () => {
      const notebook = JSON.parse(readFileSync(join(ROOT, "notebooks", nb), "utf8")) as INotebookContent;
      const expected = deckCounts(deckStructure(notebook.cells));
      const { lab, browser, work } = session!;
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // a fresh workspace per notebook, so the toolbar button belongs to this notebook and no earlier panel is restored
      await page.goto(lab.treeUrl(join(work, nb), { workspace: `rise-${nb.replace(/\W/g, "")}`, reset: true }));
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
