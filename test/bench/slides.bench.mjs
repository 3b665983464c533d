#!/usr/bin/env node
// The slides benchmark (issue 6): `dl4nlp slides` against `jupyter nbconvert --to slides` (and `dl4nlp html` against
// `jupyter nbconvert --to html`) on the same executed course
// notebook (03 · XOR, executed once by `dl4nlp run` into build/bench/slides/). Figures: median wall-clock seconds of
// BENCH_RUNS runs (default 3) of each exporter as a fresh process, the deck's size, and what the deck does offline in
// headless Chromium from file:// (every other request blocked): whether reveal.js starts, and how many Plotly
// figures are drawn. Nothing here asserts anything.
//
//   node test/bench/slides.bench.mjs       (after npm run build)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findJupyter } from "../../kernel-setup/jupyter.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const outDir = join(root, "build", "bench", "slides");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const source = join(root, "notebooks", "03-xor.ipynb");
const executed = join(outDir, "03-xor.ipynb");
const bin = join(root, "lib", "bin", "dl4nlp.js");
mkdirSync(outDir, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed(cmd, args, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: root, ...opts });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return s;
}

// 1. the executed notebook (the runner, once; reused while newer than the source)
if (!existsSync(executed) || statSync(executed).mtimeMs < statSync(source).mtimeMs) {
  console.log(`executing ${source} with dl4nlp run ...`);
  timed(process.execPath, [bin, "run", source, "--out", outDir]);
}

// 2. dl4nlp slides, a fresh process each run
const oursDir = join(outDir, "dl4nlp");
const ours = [];
for (let i = 0; i < runs; i++) {
  rmSync(oursDir, { recursive: true, force: true });
  ours.push(timed(process.execPath, [bin, "slides", executed, "--out", oursDir, "--no-execute"]));
}
const oursFile = join(oursDir, "03-xor.html");

// 3. jupyter nbconvert --to slides
const theirs = [];
let theirsFile = null;
let jupyter = null;
try {
  jupyter = findJupyter().jupyter;
} catch (err) {
  console.log(`nbconvert not measured: ${err.message}`);
}
if (jupyter) {
  const theirsDir = join(outDir, "nbconvert");
  for (let i = 0; i < runs; i++) {
    rmSync(theirsDir, { recursive: true, force: true });
    theirs.push(
      timed(jupyter, ["nbconvert", "--to", "slides", executed, "--output-dir", theirsDir], { env: { ...process.env } }),
    );
  }
  theirsFile = join(
    theirsDir,
    readdirSync(theirsDir).find((f) => f.endsWith(".html")),
  );
}

// 3b. the same for pages: dl4nlp html against jupyter nbconvert --to html
const oursPageDir = join(outDir, "dl4nlp-html");
const oursPage = [];
for (let i = 0; i < runs; i++) {
  rmSync(oursPageDir, { recursive: true, force: true });
  oursPage.push(timed(process.execPath, [bin, "html", executed, "--out", oursPageDir, "--no-execute"]));
}
const oursPageFile = join(oursPageDir, "03-xor.html");
const theirsPage = [];
let theirsPageFile = null;
if (jupyter) {
  const dir = join(outDir, "nbconvert-html");
  for (let i = 0; i < runs; i++) {
    rmSync(dir, { recursive: true, force: true });
    theirsPage.push(timed(jupyter, ["nbconvert", "--to", "html", executed, "--output-dir", dir]));
  }
  theirsPageFile = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith(".html")),
  );
}

// 4. offline behaviour in headless Chromium
async function offline(file, reveal = true) {
  if (!file) return { starts: undefined, drawn: undefined, blocked: undefined };
  const { findChromium, launchChromium } = require("../../lib/dist/tools/render/chromium.js");
  const browser = await launchChromium(findChromium().path);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    let blocked = 0;
    await page.route("**/*", (r) => {
      if (r.request().url().startsWith("file:")) return r.continue();
      blocked++;
      return r.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60_000 });
    const starts = !reveal
      ? undefined
      : await page
          .waitForFunction(() => window.Reveal?.isReady?.() === true, undefined, {
            timeout: 10_000,
          })
          .then(
            () => 1,
            () => 0,
          );
    await page.waitForTimeout(2000);
    const drawn = await page.evaluate(() => {
      // every Plotly graph div on the page (one per figure): drawn when it holds its main SVG
      const divs = Array.from(document.querySelectorAll(".js-plotly-plot, .plotly-graph-div, .dl4nlp-plot"));
      return new Set(
        divs
          .filter((d) => d.querySelector(".main-svg"))
          .map((d) => d.closest(".dl4nlp-plot, .plotly-graph-div, .js-plotly-plot")),
      ).size;
    });
    return { starts, drawn, blocked };
  } finally {
    await browser.close();
  }
}
const oursOffline = await offline(oursFile);
const theirsOffline = await offline(theirsFile);
const oursPageOffline = await offline(oursPageFile, false);
const theirsPageOffline = await offline(theirsPageFile, false);

const size = (f) => (f ? statSync(f).size / 1e6 : undefined);
const rows = [
  {
    case: "03-xor deck export (process)",
    unit: "s",
    dl4nlp: median(ours),
    nbconvert: theirs.length ? median(theirs) : undefined,
  },
  { case: "03-xor deck size", unit: "MB", dl4nlp: size(oursFile), nbconvert: size(theirsFile) },
  { case: "starts offline from file://", unit: "1 = yes", dl4nlp: oursOffline.starts, nbconvert: theirsOffline.starts },
  { case: "Plotly figures drawn offline", unit: "count", dl4nlp: oursOffline.drawn, nbconvert: theirsOffline.drawn },
  { case: "requests to the network", unit: "count", dl4nlp: oursOffline.blocked, nbconvert: theirsOffline.blocked },
  {
    case: "03-xor page export (process)",
    unit: "s",
    dl4nlp: median(oursPage),
    nbconvert: theirsPage.length ? median(theirsPage) : undefined,
  },
  { case: "03-xor page size", unit: "MB", dl4nlp: size(oursPageFile), nbconvert: size(theirsPageFile) },
  {
    case: "page: Plotly figures drawn offline",
    unit: "count",
    dl4nlp: oursPageOffline.drawn,
    nbconvert: theirsPageOffline.drawn,
  },
  { case: "page: requests to the network", unit: "count", dl4nlp: oursPageOffline.blocked, nbconvert: theirsPageOffline.blocked },
];
for (const row of rows) console.log(`BENCH_ROW ${JSON.stringify(row)}`);
writeFileSync(
  join(root, "build", "bench", "slides.json"),
  `${JSON.stringify({ date: new Date().toISOString(), runs, notebook: executed, ours, theirs, oursPage, theirsPage, rows }, null, 2)}\n`,
);
