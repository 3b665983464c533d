import type { ICell } from "@jupyterlab/nbformat";

/**
 * What a deck does with code: `tags` follows each cell's tags (`hide-input` puts the code behind a "Show code"
 * toggle, `remove-input` leaves it out, as in Jupyter Book and nbconvert); `show` shows every input that is not
 * removed (hide-input and metadata.jupyter.source_hidden ignored); `hide` puts every code input behind its toggle.
 */
export type CodeOption = "tags" | "show" | "hide";

const HIDING_TAGS = new Set(["hide-input", "hide-cell"]);

/** The cells with their code tags rewritten for `option` (copies; the notebook's cells are not changed). */
export function applyCodeOption(cells: ICell[], option: CodeOption): ICell[] {
  if (option === "tags") return cells;
  return cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const metadata = { ...(cell.metadata as Record<string, unknown>) };
    const old = Array.isArray(metadata.tags) ? (metadata.tags as string[]) : [];
    const tags = old.filter((t) => !HIDING_TAGS.has(t));
    // hide-cell hid the outputs too: they stay behind their toggle
    if (old.includes("hide-cell") && !tags.includes("hide-output")) tags.push("hide-output");
    const jupyter = { ...((metadata.jupyter as Record<string, unknown> | undefined) ?? {}) };
    delete jupyter.source_hidden;
    if (option === "hide") tags.push("hide-input");
    metadata.tags = tags;
    metadata.jupyter = jupyter;
    return { ...cell, metadata } as ICell;
  });
}
