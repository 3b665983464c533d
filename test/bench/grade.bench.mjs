#!/usr/bin/env node
// Submissions graded per minute by `dl4nlp grade` with --jobs 1 and --jobs 2: a class of 6 submissions of assignment 03
// (correct, partial and blank answers, from test/fixtures/grading), each in its own sandboxed tslab kernel, --force so
// nothing is reused. Each once with kernels started the ordinary way (DL4NLP_KERNEL_CACHE=off: the peer, as before the
// sandbox snapshot) and once from the sandbox's start-up snapshot (built before the timed runs, as a grader's second
// run finds it), interleaved over GRADE_BENCH_ROUNDS rounds (default 3; medians). Besides submissions per minute, the
// CPU seconds per submission of every process of the run (grader, launchers, sandboxes, kernels: tree-cpu.mjs), which
// the other work on the machine disturbs less than the wall clock. Prints BENCH_ROWs for test/bench/run.mjs. Needs
// `npm run build`.
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCounted } from "./lib/tree-cpu.mjs";

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
const rounds = Number(process.env.GRADE_BENCH_ROUNDS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cpuRow = {
  case: `${picks.length} submissions of assignment 03, CPU of every process per submission`,
  unit: "CPU s/submission",
};
/** Per jobs and mode: the wall times (minutes) and CPU seconds of each round. */
const times = {};
for (let round = 0; round < rounds; round++) {
  for (const jobs of [1, 2]) {
    for (const mode of modes) {
      const r = await runCounted(
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
        { env: mode.env },
      );
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      const seconds = r.wallMs / 1000;
      const load = loadavg()[0].toFixed(1);
      console.log(
        `round ${round + 1}, --jobs ${jobs}, ${mode.name}: ${r.stdout.trim()} in ${seconds.toFixed(1)} s, CPU ${r.cpu} s (load ${load})`,
      );
      const name = `--jobs ${jobs} ${mode.name}`;
      times[name] ??= { minutes: [], cpu: [] };
      const t = times[name];
      t.minutes.push(seconds / 60);
      t.cpu.push(r.cpu);
    }
  }
}
for (const jobs of [1, 2]) {
  for (const mode of modes) {
    const t = times[`--jobs ${jobs} ${mode.name}`];
    row[`--jobs ${jobs} ${mode.name}`] = Number((picks.length / median(t.minutes)).toFixed(2));
    if (t.cpu[0] !== null) cpuRow[`--jobs ${jobs} ${mode.name}`] = Number((median(t.cpu) / picks.length).toFixed(2));
  }
  row[`--jobs ${jobs} ratio`] = Number((row[`--jobs ${jobs} snapshot`] / row[`--jobs ${jobs} ordinary start`]).toFixed(2));
}
row.case += `, ${rounds} rounds, load ${loadavg()[0].toFixed(1)} at the end`;
console.log(`BENCH_ROW ${JSON.stringify(row)}`);
if (Object.keys(cpuRow).length > 2) console.log(`BENCH_ROW ${JSON.stringify(cpuRow)}`);
rmSync(work, { recursive: true, force: true });
