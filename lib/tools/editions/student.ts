import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";
import { TAGS, roleOf, splitSolution, tagsOf } from "./markers";

/**
 * The student edition of a notebook (executed or not): solution regions replaced by stubs, answer cells, hidden tests
 * and speaker notes removed; solution and self-check cells without outputs (a self-check's "✓" line can show the
 * answer) and tagged `raises-exception` where they are self-checks, so Run All goes on past an unsolved exercise.
 * Every other cell keeps its outputs, so pages and decks built from it need no new run. `file` names the notebook in
 * errors (unbalanced solution markers).
 */
export function studentEdition(nb: INotebookContent, file: string): INotebookContent {
  const cells: ICell[] = [];
  nb.cells.forEach((cell, i) => {
    const role = roleOf(cell);
    if (role === "answer" || role === "hidden-test" || role === "notes") return;
    const copy = structuredClone(cell) as ICell;
    if (role === "solution") {
      const { stubbed } = splitSolution(sourceText(cell), `${file}, cell ${i + 1} (${cell.id ?? "no id"})`);
      copy.source = stubbed;
    }
    if (role === "solution" || role === "self-check") {
      const code = copy as ICodeCell;
      code.outputs = [];
      code.execution_count = null;
      const meta = code.metadata as Record<string, unknown>;
      delete meta.execution;
      if (role === "self-check" && !tagsOf(copy).includes(TAGS.raises)) meta.tags = [...tagsOf(copy), TAGS.raises];
    }
    cells.push(copy);
  });
  return { ...structuredClone(nb), cells };
}
