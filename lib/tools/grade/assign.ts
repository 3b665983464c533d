import { existsSync, realpathSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { readNotebook, sourceText } from "../nbformat/read";
import { writeNotebook } from "../nbformat/write";
import { BEGIN_SOLUTION, END_SOLUTION, gradeMeta, masterProblems } from "./metadata";

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
 * The student version of a master notebook: solutions stubbed, hidden tests removed, outputs and execution counts
 * cleared, the `hidden` flag dropped from what remains. Throws with every problem of the master listed.
 */
export function studentVersion(master: INotebookContent, file = "master"): INotebookContent {
  const problems = masterProblems(master.cells, sourceText);
  if (problems.length > 0) throw new Error(`${file}: not a valid master notebook:\n  ${problems.join("\n  ")}`);
  const cells: ICell[] = [];
  for (const cell of master.cells) {
    const meta = gradeMeta(cell);
    if (meta?.kind === "test" && meta.hidden) continue;
    const copy = structuredClone(cell) as ICell;
    if (meta?.kind === "solution") copy.source = stubSolution(sourceText(cell));
    if (copy.cell_type === "code") {
      (copy as ICodeCell).outputs = [];
      (copy as ICodeCell).execution_count = null;
      const m = copy.metadata as Record<string, unknown>;
      delete m.execution;
    }
    cells.push(copy);
  }
  return { ...structuredClone(master), cells };
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
