#!/usr/bin/env node
// The Playground benchmark (issue 16): in headless Chromium (Debian's, offline), a 2-8-8-1 tanh network on 500 circle
// points, mini-batches of 10, the decision boundary redrawn on a 100×100 grid every frame (plus every unit's own
// 100×100 map, the loss curves and the diagram's weights). Figures: frames/s and optimizer steps/s while playing
// (requestAnimationFrame, so at most the display rate), and uncapped (frames computed back to back); the bundle
// sizes (the panel script, the numerical core, the browser entry; minified and gzipped); the page weight of a deck
// with three panels. Nothing here asserts anything.
//
//   node test/bench/playground.bench.mjs       (after npm run build)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const outDir = join(root, "build", "bench", "playground");
mkdirSync(outDir, { recursive: true });
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

const { playgroundBundle } = require(join(root, "lib", "dist", "index.js"));
const { exportDeck } = require(join(root, "lib", "dist", "tools", "slides", "deck.js"));
const { launchChromium } = require(join(root, "lib", "dist", "tools", "render", "chromium.js"));

const row = (r) => console.log(`BENCH_ROW ${JSON.stringify(r)}`);
const kb = (n) => Math.round(n / 102.4) / 10;

// 1. bundle sizes
const panel = readFileSync(join(root, "lib", "dist", "playground", "panel.js"));
async function minified(contents) {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    absWorkingDir: root,
    logLevel: "silent",
  });
  return Buffer.from(r.outputFiles[0].text);
}
const core = await minified('export * from "dl4nlp/core";');
const web = await minified('export * from "dl4nlp";');
for (const [name, bytes] of [
  ["panel script (core + panel, one output)", panel],
  ["numerical core (dl4nlp/core)", core],
  ['browser entry (import "dl4nlp")', web],
]) {
  row({ case: name, unit: "KB", minified: kb(bytes.length), gzip: kb(gzipSync(bytes).length) });
}

// 2. page weight of a deck with three panels (and of the same deck without them)
const cell = (id, source, outputs) => ({
  id,
  cell_type: outputs ? "code" : "markdown",
  source,
  metadata: { slideshow: { slide_type: "slide" } },
  ...(outputs ? { execution_count: 1, outputs } : {}),
});
const output = (settings) => ({ output_type: "display_data", data: playgroundBundle(settings), metadata: {} });
const panels = [{ preset: "perceptron-slides" }, { preset: "xor-slides" }, { data: "circles", hidden: [8], activation: "tanh" }];
const deckOf = (withPanels) => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [cell("t", "# Three panels"), ...panels.map((s, i) => cell(`p${i}`, "playground(...)", withPanels ? [output(s)] : []))],
});
const deck = Buffer.from(exportDeck(deckOf(true)).html);
const bare = Buffer.from(exportDeck(deckOf(false)).html);
writeFileSync(join(outDir, "three-panels.html"), deck);
row({ case: "deck with three panels", unit: "KB", minified: kb(deck.length), gzip: kb(gzipSync(deck).length) });
row({ case: "the same deck without the panels", unit: "KB", minified: kb(bare.length), gzip: kb(gzipSync(bare).length) });

