// `import "dl4nlp"` bundled for the browser by esbuild (as a user's project would: through the package's "browser"
// export condition) has no Node built-in, mathjs, Graphviz or Plotly on its path, the numerical core stays small, and
// an MLP trained in real headless Chromium (offline) gives the same losses and weights as in Node, WebAssembly kernel
// included. The rule this keeps for everyone: nothing reachable from lib/core.ts or lib/browser.ts imports a Node
// built-in, not even through a lazy require() inside a function (bundlers follow those too).
import { build, type Metafile } from "esbuild";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../lib/tools/render/chromium";
import { type TrainResult, trainMlp } from "./fixtures/train-mlp";

const ROOT = resolve(__dirname, "..", "..");
const CORE_LIMIT = 300 * 1024;
const NODE_ONLY = ["mathjs", "@viz-js/viz", "plotly.js-dist", "plotly.js-dist-min", "tslab", "playwright-core", "zeromq"];

async function bundle(entry: { contents: string } | string, options: { minify?: boolean; globalName?: string } = {}) {
  const result = await build({
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: join(ROOT, "test", "playground"), loader: "ts" } }),
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: options.globalName,
    minify: options.minify ?? true,
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: ROOT,
  });
  return { code: result.outputFiles[0].text, metafile: result.metafile as Metafile };
}

/** The packages and files a bundle pulled in. */
function inputsOf(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs);
}

function nodeOnlyInputs(metafile: Metafile): string[] {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  return inputsOf(metafile).filter(
    (p) => builtins.has(p) || p.startsWith("node:") || NODE_ONLY.some((pkg) => p.includes(`node_modules/${pkg}/`)),
  );
}

describe("the browser build of dl4nlp", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium("/usr/bin/chromium");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('import "dl4nlp" and "dl4nlp/core" bundle with --platform=browser with nothing Node-only on the path', async () => {
    for (const entry of ['export * from "dl4nlp";', 'export * from "dl4nlp/core";']) {
      const { metafile } = await bundle({ contents: entry });
      expect(nodeOnlyInputs(metafile), entry).toEqual([]);
      // the browser condition chose the browser entry, not the Node one
      expect(inputsOf(metafile).some((p) => p.endsWith("lib/dist/index.js"))).toBe(false);
    }
  });

  it("the numerical core (tensors, autograd, layers, losses, optimizers, fit, data) is at most 300 KB minified", async () => {
    const { code } = await bundle({ contents: 'export * from "dl4nlp/core";' });
    expect(code.length).toBeLessThanOrEqual(CORE_LIMIT);
    expect(code.length).toBeGreaterThan(20_000); // it is the library, not an empty shell
  });

  it("the browser entry exports everything the Node entry does except the Node-only parts it names", () => {
    const node = Object.keys(require(join(ROOT, "lib", "dist", "index.js")));
    const web = new Set(Object.keys(require(join(ROOT, "lib", "dist", "browser.js"))));
    const nodeOnly = node.filter((name) => !web.has(name)).sort();
    expect(nodeOnly).toEqual(
      [
        ...["toMathjs", "fromMathjs", "toLatex"],
        ...["computationGraph", "computationGraphDot"],
        ...Object.keys(require(join(ROOT, "lib", "dist", "display", "index.js"))),
      ]
        .filter((name) => node.includes(name))
        .sort(),
    );
  });

  it("an MLP trained in headless Chromium (offline) gives Node's losses and weights to 1e-12, on the wasm kernel", async () => {
    const { code } = await bundle(join(ROOT, "test", "playground", "fixtures", "train-mlp.ts"), { globalName: "fixture" });
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.route("**/*", (route) => {
      requests.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    await page.setContent("<!doctype html><title>dl4nlp</title>");
    await page.addScriptTag({ content: code });
    const inBrowser = (await page.evaluate("fixture.trainMlp()")) as TrainResult;
    await page.close();
    const inNode = trainMlp();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(inBrowser.wasm).toBe(true);
    expect(inNode.wasm).toBe(true);
    expect(inBrowser.losses.length).toBe(25);
    expect(inBrowser.losses[24]).toBeLessThan(inBrowser.losses[0]);
    for (let i = 0; i < inNode.losses.length; i++)
      expect(Math.abs(inBrowser.losses[i] - inNode.losses[i])).toBeLessThanOrEqual(1e-12);
    expect(inBrowser.weights.length).toBe(inNode.weights.length);
    for (let i = 0; i < inNode.weights.length; i++)
      expect(Math.abs(inBrowser.weights[i] - inNode.weights[i])).toBeLessThanOrEqual(1e-12);
  }, 120_000);
});
