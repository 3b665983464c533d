import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";
import { shouldExecute } from "../run/cell-policy";
import { type GradeMeta, gradeMeta, withoutMarkers } from "./metadata";

/** One cell of a graded run, in execution order. */
export interface PlannedCell {
  /** "student": the submission's code; "test" / "setup": the master's, put back in place. */
  role: "student" | "test" | "setup";
  source: string;
  /** Index of the cell in the submission (student cells) or in the master (test, setup). */
  index: number;
  id: string;
  meta?: GradeMeta;
  /** For a test whose solution cell is missing from the submission: why it is not run. */
  skip?: string;
}

/** The master cell a submission cell stands for: same cell id first, else same metadata grade_id. */
function matcher(master: INotebookContent) {
  const byId = new Map<string, number>();
  const byGradeId = new Map<string, number>();
  master.cells.forEach((cell, i) => {
    if (typeof cell.id === "string") byId.set(cell.id, i);
    const meta = gradeMeta(cell);
    if (meta) byGradeId.set(meta.grade_id, i);
  });
  return (cell: ICell): number | undefined => {
    const id = typeof cell.id === "string" ? byId.get(cell.id) : undefined;
    if (id !== undefined) return id;
    const meta = gradeMeta(cell);
    return meta ? byGradeId.get(meta.grade_id) : undefined;
  };
}

/**
 * The run plan of a submission: the student's code cells in the student's order, except cells that claim to be a test
 * or setup cell (by id, grade_id or metadata): those are dropped and the master's test and setup cells (hidden ones
 * too) are inserted after the submission cell that matches the nearest preceding master cell (at the start if none
 * matches). Tests whose solution cell is missing get `skip`. Markdown and empty cells are left out.
 * Several submission cells standing for one master cell (a pasted copy: new cell id, same grade_id) run in the
 * student's order and the master cells that follow go after the LAST of them, as the student's own Run All would
 * leave the definitions; each such case is a warning.
 */
export function planRun(master: INotebookContent, submission: INotebookContent): { plan: PlannedCell[]; warnings: string[] } {
  const matchOf = matcher(master);
  const kept: { cell: ICell; index: number; master?: number }[] = [];
  const presentSolutions = new Set<string>();
  submission.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const m = matchOf(cell);
    const masterMeta = m !== undefined ? gradeMeta(master.cells[m]) : undefined;
    const ownMeta = gradeMeta(cell);
    if (masterMeta?.kind === "test" || masterMeta?.kind === "setup") return;
    if (ownMeta?.kind === "test" || ownMeta?.kind === "setup") return;
    if (masterMeta?.kind === "solution") presentSolutions.add(masterMeta.grade_id);
    if (!shouldExecute(cell)) return; // empty, or tagged skip-execution: the runner's policy
    kept.push({ cell, index, master: m });
  });
  // Master cells that submission cells stand for, by master index -> position in kept.
  const anchorAt = new Map<number, number>();
  const copies = new Map<number, number[]>();
  kept.forEach((k, pos) => {
    if (k.master === undefined) return;
    anchorAt.set(k.master, pos);
    copies.set(k.master, [...(copies.get(k.master) ?? []), k.index + 1]);
  });
  const warnings: string[] = [];
  for (const [m, cells] of copies) {
    if (cells.length < 2) continue;
    const id = gradeMeta(master.cells[m])?.grade_id ?? String(master.cells[m].id ?? m + 1);
    warnings.push(
      `cells ${cells.join(", ")} all stand for "${id}" (a pasted copy?): the tests ran after the last one (cell ${cells[cells.length - 1]}), as Run All leaves it`,
    );
  }
  const inserted = new Map<number, PlannedCell[]>(); // position in kept (-1: before all) -> master cells after it
  master.cells.forEach((cell, i) => {
    const meta = gradeMeta(cell);
    if (!meta || (meta.kind !== "test" && meta.kind !== "setup") || cell.cell_type !== "code") return;
    let anchor = -1;
    for (let j = i - 1; j >= 0; j--) {
      const pos = anchorAt.get(j);
      if (pos !== undefined) {
        anchor = pos;
        break;
      }
    }
    const planned: PlannedCell = {
      role: meta.kind,
      source: withoutMarkers(sourceText(cell)),
      index: i,
      id: String(cell.id ?? ""),
      meta,
    };
    if (meta.kind === "test" && meta.solution !== undefined && !presentSolutions.has(meta.solution)) {
      planned.skip = `the solution cell "${meta.solution}" is missing from the submission`;
    }
    inserted.set(anchor, [...(inserted.get(anchor) ?? []), planned]);
  });
  const plan: PlannedCell[] = [...(inserted.get(-1) ?? [])];
  kept.forEach((k, pos) => {
    plan.push({
      role: "student",
      source: sourceText(k.cell),
      index: k.index,
      id: String(k.cell.id ?? ""),
      // the master's metadata of the cell it stands for (its timeout): a submission's own metadata is not trusted
      meta: k.master !== undefined ? gradeMeta(master.cells[k.master]) : undefined,
    });
    plan.push(...(inserted.get(pos) ?? []));
  });
  return { plan, warnings };
}
