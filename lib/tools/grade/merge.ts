import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { sourceText } from "../nbformat/read";
import { shouldExecute } from "../run/cell-policy";
import { type GradeMeta, gradeMeta, hasHiddenRegion, withoutHiddenRegions, withoutMarkers } from "./metadata";

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
 * Several submission cells standing for one master cell (a pasted copy: new cell id, same grade_id) all run, in the
 * student's order; the graded one, after which the master cells that follow it go, is the last copy that comes
 * before the submission's own copy of those tests (what the student saw pass when running the tests), else, with the
 * tests deleted or every copy after them, the last copy (as Run All leaves the definitions). Each case is a warning
 * naming the copies and the one graded.
 */
export function planRun(master: INotebookContent, submission: INotebookContent): { plan: PlannedCell[]; warnings: string[] } {
  const matchOf = matcher(master);
  const warnings: string[] = [];
  const kept: { cell: ICell; index: number; master?: number }[] = [];
  const presentSolutions = new Set<string>();
  /** Master test/setup cell -> the submission's first copy of it (its position tells where the student ran it). */
  const ownCopyOf = new Map<number, number>();
  submission.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const m = matchOf(cell);
    const masterMeta = m !== undefined ? gradeMeta(master.cells[m]) : undefined;
    const ownMeta = gradeMeta(cell);
    if (m !== undefined && (masterMeta?.kind === "test" || masterMeta?.kind === "setup") && !ownCopyOf.has(m)) {
      ownCopyOf.set(m, index);
    }
    if (m !== undefined && (masterMeta?.kind === "test" || masterMeta?.kind === "setup") && changed(master.cells[m], cell)) {
      // the assignment's own cell runs in its place: say so, or the student's added code vanishes without a word
      const what = masterMeta.kind === "setup" ? "set-up" : "test";
      warnings.push(
        `cell ${index + 1} is the assignment's ${what} cell "${masterMeta.grade_id}" changed by the student: graded with ` +
          `the assignment's own ${what} cell, so the changes did not run (put added code in a cell of its own)`,
      );
    }
    if (masterMeta?.kind === "test" || masterMeta?.kind === "setup") return;
    if (ownMeta?.kind === "test" || ownMeta?.kind === "setup") return;
    if (masterMeta?.kind === "solution") presentSolutions.add(masterMeta.grade_id);
    if (!shouldExecute(cell)) return; // empty, or tagged skip-execution: the runner's policy
    kept.push({ cell, index, master: m });
  });
  // Master cells that submission cells stand for, by master index -> positions in kept (in the student's order).
  const copies = new Map<number, number[]>();
  kept.forEach((k, pos) => {
    if (k.master !== undefined) copies.set(k.master, [...(copies.get(k.master) ?? []), pos]);
  });
  const anchorAt = new Map<number, number>();
  for (const [m, positions] of copies) {
    if (positions.length === 1) {
      anchorAt.set(m, positions[0]);
      continue;
    }
    // where the student ran the tests that follow this cell in the master: their first copy in the submission
    let testsAt: number | undefined;
    for (let j = m + 1; j < master.cells.length && testsAt === undefined; j++) {
      const meta = gradeMeta(master.cells[j]);
      if (meta?.kind === "test") testsAt = ownCopyOf.get(j);
      else if (copies.has(j)) break; // the next answer cell: no test of this one in between
    }
    const before = testsAt === undefined ? [] : positions.filter((pos) => kept[pos].index < (testsAt as number));
    const graded = before.length > 0 ? before[before.length - 1] : positions[positions.length - 1];
    anchorAt.set(m, graded);
    const id = gradeMeta(master.cells[m])?.grade_id ?? String(master.cells[m].id ?? m + 1);
    const cells = positions.map((pos) => kept[pos].index + 1).join(", ");
    const gradedCell = kept[graded].index + 1;
    warnings.push(
      before.length > 0
        ? `cells ${cells} all stand for "${id}" (a pasted copy?): graded is cell ${gradedCell}, the last one before its tests (cell ${(testsAt as number) + 1}), as the student saw them run`
        : `cells ${cells} all stand for "${id}" (a pasted copy?): the tests ran after the last one (cell ${gradedCell}), as Run All leaves it`,
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
      // the way out for the student: answers are found by their cell, not by the code in it
      planned.skip =
        `the solution cell "${meta.solution}" is missing from the submission (deleted, or its answer moved to another ` +
        "cell: answers are graded in their own cells; put it back from the assignment with the answer in it)";
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

/**
 * Whether a submission's copy of a set-up or test cell differs from what the student was given (the master's source,
 * for a test without its hidden regions), ignoring trailing white space.
 */
function changed(masterCell: ICell, copy: ICell): boolean {
  const given = sourceText(masterCell);
  const expected = hasHiddenRegion(given) ? withoutHiddenRegions(given) : given; // as assign.ts hands it out
  const norm = (s: string) =>
    s
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n")
      .trim();
  return norm(sourceText(copy)) !== norm(expected);
}
