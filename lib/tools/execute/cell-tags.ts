import type { ICell } from "@jupyterlab/nbformat";

/**
 * The cell tags the tools act on (metadata.tags), the one place that names them: who reads each and what it does.
 * Names follow nbclient/papermill (execution) and Jupyter Book / nbconvert's TagRemovePreprocessor (exports).
 */
const CELL_TAGS = {
  "skip-execution": { by: "run, grade", meaning: "not executed (nbclient's skip-execution)" },
  "raises-exception": { by: "run, grade", meaning: "an error in this cell is expected: it passes (nbclient)" },
  parameters: { by: "run", meaning: "-p values are injected after this cell (papermill)" },
  "injected-parameters": { by: "run", meaning: "the cell -p values were injected as; replaced on the next run" },
  "remove-cell": { by: "html, slides", meaning: "the cell is left out of exports" },
  "remove-input": { by: "html, slides", meaning: "the code is left out of exports" },
  "remove-output": { by: "html, slides", meaning: "the outputs are left out of exports" },
  "hide-input": { by: "html, slides", meaning: "the code is behind a 'Show code' toggle" },
  "hide-output": { by: "html, slides", meaning: "the outputs are behind a 'Show output' toggle" },
  "hide-cell": { by: "html, slides", meaning: "code and outputs are behind toggles" },
} as const satisfies Record<string, { by: string; meaning: string }>;

/** A tag the tools know. */
export type CellTag = keyof typeof CELL_TAGS;

/** The cell's tags (metadata.tags, strings only), [] if none. */
export function cellTags(cell: ICell): string[] {
  const tags = (cell.metadata as { tags?: unknown } | undefined)?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** Whether the cell carries the tag. */
export function hasTag(cell: ICell, tag: CellTag): boolean {
  return cellTags(cell).includes(tag);
}
