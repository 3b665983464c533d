import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { gradeCli } from "./grade-cli";

// A submission whose graded function ends the kernel when a test calls it (the tester's `if (p.length === 3)
// process.exit(0)`): every warning names what ended it, the exit code (0 included) or the signal, on the test's path
// (the master's tests calling the function) as on a cell's. Real `dl4nlp grade`, real kernels in the sandbox.
const root = join(__dirname, "..", "..", "..");
const master = join(root, "test/fixtures/grading/master.ipynb");
const template = join(root, "test/fixtures/grading/class/correct.ipynb");

/** The right submission with its cross_entropy solution cell's function ending the kernel when called with 3 values. */
function endingOnThree(call: string): string {
  const nb = JSON.parse(readFileSync(template, "utf8")) as {
    cells: { metadata?: { dl4nlp?: { grade_id?: string } }; source: string | string[] }[];
  };
  const cell = nb.cells.find((c) => c.metadata?.dl4nlp?.grade_id === "cross_entropy");
  if (!cell) throw new Error(`no cross_entropy cell in ${template}`);
  cell.source = `function crossEntropy(p: number[], c: number): number {\n  if (p.length === 3) ${call};\n  return -Math.log(p[c]);\n}`;
  return `${JSON.stringify(nb, null, 1)}\n`;
}

const SUBMISSIONS: Record<string, string> = {
  "exit-0-on-test-inputs": "process.exit(0)",
  "kill-self-on-test-inputs": "process.kill(process.pid)",
};

describe("dl4nlp grade: a solution that ends the kernel on a test's inputs is named with its exit code or signal", () => {
  const dir = mkdtempSync(join(tmpdir(), "dl4nlp-death-words-"));
  const classDir = join(dir, "class");
  const out = join(dir, "out");
  let results: Record<string, StudentResult>;
  let run: ReturnType<typeof gradeCli>;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    mkdirSync(classDir);
    for (const [name, call] of Object.entries(SUBMISSIONS)) writeFileSync(join(classDir, `${name}.ipynb`), endingOnThree(call));
    run = gradeCli(master, classDir, out, ["--jobs", "2", "--timeout", "20", "--notebook-timeout", "200"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
    results = Object.fromEntries(report.students.map((s) => [s.student, s]));
  }, 600_000);

  it("process.exit(0): the warnings say exit code 0, never an unknown code", () => {
    expect(run.status, run.stderr).toBe(0);
    const text = JSON.stringify(results["exit-0-on-test-inputs"]);
    expect(text).toContain("ended the kernel process (exit code 0: process.exit?)");
    expect(text).not.toContain("exit code ?");
    const tests = results["exit-0-on-test-inputs"].tests.filter((t) => t.status === "dead");
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests)
      expect(t.message).toMatch(/^the submission's code ended the kernel process \(exit code 0: process\.exit\?\)/);
  });

  it("process.kill(process.pid): the warnings name SIGTERM, never an unknown signal", () => {
    const text = JSON.stringify(results["kill-self-on-test-inputs"]);
    expect(text).toContain("killed the kernel process (SIGTERM)");
    expect(text).not.toContain("(a signal)");
    const tests = results["kill-self-on-test-inputs"].tests.filter((t) => t.status === "dead");
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests) expect(t.message).toMatch(/^the submission's code killed the kernel process \(SIGTERM\)/);
  });
});
