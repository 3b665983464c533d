#!/usr/bin/env node
// The Playground benchmark (issue 16): in headless Chromium (Debian's, offline), a 2-8-8-1 tanh network on 500 circle
// points, mini-batches of 10, the decision boundary redrawn on a 100×100 grid every frame (plus every unit's own
// 100×100 map, the loss curves and the diagram's weights). Figures: frames/s and optimizer steps/s while playing
// (requestAnimationFrame, so at most the display rate), and uncapped (frames computed back to back), each also as
// Chromium's CPU time per frame; the bundle sizes (the panel script, the numerical core, the browser entry; minified
// and gzipped); the page weight of a deck with three panels. Nothing here asserts anything.
//
//   node test/bench/playground.bench.mjs       (after npm run build)
//   BENCH_PLAYGROUND_BASELINE=../old/lib/dist/playground/panel.js node test/bench/playground.bench.mjs
//                                              (also that build's panel, in the same run, as "before")
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

// 3. frames, steps and CPU time per frame in headless Chromium, for this build's panel ("dl4nlp") and, when
// BENCH_PLAYGROUND_BASELINE names another build's lib/dist/playground/panel.js, for that one ("before") in the same
// run, the two in interleaved rounds (BENCH_ROUNDS, default 3; the median of the rounds is reported). CPU time is
// every Chromium process's (SystemInfo.getProcessInfo, 10 ms resolution) over the frames drawn, and the playing
// tab's main thread's alone: figures this machine's load stretches less than wall-clock frames/s (not at all, it
// does not: per-second work of the browser and GPU processes falls on fewer frames when frames are slow, and CPU
// contention slows every instruction; compare "dl4nlp" with "before" within one run).
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
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const panelHtml = playgroundBundle(settings)["text/html"];
const rootHtml = panelHtml.slice(0, panelHtml.lastIndexOf("<script"));
const variants = [["dl4nlp", panel.toString("utf8")]];
if (process.env.BENCH_PLAYGROUND_BASELINE) variants.push(["before", readFileSync(process.env.BENCH_PLAYGROUND_BASELINE, "utf8")]);
const results = new Map(); // case → unit → variant → values of the rounds
const record = (name, unit, variant, v) => {
  const key = `${name}\u0000${unit}`;
  if (!results.has(key)) results.set(key, new Map());
  const m = results.get(key);
  if (!m.has(variant)) m.set(variant, []);
  m.get(variant).push(v);
};
const browser = await launchChromium("/usr/bin/chromium");
try {
  const cdp = await browser.newBrowserCDPSession();
  const cpuSeconds = async () => {
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    return processInfo.reduce((s, p) => s + p.cpuTime, 0);
  };
  // CPU seconds of each renderer's main thread (JavaScript, style, layout, paint recording: what one frame waits
  // for), from Linux's /proc/<pid>/task/<pid>/stat (utime + stime in clock ticks of 10 ms); the busiest renderer
  // over a measurement is the playing tab's
  const mainThreads = async () => {
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    const seconds = new Map();
    for (const p of processInfo.filter((p) => p.type === "renderer")) {
      try {
        const stat = readFileSync(`/proc/${p.id}/task/${p.id}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        seconds.set(p.id, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // not on Linux, or the process ended
      }
    }
    return seconds;
  };
  const busiest = (before, after) => Math.max(0, ...[...after].map(([id, s]) => s - (before.get(id) ?? 0)));
  const tabs = new Map();
  for (const [name, script] of variants) {
    const file = join(outDir, `speed-${name}.html`);
    const safe = script.replace(/<\/script/gi, "<\\/script");
    writeFileSync(file, `<!doctype html><meta charset="utf-8"><body>${rootHtml}<script>${safe}</script></body>`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    await tab.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    await tab.goto(pathToFileURL(file).href);
    await tab.waitForSelector("[data-playground] .pg-play");
    tabs.set(name, tab);
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, tab] of tabs) {
      await tab.bringToFront();
      for (const steps of [10, 50]) {
        // playing: requestAnimationFrame drives the frames, each one presented
        const m0 = await mainThreads();
        let c0 = await cpuSeconds();
        const playing = await tab.evaluate(
          async ([steps, ms]) => {
            const p = document.querySelector("[data-playground]").playground;
            p.reset({ ...p.getSettings(), stepsPerFrame: steps });
            const [f0, s0, t0] = [p.frames, p.trainer.steps, performance.now()];
            p.play();
            await new Promise((r) => setTimeout(r, ms));
            p.pause();
            const t = (performance.now() - t0) / 1000;
            return { frames: p.frames - f0, fps: (p.frames - f0) / t, sps: (p.trainer.steps - s0) / t };
          },
          [steps, seconds * 1000],
        );
        const playingCpu = ((await cpuSeconds()) - c0) * 1000;
        const mainCpu = busiest(m0, await mainThreads()) * 1000;
        const what = `playing, ${steps} steps/frame, 100×100 boundary`;
        record(what, "CPU ms/frame", name, playingCpu / playing.frames);
        if (mainCpu > 0) record(what, "main-thread CPU ms/frame", name, mainCpu / playing.frames);
        record(what, "frames/s by CPU", name, (1000 * playing.frames) / playingCpu);
        record(what, "frames/s", name, playing.fps);
        record(what, "steps/s", name, playing.sps);
        // uncapped: the same frames back to back
        c0 = await cpuSeconds();
        const uncapped = await tab.evaluate(
          ([steps, ms]) => {
            const p = document.querySelector("[data-playground]").playground;
            p.reset({ ...p.getSettings(), stepsPerFrame: steps });
            const [f0, s0, t0] = [p.frames, p.trainer.steps, performance.now()];
            while (performance.now() - t0 < ms) p.runSteps(steps, false);
            const t = (performance.now() - t0) / 1000;
            return { frames: p.frames - f0, fps: (p.frames - f0) / t, sps: (p.trainer.steps - s0) / t };
          },
          [steps, (seconds * 1000) / 2],
        );
        const uncappedCpu = ((await cpuSeconds()) - c0) * 1000;
        const back = `uncapped, ${steps} steps/frame, 100×100 boundary`;
        record(back, "CPU ms/frame", name, uncappedCpu / uncapped.frames);
        record(back, "frames/s", name, uncapped.fps);
        record(back, "steps/s", name, uncapped.sps);
      }
      // the biggest network the panel allows (6 hidden layers of 16 relu units: 96 unit maps, ~1,300 edges), playing
      {
        const c0 = await cpuSeconds();
        const big = await tab.evaluate(async (ms) => {
          const p = document.querySelector("[data-playground]").playground;
          p.reset({ ...p.getSettings(), hidden: [16, 16, 16, 16, 16, 16], activation: "relu", stepsPerFrame: 10 });
          const f0 = p.frames;
          p.play();
          await new Promise((r) => setTimeout(r, ms));
          p.pause();
          return p.frames - f0;
        }, seconds * 1000);
        const what = "playing 2-16×6-1 relu, 10 steps/frame, 100×100 boundary";
        record(what, "CPU ms/frame", name, (((await cpuSeconds()) - c0) * 1000) / big);
      }
      // training alone, no drawing
      const c0 = await cpuSeconds();
      const trainOnly = await tab.evaluate(
        (ms) => {
          const p = document.querySelector("[data-playground]").playground;
          p.reset();
          const t = p.trainer;
          const [s0, t0] = [t.steps, performance.now()];
          while (performance.now() - t0 < ms) for (let i = 0; i < 50; i++) t.step();
          return { steps: t.steps - s0, sps: (t.steps - s0) / ((performance.now() - t0) / 1000) };
        },
        (seconds * 1000) / 2,
      );
      const trainCpu = ((await cpuSeconds()) - c0) * 1000;
      record("training only (no drawing)", "steps/s", name, trainOnly.sps);
      record("training only (no drawing)", "steps/s by CPU", name, (1000 * trainOnly.steps) / trainCpu);
    }
  }
} finally {
  await browser.close();
}
const median = (vs) => {
  const s = [...vs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [key, byVariant] of results) {
  const [name, unit] = key.split("\u0000");
  row({ case: name, unit, ...Object.fromEntries([...byVariant].map(([v, vs]) => [v, median(vs)])) });
}
// 4. the same frame's computation in Node, in CPU time (process.cpuUsage): 10 optimizer steps, the losses, the
// 100×100 grid through the network, the boundary and the 16 units' maps (canvas drawing excluded). "dl4nlp": the
// panel's way (GridForward: reused buffers, the pictures' tanh); "before": the grid through layerOutputs (exact
// tanh, fresh tensors), as the panel did before.
{
  const { Trainer } = require(join(root, "lib", "dist", "playground", "trainer.js"));
  const grid = require(join(root, "lib", "dist", "playground", "grid.js"));
  const { GridForward } = require(join(root, "lib", "dist", "playground", "grid-forward.js"));
  const { normalizeSettings } = require(join(root, "lib", "dist", "playground", "settings.js"));
  const s = normalizeSettings(settings);
  const cpuMs = {};
  for (const variant of ["dl4nlp", "before"]) {
    const t = new Trainer(s);
    const X = grid.gridInputs(grid.boundsOf([t.data.xTrain]), s.grid);
    const forward = new GridForward(X);
    const boundary = new Uint8ClampedArray(s.grid * s.grid * 4);
    const maps = Array.from({ length: 16 }, () => new Uint8ClampedArray(25 * 25 * 4));
    const frame =
      variant === "dl4nlp"
        ? () => {
            for (let i = 0; i < 10; i++) t.step();
            t.trainLoss();
            const outs = forward.run(t.net);
            grid.boundaryPixels(s.output, outs[outs.length - 1], boundary);
            for (let l = 0; l < 2; l++) for (let j = 0; j < 8; j++) grid.unitPixels(outs[l], j, s.grid, 4, maps[l * 8 + j]);
          }
        : () => {
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
    while (performance.now() - w0 < seconds * 250) {
      frame();
      frames++;
    }
    const c = process.cpuUsage(c0);
    cpuMs[variant] = (c.user + c.system) / 1000 / frames;
  }
  row({ case: "one frame's computation (Node, 10 steps/frame)", unit: "CPU ms", ...cpuMs });
}
// the machine's load while measuring: wall-clock frames/s scale with the share of the 2 cores this process got
row({ case: "load average (1 min) at the end", unit: "processes", dl4nlp: loadavg()[0] });
