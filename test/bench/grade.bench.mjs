#!/usr/bin/env node
// Submissions graded per minute by `dl4nlp grade` with --jobs 1 and --jobs 2: a class of 6 submissions of assignment 03
// (correct, partial and blank answers, from test/fixtures/grading), each in its own sandboxed tslab kernel, --force so
// nothing is reused. Each once with kernels started the ordinary way (DL4NLP_KERNEL_CACHE=off: the peer, as before the
// sandbox snapshot) and once from the sandbox's start-up snapshot (built before the timed runs, as a grader's second
// run finds it), interleaved. Prints a BENCH_ROW for test/bench/run.mjs. Needs `npm run build`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = join(root, "test/fixtures/grading");
const work = mkdtempSync(join(tmpdir(), "dl4nlp-grade-bench-"));
const subs = join(work, "subs");
mkdirSync(subs);
const picks = ["correct", "partial", "moved-cells", "deleted-solution", "tamper-check", "tamper-print"];
for (const p of picks) copyFileSync(join(fixtures, "class", `${p}.ipynb`), join(subs, `${p}.ipynb`));

const row = {
  case: `${picks.length} submissions of assignment 03 (load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`,
  unit: "submissions/min",
};
// the snapshot for the CLI's default limits (--memory 1024), built now so the timed runs find it
const require = createRequire(import.meta.url);
const { buildSandboxSnapshot, sandboxSnapshot } = require(join(root, "lib/dist/tools/grade/sandbox-snapshot.js"));
const limits = { memoryMb: 1024, outputCapBytes: 10_000_000 };
if (!sandboxSnapshot(join(root, "lib"), limits)) {
  const built = await buildSandboxSnapshot(join(root, "lib"), limits);
  if (!built.file) console.error(`no sandbox snapshot: ${built.log}`);
}
const modes = [
  { name: "ordinary start", env: { ...process.env, DL4NLP_KERNEL_CACHE: "off" } },
  { name: "snapshot", env: process.env },
];
for (const jobs of [1, 2]) {
  for (const mode of modes) {
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      [
        join(root, "lib/bin/dl4nlp.js"),
        "grade",
        "--key",
        join(fixtures, "master.ipynb"),
        subs,
        "--out",
        join(work, `out${jobs}-${modes.indexOf(mode)}`),
        "--jobs",
        String(jobs),
        "--force",
        "--quiet",
        "--timeout",
        "60",
      ],
      { encoding: "utf8", env: mode.env },
    );
    const minutes = (Date.now() - started) / 60000;
    console.log(`--jobs ${jobs}, ${mode.name}: ${r.stdout.trim()} in ${(minutes * 60).toFixed(1)} s`);
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    row[`--jobs ${jobs} ${mode.name}`] = Number((picks.length / minutes).toFixed(2));
  }
  row[`--jobs ${jobs} ratio`] = Number((row[`--jobs ${jobs} snapshot`] / row[`--jobs ${jobs} ordinary start`]).toFixed(2));
}
console.log(`BENCH_ROW ${JSON.stringify(row)}`);
rmSync(work, { recursive: true, force: true });
