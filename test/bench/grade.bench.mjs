#!/usr/bin/env node
// Submissions graded per minute by `dl4nlp grade` with --jobs 1 and --jobs 2: a class of 6 submissions of assignment 03
// (correct, partial and blank answers, from test/fixtures/grading), each in its own sandboxed tslab kernel, --force so
// nothing is reused. Prints a BENCH_ROW for test/bench/run.mjs. Needs `npm run build`.
import { spawnSync } from "node:child_process";
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
for (const jobs of [1, 2]) {
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
      join(work, `out${jobs}`),
      "--jobs",
      String(jobs),
      "--force",
      "--quiet",
      "--timeout",
      "60",
    ],
    { encoding: "utf8" },
  );
  const minutes = (Date.now() - started) / 60000;
  console.log(`--jobs ${jobs}: ${r.stdout.trim()} in ${(minutes * 60).toFixed(1)} s`);
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  row[`--jobs ${jobs}`] = Number((picks.length / minutes).toFixed(2));
}
console.log(`BENCH_ROW ${JSON.stringify(row)}`);
rmSync(work, { recursive: true, force: true });
