import { existsSync, realpathSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { readNotebook, sourceText } from "../nbformat/read";
import { writeNotebook } from "../nbformat/write";
import {
  BEGIN_HIDDEN_TESTS,
  BEGIN_SOLUTION,
  END_HIDDEN_TESTS,
  END_SOLUTION,
  gradeMeta,
  hasHiddenRegion,
  masterProblems,
  withoutHiddenRegions,
} from "./metadata";

/** The stub that replaces each answer region (indented as the region's BEGIN line). */
export const STUB = 'throw new Error("not implemented");';

/** A solution cell's source with every BEGIN/END SOLUTION region replaced by the stub (the whole cell if it has none). */
export function stubSolution(source: string): string {
  const lines = source.split("\n");
  if (!lines.some((l) => BEGIN_SOLUTION.test(l))) return `// YOUR CODE HERE\n${STUB}`;
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const begin = BEGIN_SOLUTION.exec(line);
    if (begin) {
      inside = true;
      out.push(`${begin[1]}// YOUR CODE HERE`, `${begin[1]}${STUB}`);
    } else if (END_SOLUTION.test(line)) inside = false;
    else if (!inside) out.push(line);
  }
  return out.join("\n");
}

/**
 * Whether the notebook's solution cells all hold the stub and no BEGIN SOLUTION region: what assign writes, not a
 * master (the grader and assign both refuse such a notebook as a master).
 */
export function looksLikeStudentVersion(nb: INotebookContent): boolean {
  const solutions = nb.cells.filter((c) => gradeMeta(c)?.kind === "solution").map(sourceText);
  const hasRegion = (s: string) => s.split("\n").some((l) => BEGIN_SOLUTION.test(l));
  return solutions.length > 0 && solutions.every((s) => s.includes(STUB) && !hasRegion(s));
}

/** The lines of a master's solution regions and hidden tests that must not appear in a student version. */
function secretLines(master: INotebookContent): string[] {
  const lines: string[] = [];
  for (const cell of master.cells) {
    const meta = gradeMeta(cell);
    const src = sourceText(cell).split("\n");
    let inside = false;
    for (const line of src) {
      if (BEGIN_SOLUTION.test(line) || BEGIN_HIDDEN_TESTS.test(line)) inside = true;
      else if (END_SOLUTION.test(line) || END_HIDDEN_TESTS.test(line)) inside = false;
      else if (inside || (meta?.kind === "test" && meta.hidden && !hasHiddenRegion(sourceText(cell)))) lines.push(line.trim());
    }
  }
  // short or generic lines (a brace, `return x;`) may well appear elsewhere, and a line a visible test or the setup
  // also holds (shared test data) is no secret: only distinctive lines found nowhere else among the tests count
  const visible = new Set<string>();
  for (const cell of master.cells) {
    const meta = gradeMeta(cell);
    if (meta?.kind !== "setup" && meta?.kind !== "test") continue;
    if (meta.kind === "test" && meta.hidden && !hasHiddenRegion(sourceText(cell))) continue;
    let inside = false;
    for (const line of sourceText(cell).split("\n")) {
      if (BEGIN_SOLUTION.test(line) || BEGIN_HIDDEN_TESTS.test(line)) inside = true;
      else if (END_SOLUTION.test(line) || END_HIDDEN_TESTS.test(line)) inside = false;
      else if (!inside) visible.add(line.trim());
    }
  }
  return lines.filter((l) => l.length >= 12 && !l.startsWith("//") && !l.startsWith("#") && !visible.has(l));
}

/**
 * Throws unless `student` is safe to hand out: no solution or hidden-test marker left, and no distinctive line of the
 * master's solution regions or hidden tests anywhere in it.
 */
