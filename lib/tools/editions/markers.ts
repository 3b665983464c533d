import type { ICell } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";

/**
 * What the two editions differ in: the one place that decides which cell holds what.
 *
 * - A **solution**: a code cell with `// BEGIN SOLUTION` … `// END SOLUTION` regions (or `metadata.dl4nlp.kind`
 *   "solution", the grading convention, where the whole cell is the answer when it has no region). The student edition
 *   gets the stub instead of each region.
 * - A **self-check**: a code cell tagged `self-check` (or a visible grading test, kind "test"). Kept, outputs cleared,
 *   tagged `raises-exception` in the student edition so that Run All goes on past an unsolved exercise.
 * - A **hidden test**: kind "test" with `hidden: true`. Removed from the student edition.
 * - An **answer**: a cell tagged `answer` (a quiz's answer, worked out). Removed from the student edition.
 * - A **speaker note**: `slideshow.slide_type` "notes". Removed from the student edition.
 */
export const BEGIN_SOLUTION = /^(\s*)\/\/\s*BEGIN SOLUTION\s*$/;
export const END_SOLUTION = /^\s*\/\/\s*END SOLUTION\s*$/;

export const TAGS = { selfCheck: "self-check", answer: "answer", exercise: "exercise", raises: "raises-exception" } as const;

/** The role of a cell in the editions. */
export type Role = "solution" | "self-check" | "hidden-test" | "answer" | "notes" | "plain";

interface Dl4nlpMeta {
  kind?: string;
  hidden?: boolean;
}

export function tagsOf(cell: ICell): string[] {
  const tags = (cell.metadata as { tags?: unknown }).tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

function dl4nlpOf(cell: ICell): Dl4nlpMeta {
  const m = (cell.metadata as { dl4nlp?: unknown }).dl4nlp;
  return m && typeof m === "object" ? (m as Dl4nlpMeta) : {};
}

/** The role of `cell` (see the module comment). */
export function roleOf(cell: ICell): Role {
  const tags = tagsOf(cell);
  const meta = dl4nlpOf(cell);
  const slideType = (cell.metadata as { slideshow?: { slide_type?: string } }).slideshow?.slide_type;
  if (tags.includes(TAGS.answer)) return "answer";
  if (meta.kind === "test" && meta.hidden === true) return "hidden-test";
  if (cell.cell_type === "code") {
    if (
      meta.kind === "solution" ||
      sourceText(cell)
        .split("\n")
        .some((l) => BEGIN_SOLUTION.test(l))
    )
      return "solution";
    if (tags.includes(TAGS.selfCheck) || meta.kind === "test") return "self-check";
  }
  if (slideType === "notes") return "notes";
  return "plain";
}

/** One BEGIN/END SOLUTION region of a cell: its lines, and the indentation of its BEGIN line. */
export interface SolutionRegion {
  indent: string;
  lines: string[];
  /** The function the region sits in (the nearest `function name(` above it), if any. */
  inFunction?: string;
}

/**
 * The solution regions of a cell's source, and the source with each replaced by its stub: a region inside a function
 * (indented) becomes `// YOUR CODE HERE` and a `throw`, so the cell still defines the function and the self-check says
 * that it is not written yet; a region at the top level becomes `// YOUR CODE HERE`, so the placeholders declared
 * above it (NaN, []) stay, and the self-check rejects them. Throws on unbalanced markers, naming the line.
 */
export function splitSolution(source: string, where: string): { stubbed: string; regions: SolutionRegion[] } {
  const lines = source.split("\n");
  if (!lines.some((l) => BEGIN_SOLUTION.test(l))) {
    const end = lines.findIndex((l) => END_SOLUTION.test(l));
    if (end >= 0) throw new Error(`${where}: line ${end + 1}: END SOLUTION without BEGIN SOLUTION`);
    return { stubbed: "// YOUR CODE HERE", regions: [{ indent: "", lines }] };
  }
  const out: string[] = [];
  const regions: SolutionRegion[] = [];
  let current: SolutionRegion | undefined;
  let lastFunction: string | undefined;
  lines.forEach((line, i) => {
    const begin = BEGIN_SOLUTION.exec(line);
    if (begin) {
      if (current) throw new Error(`${where}: line ${i + 1}: BEGIN SOLUTION inside another solution region`);
      current = { indent: begin[1], lines: [], inFunction: begin[1] === "" ? undefined : lastFunction };
      out.push(`${begin[1]}// YOUR CODE HERE`);
      if (begin[1] !== "") out.push(`${begin[1]}${STUB_THROW}`);
    } else if (END_SOLUTION.test(line)) {
      if (!current) throw new Error(`${where}: line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      regions.push(current);
      current = undefined;
    } else if (current) current.lines.push(line);
    else {
      const fn = /\bfunction\s+([A-Za-z_$][\w$]*)\s*\(/.exec(line);
      if (fn) lastFunction = fn[1];
      out.push(line);
    }
  });
  if (current) throw new Error(`${where}: a BEGIN SOLUTION region is never closed by // END SOLUTION`);
  return { stubbed: out.join("\n"), regions };
}

/** The statement that stands for a function's body in the student edition. */
const STUB_THROW = 'throw new Error("not written yet: replace this line with your code");';
