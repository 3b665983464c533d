// The optimizers' update kernels (update.wat) in the browser build: `import "dl4nlp"` bundled by esbuild and run in
// real headless Chromium (offline) takes every optimizer's steps on the kernels with the same values as Node's, to the
// bit, and as the JavaScript loops in the same page.
import { build } from "esbuild";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../../lib/tools/render/chromium";
import { type StepsResult, steps } from "./fixtures/update-steps";

const ROOT = resolve(__dirname, "..", "..", "..", "..");
const FIXTURE = join(__dirname, "fixtures", "update-steps.ts");

describe("optimizer update kernels in the browser build", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium("/usr/bin/chromium");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("every optimizer's steps in headless Chromium equal Node's and the JavaScript loops' to the bit", async () => {
    const result = await build({
      entryPoints: [FIXTURE],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "fixture",
      write: false,
      logLevel: "silent",
      absWorkingDir: ROOT,
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.route("**/*", (route) => route.abort("internetdisconnected"));
    await page.setContent("<!doctype html><title>dl4nlp</title>");
    await page.addScriptTag({ content: result.outputFiles[0].text });
    const [onKernels, inJavaScript] = (await page.evaluate("[fixture.steps(true), fixture.steps(false)]")) as StepsResult[];
    await page.close();
    const inNode = steps(true); // Node: the kernels at their default threshold
    expect(errors).toEqual([]);
    expect([onKernels.kernels, inJavaScript.kernels, inNode.kernels]).toEqual([true, false, true]);
    expect(Object.keys(onKernels.after).length).toBeGreaterThanOrEqual(5);
    expect(onKernels.after).toEqual(inJavaScript.after);
    expect(onKernels.after).toEqual(inNode.after);
  }, 120_000);
});