function assertNoSecrets(master: INotebookContent, student: INotebookContent, file = "master"): void {
  const secrets = new Set(secretLines(master));
  const problems: string[] = [];
  student.cells.forEach((cell, i) => {
    for (const line of sourceText(cell).split("\n")) {
      const t = line.trim();
      if ([BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS].some((r) => r.test(line)))
        problems.push(`cell ${i + 1} still holds the marker "${t}"`);
      else if (secrets.has(t)) problems.push(`cell ${i + 1} still holds a solution or hidden-test line: ${t.slice(0, 60)}`);
    }
  });
  if (problems.length > 0) {
    throw new Error(`${file}: refusing to write a student version that leaks:\n  ${problems.join("\n  ")}`);
  }
}

/**
 * The student version of a master notebook: solutions stubbed, hidden tests (whole cells, or nbgrader's hidden
 * regions) removed, set-up and test cells locked (`editable`/`deletable` false), outputs and execution counts cleared,
 * the `hidden` flag dropped from what remains. Reads
 * metadata.dl4nlp or nbgrader's metadata. Throws with every problem of the master listed, and when the result would
 * still hold a solution or hidden-test line (assertNoSecrets).
 */
export function studentVersion(master: INotebookContent, file = "master"): INotebookContent {
  const solutions = master.cells.filter((c) => gradeMeta(c)?.kind === "solution");
  if (solutions.length === 0) {
    // a lecture notebook or a plain copy given by mistake: its "student version" would be the notebook itself
    throw new Error(
      `${file}: not a master notebook: no solution cells (metadata.dl4nlp.kind "solution", or nbgrader's ` +
        '"solution": true), so the student version would equal it. Mark the cells students answer in first.',
    );
  }
  const problems = masterProblems(master.cells, sourceText);
  if (problems.length > 0) throw new Error(`${file}: not a valid master notebook:\n  ${problems.join("\n  ")}`);
  if (looksLikeStudentVersion(master)) {
    throw new Error(
      `${file}: this looks like a student version already: its solution cells hold the stub (${STUB}) and no ` +
        "// BEGIN SOLUTION region. Run assign on the master notebook.",
    );
  }
  const cells: ICell[] = [];
  for (const cell of master.cells) {
    const meta = gradeMeta(cell);
    if (meta?.kind === "test" && meta.hidden && !hasHiddenRegion(sourceText(cell))) continue;
    const copy = structuredClone(cell) as ICell;
    if (meta?.kind === "solution") copy.source = stubSolution(sourceText(cell));
    if (meta?.kind === "test" && hasHiddenRegion(sourceText(cell))) copy.source = withoutHiddenRegions(sourceText(cell));
    if (meta?.kind === "test" || meta?.kind === "setup") {
      // locked in Jupyter (nbformat's editable/deletable, as nbgrader locks its cells): grading runs the assignment's
      // own set-up and test cells, so a student's edit to one would silently not count
      Object.assign(copy.metadata, { editable: false, deletable: false });
    }
    if (copy.cell_type === "code") {
      (copy as ICodeCell).outputs = [];
      (copy as ICodeCell).execution_count = null;
      const m = copy.metadata as Record<string, unknown>;
      delete m.execution;
    }
    cells.push(copy);
  }
  const student = { ...structuredClone(master), cells };
  assertNoSecrets(master, student, file);
  return student;
}

/**
 * `dl4nlp assign`: writes the student version of master to outDir/<same name> (atomically). Refuses to write over the
 * master itself, and over an existing file unless force.
 */
export async function assignFile(masterPath: string, outDir: string, force = false): Promise<string> {
  const master = await readNotebook(masterPath);
  const student = studentVersion(master, masterPath);
  const target = join(resolve(outDir), basename(masterPath));
  if (existsSync(target)) {
    if (realpathSync(target) === realpathSync(masterPath)) {
      throw new Error(`${target}: that is the master itself; choose another --out folder`);
    }
    if (!force) throw new Error(`${target} exists; pass --force to replace it`);
  }
  await writeNotebook(target, student);
  return target;
}
