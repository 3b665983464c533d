import type { ICell } from "@jupyterlab/nbformat";
import { cellTags, hasTag } from "../execute/cell-tags";
import { sourceText } from "../nbformat/read";

/** The cell's tags (metadata.tags), [] if none. */
export const tagsOf = cellTags;

/** Whether the runner executes the cell: code cells with some source, not tagged skip-execution (as nbclient). */
export function shouldExecute(cell: ICell): boolean {
  return cell.cell_type === "code" && sourceText(cell).trim() !== "" && !hasTag(cell, "skip-execution");
}

/** Whether a failure of this cell is expected (tag raises-exception, as nbclient). */
export function raisesException(cell: ICell): boolean {
  return hasTag(cell, "raises-exception");
}

/** The cell's timeout in seconds: metadata.dl4nlp.timeout, else metadata.execution.timeout, else the default. */
export function cellTimeoutSeconds(cell: ICell, fallback?: number): number | undefined {
  const meta = cell.metadata as { dl4nlp?: { timeout?: unknown }; execution?: { timeout?: unknown } };
  for (const t of [meta?.dl4nlp?.timeout, meta?.execution?.timeout]) {
    if (typeof t === "number" && t > 0) return t;
  }
  return fallback && fallback > 0 ? fallback : undefined;
}

/**
 * Warnings for cell timeouts in metadata (metadata.dl4nlp.timeout, metadata.execution.timeout) that are not seconds
 * > 0 (`"abc"`, `0`, `-5`, `"30"` as a string): the runner would otherwise use the default timeout without a word.
 */
export function timeoutWarnings(cells: readonly ICell[]): string[] {
  const warnings: string[] = [];
  for (const [i, cell] of cells.entries()) {
    const meta = cell.metadata as { dl4nlp?: { timeout?: unknown }; execution?: { timeout?: unknown } } | undefined;
    for (const [where, t] of [
      ["metadata.dl4nlp.timeout", meta?.dl4nlp?.timeout],
      ["metadata.execution.timeout", meta?.execution?.timeout],
    ] as const) {
      if (t === undefined || (typeof t === "number" && t > 0)) continue;
      const id = typeof cell.id === "string" ? ` (id ${cell.id})` : "";
      warnings.push(`cell ${i + 1}${id}: ${where} is ${JSON.stringify(t)}, not seconds > 0: ignored`);
    }
  }
  return warnings;
}

/** The first line of a cell's source (cut to 60 characters), for reports. */
export function cellTitle(cell: ICell): string {
  const line =
    sourceText(cell)
      .split("\n")
      .find((l) => l.trim() !== "") ?? "";
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
