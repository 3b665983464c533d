// The Playground in real headless Chromium, offline: a panel made by playground() in a real tslab kernel, exported
// into a site page and a reveal.js deck by the project's own exporters, trains when play is pressed (epoch up, loss
// down on circles with 2-8-1, boundary image changed); works from the keyboard alone; gives the same losses as the
// "copy as code" cell run with the library's fit in Node (1e-12), for several settings; and where scripts cannot run
// shows the static image of its starting state with the line saying where it runs.
import type { ICell, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { transformSync } from "esbuild";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundBundle } from "../../lib/playground/display";
import { classCss } from "../../lib/playground/palette";
import type { PlaygroundOptions, PlaygroundSettings } from "../../lib/playground/settings";
import { exportPage } from "../../lib/tools/html/page";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";
import { launchChromium } from "../../lib/tools/render/chromium";
import { exportDeck } from "../../lib/tools/slides/deck";
import { deckReady, openOffline } from "../tools/slides/browser-helpers";
import { boundaryImage, CIRCLES_2_8_1, panelState, playFor } from "./helpers";

const ROOT = resolve(__dirname, "..", "..");
const SCREENSHOTS = join(ROOT, "build", "screenshots", "playground");

function notebook(outputs: IOutput[]): INotebookContent {
  const cell = (id: string, type: "markdown" | "code", source: string, extra: Partial<ICell> = {}) =>
    ({ id, cell_type: type, source, metadata: { slideshow: { slide_type: "slide" } }, ...extra }) as ICell;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "dl4nlp", display_name: "TypeScript (dl4nlp)", language: "typescript" } },
    cells: [
      cell("title", "markdown", "# Playground"),
      cell("intro", "markdown", "## Circles\n\nPress play."),
      cell("panel", "code", "playground({ ... })", { execution_count: 1, outputs }),
    ],
  };
}

/** A page holding one panel made by playground(settings), as the notebook output puts it in a page. */
const panelHtml = (settings: PlaygroundOptions) =>
  `<!doctype html><meta charset="utf-8"><body>${playgroundBundle(settings)["text/html"]}</body>`;

/** Runs the "copy as code" text in Node with the built library; its last line's losses. */
function runCopiedCode(code: string): { trainLoss: number; testLoss: number | null } {
  const last = "({ trainLoss: trainLoss, testLoss: testLoss });";
  expect(code.trim().endsWith(last)).toBe(true);
  const js = transformSync(code.replace(last, "module.exports = { trainLoss: trainLoss, testLoss: testLoss };"), {
    loader: "ts",
    format: "cjs",
  }).code;
  const lib = require(join(ROOT, "lib", "dist", "index.js"));
  const module = { exports: {} as { trainLoss: number; testLoss: number | null } };
  new Function("require", "module", "exports", js)(
    (id: string) => {
      if (id !== "dl4nlp") throw new Error(`the copied code imports ${id}`);
      return lib;
    },
    module,
    module.exports,
  );
  return module.exports;
}