// 3. frames and steps per second in headless Chromium
const settings = {
  data: "circles",
  points: 500,
  testFraction: 0,
  noise: 0.1,
  hidden: [8, 8],
  activation: "tanh",
  optimizer: "sgd",
  lr: 0.1,
  batchSize: 10,
  grid: 100,
  stepsPerFrame: 10,
  seed: 1,
};
const page = join(outDir, "speed.html");
writeFileSync(page, `<!doctype html><meta charset="utf-8"><body>${playgroundBundle(settings)["text/html"]}</body>`);
const browser = await launchChromium("/usr/bin/chromium");
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await tab.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector("[data-playground] .pg-play");
  for (const steps of [10, 50]) {
    // playing: requestAnimationFrame drives the frames
    const playing = await tab.evaluate(
      async ([steps, ms]) => {
        const root = document.querySelector("[data-playground]");
        const p = root.playground;
        p.reset({ ...p.getSettings(), stepsPerFrame: steps });
        const [f0, s0, t0] = [p.frames, p.trainer.steps, performance.now()];
        p.play();
        await new Promise((r) => setTimeout(r, ms));
        p.pause();
        const t = (performance.now() - t0) / 1000;
        return { fps: (p.frames - f0) / t, sps: (p.trainer.steps - s0) / t };
      },
      [steps, seconds * 1000],
    );
    row({ case: `playing, ${steps} steps/frame, 100×100 boundary`, unit: "frames/s", dl4nlp: playing.fps });
    row({ case: `playing, ${steps} steps/frame, 100×100 boundary`, unit: "steps/s", dl4nlp: playing.sps });
    // uncapped: the same frames back to back (what one frame costs)
    const uncapped = await tab.evaluate(
      ([steps, ms]) => {
        const p = document.querySelector("[data-playground]").playground;
        p.reset({ ...p.getSettings(), stepsPerFrame: steps });
        const [f0, s0, t0] = [p.frames, p.trainer.steps, performance.now()];
        while (performance.now() - t0 < ms) p.runSteps(steps, false);
        const t = (performance.now() - t0) / 1000;
        return { fps: (p.frames - f0) / t, sps: (p.trainer.steps - s0) / t };
      },
      [steps, (seconds * 1000) / 2],
    );
    row({ case: `uncapped, ${steps} steps/frame, 100×100 boundary`, unit: "frames/s", dl4nlp: uncapped.fps });
    row({ case: `uncapped, ${steps} steps/frame, 100×100 boundary`, unit: "steps/s", dl4nlp: uncapped.sps });
  }
  // training alone, no drawing
  const trainOnly = await tab.evaluate(
    (ms) => {
      const p = document.querySelector("[data-playground]").playground;
      p.reset();
      const t = p.trainer;
      const [s0, t0] = [t.steps, performance.now()];
      while (performance.now() - t0 < ms) for (let i = 0; i < 50; i++) t.step();
      return (t.steps - s0) / ((performance.now() - t0) / 1000);
    },
    (seconds * 1000) / 2,
  );
  row({ case: "training only (no drawing)", unit: "steps/s", dl4nlp: trainOnly });
} finally {
  await browser.close();
}
// 4. the same frame's computation in Node, in CPU time (process.cpuUsage), which this machine's load does not stretch
// as it stretches wall-clock time: 10 optimizer steps, the losses, the 100×100 grid through the network, the boundary
// and the 16 units' maps (canvas drawing excluded)
{
  const { Trainer } = require(join(root, "lib", "dist", "playground", "trainer.js"));
  const grid = require(join(root, "lib", "dist", "playground", "grid.js"));
  const { normalizeSettings } = require(join(root, "lib", "dist", "playground", "settings.js"));
  const s = normalizeSettings(settings);
  const t = new Trainer(s);
  const X = grid.gridInputs(grid.boundsOf([t.data.xTrain]), s.grid);
  const frame = () => {
    for (let i = 0; i < 10; i++) t.step();
    t.trainLoss();
    const outs = grid.layerOutputs(t.net, X);
    grid.boundaryPixels(s.output, outs[outs.length - 1]);
    for (let l = 0; l < 2; l++) for (let j = 0; j < 8; j++) grid.unitPixels(outs[l], j, s.grid, 4);
  };
  for (let i = 0; i < 20; i++) frame();
  const c0 = process.cpuUsage();
  let frames = 0;
  const w0 = performance.now();
  while (performance.now() - w0 < seconds * 500) {
    frame();
    frames++;
  }
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000 / frames;
  row({ case: "one frame's computation (Node, 10 steps/frame)", unit: "CPU ms", dl4nlp: cpuMs });
  row({ case: "frames/s that CPU time allows on one free core", unit: "frames/s", dl4nlp: 1000 / cpuMs });
}
// the machine's load while measuring: frames/s scale with the share of the 2 cores this process got
row({ case: "load average (1 min) at the end", unit: "processes", dl4nlp: loadavg()[0] });
