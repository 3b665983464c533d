import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { afterAll, describe, expect, it } from "vitest";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { SANDBOX_UID } from "../../../lib/tools/grade/sandbox";
import { gradeCli, leftSandboxProcesses } from "./grade-cli";

// The grader starts each submission's kernel while the submission before it in the same job slot is graded
// (grade-all.ts). A kernel started ahead must still be a fresh one for its submission alone: nothing an earlier
// submission left (a global, files in its home and /tmp, a running timer) reaches it, and two kernels alive at once
// never run as the same sandbox user. Each submission here reads that state, reports it from its graded function,
// then leaves all of it behind for the next.
const root = join(__dirname, "..", "..", "..");
const master = join(root, "test/fixtures/grading/master.ipynb");
const work = mkdtempSync(join(tmpdir(), "dl4nlp-grade-ahead-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROBE = `const probeFs = require("fs");
const probe = {
  global: (globalThis as any).__leftBehind ?? null,
  files: ["/home/student/left-behind", "/tmp/left-behind"].filter((f) => probeFs.existsSync(f)),
  timers: (globalThis as any).__ticks ?? 0,
  uid: process.getuid!(),
};
(globalThis as any).__leftBehind = "an earlier submission's global";
for (const f of ["/home/student/left-behind", "/tmp/left-behind"]) probeFs.writeFileSync(f, "x");
setInterval(() => { (globalThis as any).__ticks = ((globalThis as any).__ticks ?? 0) + 1; }, 5);
function softmaxOf(z: number[]): number[] {
  console.log("PROBE " + JSON.stringify(probe));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
`;

/** The class: `n` copies of the correct submission whose softmax cell is the probe. */
function probeClass(n: number): string {
  const dir = join(work, `class-${n}`);
  mkdirSync(dir);
  const nb = JSON.parse(readFileSync(join(root, "test/fixtures/grading/class/correct.ipynb"), "utf8")) as INotebookContent;
  const cell = nb.cells.find((c) => (c.metadata as { dl4nlp?: { grade_id?: string } }).dl4nlp?.grade_id === "softmax_stable");
  if (!cell) throw new Error("correct.ipynb has no softmax_stable cell");
  cell.source = PROBE;
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `student-${i}.ipynb`), JSON.stringify(nb));
  return dir;
}

interface Probe {
  global: string | null;
  files: string[];
  timers: number;
  uid: number;
}

/** Grades the class and returns each student's probe, in the students' order. */
function probes(classDir: string, jobs: number): Probe[] {
  const out = join(work, `out-${jobs}`);
  const run = gradeCli(master, classDir, out, ["--jobs", String(jobs), "--quiet"]);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
  return report.students
    .sort((a, b) => a.student.localeCompare(b.student))
    .map((s) => {
      expect(s.score, s.student).toBe(8);
      const text = (s.tests[0].outputs ?? []).map((o) => String((o as { text?: string }).text ?? "")).join("");
      const line = /PROBE (\{.*\})/.exec(text);
      expect(line, `${s.student}: ${text}`).not.toBeNull();
      return JSON.parse((line as RegExpExecArray)[1]) as Probe;
    });
}

const clean = { global: null, files: [], timers: 0 };

describe("kernels started ahead of their submission", () => {
  it("one job: each of four submissions in a row gets a kernel nothing earlier reached, under a user of its own", () => {
    const seen = probes(probeClass(4), 1);
    expect(seen.map(({ uid: _, ...rest }) => rest)).toEqual(Array(4).fill(clean));
    if (process.getuid?.() === 0) {
      // the kernel graded and the one started ahead are alive together: never the same user
      for (let i = 1; i < seen.length; i++) expect(seen[i].uid).not.toBe(seen[i - 1].uid);
      for (const { uid } of seen) expect(uid).toBeGreaterThanOrEqual(SANDBOX_UID);
    }
    expect(leftSandboxProcesses(SANDBOX_UID)).toEqual([]);
  }, 600_000);

  it("two jobs: five submissions, every kernel fresh, its user one of two per job slot", () => {
    const seen = probes(probeClass(5), 2);
    expect(seen.map(({ uid: _, ...rest }) => rest)).toEqual(Array(5).fill(clean));
    if (process.getuid?.() === 0) {
      for (const { uid } of seen) expect(uid - SANDBOX_UID).toBeGreaterThanOrEqual(0);
      for (const { uid } of seen) expect(uid - SANDBOX_UID).toBeLessThan(4); // two users per job slot
    }
    expect(leftSandboxProcesses(SANDBOX_UID)).toEqual([]);
  }, 600_000);
});
