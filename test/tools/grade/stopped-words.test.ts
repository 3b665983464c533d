import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { SANDBOX_UID } from "../../../lib/tools/grade/sandbox";
import { gradeCli, leftSandboxProcesses } from "./grade-cli";

// The words the grader uses for a scratch cell it had to stop are true to what the cell did: a finite computation
// slower than the time limit is not called an endless loop (it is told the limit), and a kernel the cell suspended
// (SIGSTOP) is said to have stopped responding, not to loop. Real `dl4nlp grade`, real kernels in the sandbox.
const root = join(__dirname, "..", "..", "..");
const master = join(root, "test/fixtures/grading/master.ipynb");
/** A fixture submission with every answer right and a scratch `while (true) {}` as cell 3, after the set-up. */
const template = join(root, "test/fixtures/grading/class/stop-loop-before.ipynb");
const LOOP = "while (true) {}";

/** The template with its scratch cell's source replaced. */
function withScratch(source: string): string {
  const nb = JSON.parse(readFileSync(template, "utf8")) as { cells: { source: string | string[] }[] };
  const cell = nb.cells.find((c) => (Array.isArray(c.source) ? c.source.join("") : c.source) === LOOP);
  if (!cell) throw new Error(`no cell "${LOOP}" in ${template}`);
  cell.source = source;
  return `${JSON.stringify(nb, null, 1)}\n`;
}

const SCRATCH: Record<string, string> = {
  // finite: 12 s of work, past the 4 s limit the test grades with
  "slow-finite-loop": "let t = 0;\nconst end = Date.now() + 12_000;\nwhile (Date.now() < end) t++;",
  "sigstop-self": 'process.kill(process.pid, "SIGSTOP");',
  "exit-3-self": "process.exit(3);",
  "sigkill-self": 'process.kill(process.pid, "SIGKILL");',
};

/**
 * Students whose folder holds the notebook and a helper file its scratch cell imports (the tester's zoe and yan): the
 * student's own Run All finds the helper, grading runs the notebook alone, without it.
 */
const HELPERS: Record<string, { file: string; text: string; source: string }> = {
  zoe: {
    file: "mathutil.ts",
    text: "export function stableSoftmax(z: number[]): number[] { return z; }\n",
    source: 'import { stableSoftmax } from "./mathutil.ts";\nconsole.log(stableSoftmax([1, 2]));',
  },
  yan: {
    file: "helper.js",
    text: "exports.twice = (x) => 2 * x;\n",
    source: 'const { twice } = require("./helper");\nconsole.log(twice(2));',
  },
};

describe("dl4nlp grade: a stopped scratch cell is described as what it did", () => {
  const dir = mkdtempSync(join(tmpdir(), "dl4nlp-stopped-words-"));
  const classDir = join(dir, "class");
  const out = join(dir, "out");
  let results: Record<string, StudentResult>;
  let run: ReturnType<typeof gradeCli>;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    mkdirSync(classDir);
    for (const [name, source] of Object.entries(SCRATCH)) writeFileSync(join(classDir, `${name}.ipynb`), withScratch(source));
    for (const [name, h] of Object.entries(HELPERS)) {
      mkdirSync(join(classDir, name));
      writeFileSync(join(classDir, name, "03-softmax.ipynb"), withScratch(h.source));
      writeFileSync(join(classDir, name, h.file), h.text);
    }
    run = gradeCli(master, classDir, out, ["--jobs", "2", "--timeout", "4", "--notebook-timeout", "150"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
    results = Object.fromEntries(report.students.map((s) => [s.student, s]));
  }, 600_000);

  it("all keep every point: the stopped or failing cell was scratch", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.score]))).toEqual({
      "slow-finite-loop": 8,
      "sigstop-self": 8,
      "exit-3-self": 8,
      "sigkill-self": 8,
      zoe: 8,
      yan: 8,
    });
    expect(leftSandboxProcesses(SANDBOX_UID)).toEqual([]);
  });

  it("a finite cell slower than the limit: interrupted at the time limit, named with the limit, not called endless", () => {
    const r = results["slow-finite-loop"];
    expect(r.cells.map((c) => [c.cellNumber, c.event])).toEqual([[3, "interrupted"]]);
    const warning = r.warnings?.join("\n") ?? "";
    expect(warning).toMatch(
      /^cell 3 was still running at the time limit of 4 s per cell and was interrupted \(a computation that needs longer than that, an endless loop, or a promise that never settles\); what it defined before the interrupt was kept, and the rest was graded after it$/m,
    );
    expect(run.stdout).toContain("slow-finite-loop: 8/8 (stopped, the rest graded on: cell 3 interrupted at the time limit)");
  });

  it("a cell that suspends its kernel (SIGSTOP): it stopped responding, the kernel was restarted without it", () => {
    const r = results["sigstop-self"];
    expect(r.cells.map((c) => [c.cellNumber, c.event])).toEqual([[3, "kernel-stopped"]]);
    const warning = r.warnings?.join("\n") ?? "";
    expect(warning).toMatch(/^cell 3 stopped responding: its kernel process was suspended \(SIGSTOP or SIGTSTP/m);
    expect(warning).toContain("the kernel was restarted without it");
    expect(warning).not.toMatch(/endless loop|toJSON/);
    expect(run.stdout).toContain("sigstop-self: 8/8 (stopped, the rest graded on: cell 3 kernel stopped responding, restarted)");
  });

  it("a cell that ends its kernel: the terminal line names the exit code or the signal, as the results do", () => {
    expect(results["exit-3-self"].cells.map((c) => [c.cellNumber, c.event])).toEqual([[3, "kernel-exit"]]);
    expect(results["exit-3-self"].warnings?.join("\n")).toMatch(
      /^cell 3 ended the kernel process \(exit code 3: process\.exit\?\)/m,
    );
    expect(run.stdout).toContain(
      "exit-3-self: 8/8 (stopped, the rest graded on: cell 3 ended the kernel (exit code 3: process.exit?), restarted)",
    );
    expect(results["sigkill-self"].cells.map((c) => [c.cellNumber, c.event])).toEqual([[3, "kernel-killed"]]);
    expect(run.stdout).toContain(
      "sigkill-self: 8/8 (stopped, the rest graded on: cell 3 killed the kernel (SIGKILL), restarted)",
    );
  });

  it("a helper file beside the notebook: its line says grading runs the notebook alone; the failing import says to put the code into the notebook", () => {
    expect(run.stdout).toMatch(
      /^not graded: .*zoe\/mathutil\.ts: not a notebook \(\.ipynb\): not graded; a TypeScript file beside the notebook: grading runs the notebook alone, so its imports of it fail/m,
    );
    expect(run.stdout).toMatch(
      /^not graded: .*yan\/helper\.js: .*a JavaScript file beside the notebook: grading runs the notebook alone/m,
    );
    for (const [name, module] of [
      ["zoe", "./mathutil.ts"],
      ["yan", "./helper"],
    ]) {
      const r = results[name];
      expect(
        r.cells.map((c) => [c.cellNumber, c.event]),
        name,
      ).toEqual([[3, "error"]]);
      expect(r.cells[0].message, name).toContain(`Cannot find module '${module}'`);
      const hint = `cell 3 imports ${module}, a file beside the notebook: graded notebooks must be self-contained: grading runs the notebook alone, without the files beside it; put that code into the notebook`;
      expect(r.warnings, name).toContain(hint);
      expect(run.stdout, name).toContain(`] ${name}: 8/8 (warning: ${hint})`);
      expect(readFileSync(join(out, "feedback", `${name}.html`), "utf8"), name).toContain(hint);
    }
  });
});
