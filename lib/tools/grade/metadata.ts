import type { ICell } from "@jupyterlab/nbformat";

/**
 * metadata.dl4nlp of a cell in a master notebook (as nbgrader's metadata.nbgrader):
 * - kind "solution": holds the answer between `// BEGIN SOLUTION` and `// END SOLUTION` (replaced by a stub for students);
 * - kind "test": a test worth `points`, `hidden` tests are left out of the student version and put back when grading;
 *   `solution` names the solution cell it checks (a submission without that cell scores 0 on the test);
 * - kind "setup": locked code the tests rely on (imports, data, `check`): the master's version is always run;
 * - kind "task": a graded text or code region without automatic tests (kept, not scored).
 */
export interface GradeMeta {
  grade_id: string;
  kind: "solution" | "test" | "setup" | "task";
  points?: number;
  hidden?: boolean;
  solution?: string;
  /** Per-cell timeout in seconds (as the runner's metadata.dl4nlp.timeout). */
  timeout?: number;
}

const KINDS = new Set(["solution", "test", "setup", "task"]);

/** Region markers, as comments: `// BEGIN SOLUTION` or nbgrader's `### BEGIN SOLUTION` (any run of # or //). */
const marker = (words: string) => new RegExp(`^(\\s*)(?:\\/\\/+|#+)\\s*${words}\\s*$`);
export const BEGIN_SOLUTION = marker("BEGIN SOLUTION");
export const END_SOLUTION = marker("END SOLUTION");
export const BEGIN_HIDDEN_TESTS = marker("BEGIN HIDDEN TESTS");
export const END_HIDDEN_TESTS = marker("END HIDDEN TESTS");

/** A master cell's source with its region-marker lines blanked (positions kept): what the grader compiles. */
export function withoutMarkers(source: string): string {
  return source
    .split("\n")
    .map((l) => ([BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS].some((r) => r.test(l)) ? "" : l))
    .join("\n");
}

/** Whether a cell's source holds a hidden-tests region (nbgrader's `### BEGIN HIDDEN TESTS`). */
export const hasHiddenRegion = (source: string) => source.split("\n").some((l) => BEGIN_HIDDEN_TESTS.test(l));

/**
 * nbgrader's cell metadata (metadata.nbgrader: grade_id, solution, grade, locked, points, task) in this project's
 * terms: an autograded answer is a "solution", autograder tests ("grade" with points) a "test" (hidden when it holds a
 * `### BEGIN HIDDEN TESTS` region), a manually graded answer or task a "task", a read-only cell "setup".
 */
function fromNbgrader(cell: ICell): GradeMeta | undefined {
  const n = (cell.metadata as { nbgrader?: Record<string, unknown> } | undefined)?.nbgrader;
  if (!n || typeof n !== "object" || typeof n.grade_id !== "string" || n.grade_id === "") return undefined;
  const source = Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
  const points = typeof n.points === "number" ? n.points : Number(n.points);
  if (n.task === true || (n.solution === true && n.grade === true)) return { grade_id: n.grade_id, kind: "task" };
  if (n.solution === true) return { grade_id: n.grade_id, kind: "solution" };
  if (n.grade === true) return { grade_id: n.grade_id, kind: "test", points, hidden: hasHiddenRegion(source) };
  if (n.locked === true) return { grade_id: n.grade_id, kind: "setup" };
  return undefined;
}

/**
 * The cell's grading metadata (metadata.dl4nlp, else nbgrader's), or undefined for an ordinary cell (anything
 * malformed counts as ordinary).
 */
export function gradeMeta(cell: ICell): GradeMeta | undefined {
  const m = (cell.metadata as { dl4nlp?: unknown } | undefined)?.dl4nlp as Partial<GradeMeta> | undefined;
  if (!m || typeof m !== "object") return fromNbgrader(cell);
  if (typeof m.grade_id !== "string" || m.grade_id === "") return undefined;
  if (typeof m.kind !== "string" || !KINDS.has(m.kind)) return undefined;
  return m as GradeMeta;
}

/** Problems of a master notebook: duplicate grade ids, tests without points, unbalanced solution markers. */
export function masterProblems(cells: ICell[], sourceOf: (c: ICell) => string): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  cells.forEach((cell, i) => {
    const meta = gradeMeta(cell);
    if (!meta) return;
    const where = `cell ${i + 1} (grade_id ${meta.grade_id})`;
    if (ids.has(meta.grade_id)) problems.push(`${where}: grade_id also used by cell ${(ids.get(meta.grade_id) ?? 0) + 1}`);
    ids.set(meta.grade_id, i);
    if (meta.kind === "test" && !(typeof meta.points === "number" && meta.points > 0)) {
      problems.push(`${where}: a test needs points > 0`);
    }
    if (meta.kind === "test" && cell.cell_type !== "code") problems.push(`${where}: a test must be a code cell`);
    if (meta.kind === "solution") {
      let depth = 0;
      for (const line of sourceOf(cell).split("\n")) {
        if (BEGIN_SOLUTION.test(line)) depth++;
        if (END_SOLUTION.test(line)) depth--;
        if (depth < 0 || depth > 1) break;
      }
      if (depth !== 0) problems.push(`${where}: unbalanced // BEGIN SOLUTION / // END SOLUTION lines`);
    }
  });
  cells.forEach((cell, i) => {
    const meta = gradeMeta(cell);
    if (meta?.kind === "test" && meta.solution !== undefined && !ids.has(meta.solution)) {
      problems.push(`cell ${i + 1} (grade_id ${meta.grade_id}): solution "${meta.solution}" is no cell of the master`);
    }
  });
  return problems;
}

/** A test cell's source without its hidden-tests regions (nbgrader's `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS`). */
export function withoutHiddenRegions(source: string): string {
  const out: string[] = [];
  let inside = false;
  for (const line of source.split("\n")) {
    if (BEGIN_HIDDEN_TESTS.test(line)) inside = true;
    else if (END_HIDDEN_TESTS.test(line)) inside = false;
    else if (!inside) out.push(line);
  }
  return out.join("\n");
}
