/**
 * The student edition of every course notebook, executed headless by `dl4nlp run` in real tslab kernels, as a student
 * who runs it untouched, then with wrong answers, then with the right one:
 * - every cell but the self-checks runs without an error (exercise cells hold stubs that define, never fail);
 * - every self-check fails on the untouched stub, and on NaN, empty, wrong-shape, wrong-type and wrong answers
 *   (test/notebooks/bad-answers.ts), each with one line that says what was expected: no stack trace;
 * - the instructor's solution, run in the same kernel afterwards, passes the same self-check.
 * Wrong answers are appended to each student notebook as cells (an answer, then a copy of its self-check tagged
 * raises-exception), so the whole set costs one kernel per notebook. Static figures are skipped: the instructor
 * edition's run (run-all.test.ts) covers them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleOf } from "../../lib/tools/editions/markers";
import { studentEdition } from "../../lib/tools/editions/student";
import { EXERCISES } from "./bad-answers";

const root = join(__dirname, "..", "..");
const notebooks = readdirSync(join(root, "notebooks"))
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();

interface Output {
  output_type: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));
const errorsOf = (c: ICell) => ((c as ICodeCell).outputs ?? []).filter((o) => o.output_type === "error") as Output[];
const shown = (c: ICell) =>
  ((c as ICodeCell).outputs ?? [])
    .map((o) => {
      const out = o as Output & { data?: Record<string, string | string[]> };
      return out.output_type === "error" ? (out.traceback ?? []).join("\n") : text(out.text) + text(out.data?.["text/plain"]);
    })
    .join("\n");

let dir = "";
let run: { status: number | null; out: string };
/** Per notebook: the appended probe cells, by id: what they must show. */
const probes = new Map<string, { id: string; expect: RegExp | "pass"; what: string }[]>();

beforeAll(() => {
  mkdirSync(join(root, "build"), { recursive: true });
  // inside the project, so that the kernels resolve "dl4nlp" (a folder in /tmp would not)
  dir = mkdtempSync(join(root, "build", "student-run-"));
  for (const file of notebooks) {
    const source = JSON.parse(readFileSync(join(root, "notebooks", file), "utf8")) as INotebookContent;
    const student = studentEdition(source, file);
    const list: { id: string; expect: RegExp | "pass"; what: string }[] = [];
    const cellOf = (id: string) => {
      const c = source.cells.find((x) => x.id === id);
      if (!c) throw new Error(`${file}: no cell ${id} (bad-answers.ts is out of date)`);
      return c;
    };
    const probe = (id: string, answer: string, check: ICell, expect: RegExp | "pass", what: string) => {
      student.cells.push({
        cell_type: "code",
        id: `${id}-answer`,
        source: answer,
        metadata: {},
        outputs: [],
        execution_count: null,
      });
      const tags = expect === "pass" ? [] : ["raises-exception"];
      student.cells.push({ ...structuredClone(check), id, metadata: { tags }, outputs: [], execution_count: null } as ICell);
      list.push({ id, expect, what });
    };
    for (const ex of EXERCISES.filter((e) => e.notebook === file)) {
      const check = cellOf(ex.check);
      ex.bad.forEach(
        (bad, k) => void probe(`bad-${ex.exercise}-${k}`, bad.source, check, bad.message, `${ex.exercise}: ${bad.kind}`),
      );
    }
    // the instructor's solutions last, each followed by its self-check: they must pass
    const solutions = source.cells.filter((c) => roleOf(c) === "solution");
    solutions.forEach((sol, k) => {
      student.cells.push({
        ...structuredClone(sol),
        id: `good-${k}-answer`,
        metadata: {},
        outputs: [],
        execution_count: null,
      } as ICell);
    });
    const checks = source.cells.filter((c) => roleOf(c) === "self-check");
    checks.forEach((check, k) => {
      student.cells.push({
        ...structuredClone(check),
        id: `good-${k}`,
        metadata: {},
        outputs: [],
        execution_count: null,
      } as ICell);
      list.push({ id: `good-${k}`, expect: "pass", what: `the solution of self-check ${k + 1}` });
    });
    probes.set(file, list);
    writeFileSync(join(dir, file), JSON.stringify(student, null, 1));
  }
  const r = spawnSync(
    process.execPath,
    [
      join(root, "lib", "bin", "dl4nlp.js"),
      "run",
      ...notebooks.map((f) => join(dir, f)),
      "--out",
      join(dir, "out"),
      "--jobs",
      "2",
      "--no-static-figures",
    ],
    { cwd: root, encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 900_000 },
  );
  run = { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  console.log(`student edition, with wrong answers: exit ${r.status}\n${r.stdout}`);
}, 900_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the student edition of every course notebook, run with stubs, wrong answers and right ones", () => {
  it("the runner exits with 0 (only self-checks fail, and they are tagged raises-exception)", () => {
    expect(run.status, run.out).toBe(0);
  });

  describe.each(notebooks)("%s", (file) => {
    const executed = (): ICell[] => JSON.parse(readFileSync(join(dir, "out", file), "utf8")).cells;
    const isProbe = (c: ICell) => /^(bad|good)-/.test(String(c.id));

    it("runs every cell that is no self-check without an error, the exercise stubs included", () => {
      const failed = executed()
        .filter((c) => c.cell_type === "code" && !isProbe(c) && roleOf(c) !== "self-check")
        .filter((c) => errorsOf(c).length > 0)
        .map((c) => `${c.id}: ${shown(c)}`);
      expect(failed).toEqual([]);
    });

    it("fails every self-check on the untouched stub, with one line that starts with ✗ and no stack trace", () => {
      const checks = executed().filter((c) => !isProbe(c) && roleOf(c) === "self-check");
      expect(checks.length).toBeGreaterThan(0);
      for (const c of checks) {
        const errors = errorsOf(c);
        expect(errors, `${c.id}: ${shown(c)}`).toHaveLength(1);
        const lines = errors[0].traceback ?? [];
        expect(lines, `${c.id}`).toHaveLength(1);
        expect(lines[0], `${c.id}`).toMatch(/^✗ .+: .*(not written yet|is NaN|expected)/);
        expect(shown(c)).not.toMatch(/\n\s+at /);
      }
    });

    it("rejects each wrong answer with what was expected, and passes the instructor's solution", () => {
      const cells = executed();
      for (const p of probes.get(file) ?? []) {
        const c = cells.find((x) => x.id === p.id);
        expect(c, p.id).toBeDefined();
        const cell = c as ICell;
        if (p.expect === "pass") {
          expect(errorsOf(cell), `${p.what}: ${shown(cell)}`).toEqual([]);
          expect(shown(cell), p.what).toMatch(/^✓ /m);
        } else {
          const errors = errorsOf(cell);
          expect(errors, `${p.what} passed: ${shown(cell)}`).toHaveLength(1);
          expect(errors[0].traceback, p.what).toHaveLength(1);
          expect((errors[0].traceback ?? [])[0], p.what).toMatch(/^✗ /);
          expect((errors[0].traceback ?? [])[0], p.what).toMatch(p.expect);
        }
      }
    });
  });
});

it("bad-answers.ts covers every exercise of the course notebooks", () => {
  const covered = new Set(EXERCISES.map((e) => `${e.notebook}#${e.exercise}`));
  const exercises = notebooks.flatMap((file) =>
    (JSON.parse(readFileSync(join(root, "notebooks", file), "utf8")) as INotebookContent).cells
      .filter((c) => roleOf(c) === "solution")
      .map((c) => `${file}#${c.id}`),
  );
  expect(exercises.filter((e) => !covered.has(e))).toEqual([]);
});