describe("the Playground panel in headless Chromium, offline", () => {
  let browser: Browser;
  /** A new page with the network cut, holding one panel made from `settings`; the panel's root. */
  const offlinePanel = async (settings: PlaygroundOptions) => {
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.abort("internetdisconnected"));
    await page.setContent(panelHtml(settings));
    return { page, root: page.locator("[data-playground]") };
  };
  let work = "";
  let outputs: IOutput[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(join(ROOT, "build"), { recursive: true });
    work = mkdtempSync(join(ROOT, "build", "playground-pages-"));
    // the output as a notebook stores it: made by playground() in a real tslab kernel
    const kernel = await createZmqKernel({ cwd: work });
    const r = await kernel.execute(`import { playground } from "dl4nlp";
playground(${JSON.stringify({ ...CIRCLES_2_8_1, title: "Circles, 2-8-1" })});`);
    await kernel.shutdown();
    if (r.status !== "ok" || r.outputs.length !== 1)
      throw new Error(`kernel cell failed: ${JSON.stringify(r.outputs).slice(0, 800)}`);
    outputs = r.outputs as IOutput[];
    browser = await launchChromium("/usr/bin/chromium");
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function sitePage(): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
    const file = join(work, "page.html");
    writeFileSync(file, exportPage(notebook(outputs)).html);
    return openOffline(browser, file);
  }

  it("in an exported site page: play trains circles with 2-8-1 (epoch up, loss down, boundary redrawn)", async () => {
    const { page, errors, blocked } = await sitePage();
    const root = page.locator("[data-playground]");
    await root.locator(".pg-play").waitFor();
    // the static image gave way to the live panel
    expect(await page.locator(".dl4nlp-playground-static").count()).toBe(0);
    const { before, after } = await playFor(page, root, 8);
    expect(before.state.epoch).toBe(0);
    expect(after.state.epoch).toBeGreaterThanOrEqual(8);
    expect(after.state.trainLoss).toBeLessThan(before.state.trainLoss);
    expect(after.state.testLoss!).toBeLessThan(before.state.testLoss!);
    expect(after.image).not.toBe(before.image);
    await root.screenshot({ path: join(SCREENSHOTS, "site-page.png") });
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  }, 120_000);

  it("in an exported reveal.js deck: the panel fits the 1280×720 slide, and play trains it", async () => {
    const file = join(work, "deck.html");
    writeFileSync(file, exportDeck(notebook(outputs)).html);
    const { page, errors, blocked } = await openOffline(browser, file);
    await deckReady(page);
    await page.evaluate(() => {
      const reveal = (
        window as unknown as { Reveal: { getIndices(e: Element): { h: number; v: number }; slide(h: number, v: number): void } }
      ).Reveal;
      const section = document.querySelector("[data-playground]")!.closest("section")!;
      const { h, v } = reveal.getIndices(section);
      reveal.slide(h, v);
    });
    const root = page.locator("[data-playground]");
    await root.locator(".pg-play").waitFor({ state: "visible" });
    const box = (await root.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    const indices = await page.evaluate(() => (window as unknown as { Reveal: { getIndices(): unknown } }).Reveal.getIndices());
    // Space on the focused play button plays; it does not move the deck on
    await root.locator(".pg-play").focus();
    await page.keyboard.press("Space");
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-playground]")!.dataset.epoch) >= 5, null, {
      timeout: 60_000,
    });
    await page.keyboard.press("Space");
    expect(await page.evaluate(() => (window as unknown as { Reveal: { getIndices(): unknown } }).Reveal.getIndices())).toEqual(
      indices,
    );
    const state = await panelState(root);
    expect(state.playing).toBe(false);
    expect(state.epoch).toBeGreaterThanOrEqual(5);
    const { before, after } = await playFor(page, root, 3);
    expect(after.state.trainLoss).toBeLessThan(before.state.trainLoss);
    expect(after.image).not.toBe(before.image);
    await page.screenshot({ path: join(SCREENSHOTS, "deck.png") });
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.close();
  }, 120_000);

  it("three panels in one exported page and one deck: the panel script once, every panel starts, the last one trains", async () => {
    const cells: ICell[] = [{ id: "t", cell_type: "markdown", source: "# Three panels", metadata: {} } as ICell];
    const more: (Partial<PlaygroundSettings> & { preset?: string })[] = [{ preset: "xor-slides" }, { ...CIRCLES_2_8_1, seed: 9 }];
    const bundles: IOutput[][] = [
      outputs,
      ...more.map((o) => [{ output_type: "display_data", data: playgroundBundle(o), metadata: {} } as IOutput]),
    ];
    for (const [i, outs] of bundles.entries()) {
      cells.push({
        id: `p${i}`,
        cell_type: "code",
        source: "playground({ ... })",
        metadata: { slideshow: { slide_type: "slide" } },
        execution_count: i + 1,
        outputs: outs,
      } as ICell);
    }
    const nb: INotebookContent = { ...notebook([]), cells };
    const script = String(playgroundBundle(CIRCLES_2_8_1)["text/html"])
      .split("<script data-dl4nlp-once>")[1]
      .split("</script>")[0];
    expect(script.length).toBeGreaterThan(10_000);
    for (const [name, html] of [
      ["three-page.html", exportPage(nb).html],
      ["three-deck.html", exportDeck(nb).html],
    ] as const) {
      expect(html.split(script).length - 1).toBe(1);
      const file = join(work, name);
      writeFileSync(file, html);
      const { page, errors, blocked } = await openOffline(browser, file);
      const roots = page.locator("[data-playground]");
      await expect.poll(() => page.locator("[data-playground] .pg-play").count(), { timeout: 60_000 }).toBe(3);
      expect(await page.locator(".dl4nlp-playground-static").count()).toBe(0);
      // the last panel (after the only copy of the script in the document) plays
      const last = roots.nth(2);
      await last.evaluate((e) => (e as HTMLElement & { playground: { play(): void } }).playground.play());
      await page.waitForFunction((e) => Number((e as HTMLElement).dataset.epoch) >= 2, await last.elementHandle(), {
        timeout: 60_000,
      });
      await last.evaluate((e) => (e as HTMLElement & { playground: { pause(): void } }).playground.pause());
      expect((await panelState(roots.nth(0))).epoch).toBe(0);
      expect(errors).toEqual([]);
      expect(blocked).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it("keyboard only: Tab reaches every control, Enter/Space run them, the network and data change", async () => {
    const { page, errors } = await sitePage();
    const root = page.locator("[data-playground]");
    await root.locator(".pg-play").waitFor();
    const focusOn = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        if (await root.locator(selector).evaluate((e) => e === document.activeElement)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    // every control has an accessible name
    const unnamed = await root.evaluate((r) =>
      Array.from(r.querySelectorAll("button, select, input, textarea"))
        .filter((e) => {
          const id = e.id;
          const labelled = id && r.querySelector(`label[for="${id}"]`);
          return !labelled && !e.getAttribute("aria-label") && !(e.textContent ?? "").trim();
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    await focusOn(".pg-step");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Space");
    expect((await panelState(root)).steps).toBe(2);
    await focusOn(".pg-epoch-button");
    await page.keyboard.press("Enter");
    expect((await panelState(root)).epoch).toBe(1);
    await focusOn('button[aria-label="add a unit to hidden layer 1"]');
    await page.keyboard.press("Enter");
    const grown = await panelState(root);
    expect(grown.settings.hidden).toEqual([9]);
    expect(grown.epoch).toBe(0); // a new network starts over
    await focusOn('button[aria-label="add a hidden layer"]');
    await page.keyboard.press("Enter");
    expect((await panelState(root)).settings.hidden).toEqual([9, 4]);
    const dataSelect = root.locator("select").nth(2);
    await focusOn("select >> nth=2");
    await page.keyboard.press("ArrowDown"); // circles → XOR
    expect((await panelState(root)).settings.data).toBe("xor");
    await page.keyboard.press("ArrowUp");
    expect(await dataSelect.inputValue()).toBe("circles");
    await focusOn(".pg-play");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("[data-playground]")!.dataset.epoch) >= 2);
    await page.keyboard.press("Enter");
    expect((await panelState(root)).playing).toBe(false);
    // the focus ring is visible (not the browser default only): an outline of 3px
    expect(await root.locator(".pg-play").evaluate((e) => getComputedStyle(e).outlineWidth)).toBe("3px");
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("the same losses as the copied code trained with fit in Node (1e-12), for several settings, mid-epoch steps too", async () => {
    const variants: (Partial<PlaygroundSettings> & { preset?: string })[] = [
      { ...CIRCLES_2_8_1 },
      {
        data: "moons",
        hidden: [6, 4],
        activation: "relu",
        output: "tanh-mse",
        optimizer: "adam",
        lr: 0.01,
        batchSize: 7,
        l2: 0.001,
        seed: 11,
      },
      { data: "iris", irisFeatures: [0, 2], hidden: [5], optimizer: "momentum", lr: 0.05, batchSize: 16, seed: 5 },
      { preset: "xor-slides" },
      {
        data: "spirals",
        points: 150,
        noise: 0.3,
        hidden: [8, 8],
        activation: "sigmoid",
        testFraction: 0.3,
        batchSize: 150,
        seed: 9,
      },
    ];
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.abort("internetdisconnected"));
    for (const settings of variants) {
      await page.setContent(panelHtml(settings));
      const root = page.locator("[data-playground]");
      await root.locator(".pg-step").click();
      await root.locator(".pg-step").click();
      for (let e = 0; e < 4; e++) await root.locator(".pg-epoch-button").click();
      const state = await panelState(root);
      // 2 steps, then 4 × "to the end of the epoch" (a full batch is one step per epoch)
      expect(state.epoch, JSON.stringify(settings)).toBe(settings.batchSize === 150 || "preset" in settings ? 6 : 4);
      const code = await root.locator(".pg-code-text").inputValue();
      const node = runCopiedCode(code);
      expect(Math.abs(state.trainLoss - node.trainLoss), JSON.stringify(settings)).toBeLessThanOrEqual(1e-12);
      if (node.testLoss === null) expect(state.testLoss).toBeNull();
      else expect(Math.abs(state.testLoss! - node.testLoss), JSON.stringify(settings)).toBeLessThanOrEqual(1e-12);
    }
    await page.close();
  }, 120_000);

  it("settings read from the panel restore the same state in a new panel", async () => {
    const { page, root } = await offlinePanel(CIRCLES_2_8_1);
    await root.getByLabel("activation", { exact: true }).selectOption("relu");
    await root.locator(".pg-epoch-button").click();
    const first = await panelState(root);
    const text = await root.locator(".pg-settings-text").inputValue();
    await page.setContent(panelHtml({}));
    const fresh = page.locator("[data-playground]");
    await fresh.locator("summary").first().click();
    await fresh.locator(".pg-settings-text").fill(text);
    await fresh.getByRole("button", { name: "restore the panel from the settings text" }).click();
    await fresh.locator(".pg-epoch-button").click();
    const restored = await panelState(fresh);
    expect(restored.settings).toEqual(first.settings);
    expect(restored.trainLoss).toBe(first.trainLoss);
    // a broken setting is refused with a message naming it
    await fresh.locator(".pg-settings-text").fill('{"lr": -1}');
    await fresh.getByRole("button", { name: "restore the panel from the settings text" }).click();
    expect(await fresh.locator(".pg-message").textContent()).toContain("lr must be a number in [0, 100]");
    await page.close();
  }, 60_000);

  it("where scripts cannot run: the static image of the starting state and one line saying where it runs", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route("**/*", (route) =>
      route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected"),
    );
    const file = join(work, "page.html");
    writeFileSync(file, exportPage(notebook(outputs)).html);
    await page.goto(`file://${file}`);
    const image = page.locator(".dl4nlp-playground-static img");
    expect(await image.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(320);
    expect(await page.locator(".dl4nlp-playground-static p").textContent()).toMatch(
      /^Interactive Playground: it runs in JupyterLab/,
    );
    await page.locator(".dl4nlp-playground").screenshot({ path: join(SCREENSHOTS, "static.png") });
    await context.close();
    // deterministic: the same settings give the same bytes
    expect(playgroundBundle(CIRCLES_2_8_1)["text/html"]).toBe(playgroundBundle(CIRCLES_2_8_1)["text/html"]);
  }, 60_000);

  it("a learning rate that diverges: the panel stops, marks data-diverged and says why", async () => {
    const { page, root } = await offlinePanel({
      data: "circles",
      hidden: [8],
      activation: "relu",
      output: "identity-mse",
      lr: 20,
    });
    await root.locator(".pg-play").click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-playground]")!.dataset.diverged === "true",
      null,
      {
        timeout: 60_000,
      },
    );
    expect((await panelState(root)).playing).toBe(false);
    expect(await root.locator(".pg-message").textContent()).toMatch(/^Diverged: .*the learning rate is (probably )?too large/);
    // a smaller one trains again after the change
    await root.getByLabel("learning rate η", { exact: true }).fill("0.01");
    await root.getByLabel("learning rate η", { exact: true }).press("Tab");
    await root.locator(".pg-epoch-button").click();
    expect(await root.evaluate((e: HTMLElement) => e.dataset.diverged)).toBeUndefined();
    expect(Number.isFinite((await panelState(root)).trainLoss)).toBe(true);
    await page.close();
  }, 60_000);

  it("the slides' XOR network: solved at the start (loss 0), h-space shown, edges drawn from its weights; a unit removed starts afresh", async () => {
    const { page, root } = await offlinePanel({ preset: "xor-slides" });
    expect((await panelState(root)).trainLoss).toBe(0);
    expect(await root.locator("canvas.pg-hspace").isVisible()).toBe(true);
    // the diagram's edges: width by |w| (the largest 4.5 px), colour by sign, the weight in the tooltip under the pointer
    const { weights, edges } = await root.evaluate((e) => {
      const net = (
        e as HTMLElement & { playground: { trainer: { net: { layers: { W: { value: { data: Float64Array } } }[] } } } }
      ).playground.trainer.net;
      return {
        weights: net.layers.flatMap((l) => Array.from(l.W.value.data)),
        edges: Array.from(e.querySelectorAll(".pg-diagram svg line")).map((line) => {
          line.dispatchEvent(new Event("pointerover", { bubbles: true }));
          return {
            title: line.querySelector("title")!.textContent,
            width: Number(line.getAttribute("stroke-width")),
            stroke: line.getAttribute("stroke"),
          };
        }),
      };
    });
    expect(edges.length).toBe(weights.length);
    const largest = Math.max(...weights.map(Math.abs));
    weights.forEach((w, k) => {
      expect(edges[k].title).toMatch(new RegExp(`^w = ${w.toPrecision(4).replace(/[.+-]/g, "\\$&")} \\(layer `));
      expect(edges[k].stroke).toBe(classCss(w >= 0 ? 1 : 0));
      expect(edges[k].width).toBeCloseTo(0.5 + (4 * Math.abs(w)) / largest, 0);
    });
    expect(edges.filter((edge) => edge.width === 4.5).length).toBeGreaterThan(0);
    await root.getByRole("button", { name: "remove a unit from hidden layer 1" }).click();
    const state = await panelState(root);
    expect(state.settings.hidden).toEqual([1]);
    expect(state.settings.weights).toBeUndefined(); // the slides' weights no longer fit: seeded ones instead
    expect(state.trainLoss).toBeGreaterThan(0);
    expect(await root.locator(".pg-message").textContent()).toBe("");
    expect(await root.locator("canvas.pg-hspace").isVisible()).toBe(false);
    await page.close();
  }, 60_000);

  it("perceptron mode replays the slides' trace (w ← w + η y x as trainPerceptron computes it); its η is lr, old eta restores", async () => {
    const { page, root } = await offlinePanel({ preset: "perceptron-slides" });
    const before = await boundaryImage(root);
    await root.locator(".pg-step").click();
    // sample x0 = (1, 1, 3), y = +1, w = (0, −1, 1): w·x = 2 > 0, no update; then x1 = (1, 5, 4): w·x = −1 → update
    expect(await root.locator(".pg-perceptron").textContent()).toContain("w·x = 2, y w·x = 2 > 0: no update");
    await root.locator(".pg-step").click();
    expect(await root.locator(".pg-perceptron").textContent()).toContain(
      "w ← w + η y x = (0, -1, 1) + 0.5·(+1)·(1, 5, 4) = (0.5, 1.5, 3)",
    );
    expect(await boundaryImage(root)).not.toBe(before);
    await root.locator(".pg-play").click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-playground]")!.dataset.playing === "false",
      null,
      {
        timeout: 60_000,
      },
    );
    // the slides' run: converged after 15 epochs with w = (0.5, −5, 9.5)
    expect((await panelState(root)).epoch).toBe(15);
    expect(await root.locator(".pg-perceptron").textContent()).toContain("(0.5, -5, 9.5)");
    // one learning rate η in both modes; one left at its mode's default follows the mode (0.5 here, 0.1 for a network)
    const lr = root.getByLabel("learning rate η");
    expect(await lr.inputValue()).toBe("0.5");
    await root.getByLabel("mode").selectOption("network");
    expect(await lr.inputValue()).toBe("0.1");
    expect((await panelState(root)).settings).toMatchObject({ data: "perceptron" });
    expect((await panelState(root)).settings).not.toHaveProperty("lr");
    await root.getByLabel("mode").selectOption("perceptron");
    expect(await lr.inputValue()).toBe("0.5");
    // settings text saved before the rename, with perceptron mode's η as `eta`, restores that η
    await root.getByText("Settings (readable, restorable)").click();
    const old = { mode: "perceptron", data: "perceptron", testFraction: 0, lr: 0.05, eta: 0.25 };
    await root.getByLabel("settings as JSON").fill(JSON.stringify(old));
    await root.getByRole("button", { name: "restore the panel from the settings text" }).click();
    expect(await lr.inputValue()).toBe("0.25");
    expect((await panelState(root)).settings).toEqual({ mode: "perceptron", data: "perceptron", testFraction: 0, lr: 0.25 });
    await root.locator(".pg-step").click();
    await root.locator(".pg-step").click();
    expect(await root.locator(".pg-perceptron").textContent()).toContain(
      "w ← w + η y x = (0, -1, 1) + 0.25·(+1)·(1, 5, 4) = (0.25, 0.25, 2)",
    );
    await page.close();
  }, 90_000);
});
