import type { ICell, ICodeCell, IMarkdownCell, IRawCell } from "@jupyterlab/nbformat";
import { cellTags } from "../execute/cell-tags";
import { multiline } from "./escape";
import { highlightCode } from "./highlight";
import { isolateCellPart } from "./isolate";
import { renderMarkdown } from "./markdown";
import { type RenderContext, renderOutputs } from "./outputs";

/** How a part of a cell (input or outputs) is shown: as is, behind a "show" toggle, or not at all. */
export type Visibility = "show" | "hide" | "remove";

/** What the cell's tags (Jupyter Book names) and JupyterLab's collapse flags ask for. */
export interface CellVisibility {
  /** remove-cell: the cell is dropped before anything else (as nbconvert's TagRemovePreprocessor does). */
  removed: boolean;
  input: Visibility;
  output: Visibility;
}

export { cellTags };

/** remove-cell / remove-input / remove-output / hide-input / hide-output (+ hide-cell), and metadata.jupyter.*_hidden. */
export function cellVisibility(cell: ICell): CellVisibility {
  const tags = new Set(cellTags(cell));
  const jupyter = (cell.metadata as { jupyter?: { source_hidden?: boolean; outputs_hidden?: boolean } }).jupyter ?? {};
  const vis = (remove: boolean, hide: boolean): Visibility => (remove ? "remove" : hide ? "hide" : "show");
  return {
    removed: tags.has("remove-cell"),
    input: vis(tags.has("remove-input"), tags.has("hide-input") || tags.has("hide-cell") || jupyter.source_hidden === true),
    output: vis(tags.has("remove-output"), tags.has("hide-output") || tags.has("hide-cell") || jupyter.outputs_hidden === true),
  };
}

/** Options of renderCell. */
export interface CellRenderOptions {
  /** Show "In [n]:" prompts (pages; slides do without). */
  prompts?: boolean;
  /** Mark the cell's element with its 1-based position in the notebook (`data-cell`, from ctx.cellNumbers): decks report by it. */
  numbered?: boolean;
}

const toggle = (html: string, label: string, cls: string) =>
  `<details class="${cls}"><summary>${label}</summary>${html}</details>`;

/** A code cell's source, highlighted as TypeScript. */
function renderCodeInput(source: string, count: number | null | undefined, options: CellRenderOptions): string {
  const prompt = options.prompts ? `<div class="prompt">In&nbsp;[${count ?? " "}]:</div>` : "";
  return `<div class="input">${prompt}<pre class="code"><code class="hljs language-typescript">${highlightCode(source, "typescript")}</code></pre></div>`;
}

/**
 * One cell → HTML (empty string when nothing of it is shown): markdown typeset, code highlighted with its outputs,
 * raw cells when their format is HTML, Markdown or none (as nbconvert); tags honoured (see cellVisibility). The cell's HTML is
 * balanced on its own, part by part (isolateCellPart), so that no cell can swallow or break the cells after it; a repair is a warning
 * naming the cell.
 */
export function renderCell(cell: ICell, ctx: RenderContext, options: CellRenderOptions = {}): string {
  const previous = ctx.cellLabel;
  ctx.cellLabel = cellLabel(cell, ctx);
  try {
    return renderCellParts(cell, ctx, options);
  } finally {
    ctx.cellLabel = previous;
  }
}

/** "cell 3 (id abc)" (1-based position in the notebook when the context knows it). */
export function cellLabel(cell: ICell, ctx: RenderContext): string {
  const n = ctx.cellNumbers?.get(cell);
  const id = typeof cell.id === "string" && cell.id !== "" ? `id ${cell.id}` : "";
  if (n !== undefined) return `cell ${n}${id ? ` (${id})` : ""}`;
  return id ? `cell ${id}` : `${cell.cell_type} cell`;
}

/** renderCell with ctx.cellLabel set. */
function renderCellParts(cell: ICell, ctx: RenderContext, options: CellRenderOptions): string {
  const v = cellVisibility(cell);
  if (v.removed) return "";
  const n = options.numbered ? ctx.cellNumbers?.get(cell) : undefined;
  const cls = (kind: string) => `class="cell ${kind}"${n === undefined ? "" : ` data-cell="${n}"`}`;
  const source = multiline(cell.source);
  if (cell.cell_type === "markdown") {
    const md = cell as IMarkdownCell;
    const html = renderMarkdown(source, ctx.math, { attachments: md.attachments as never });
    return `<div ${cls("markdown-cell")}>${isolateCellPart(html, ctx, "markdown")}</div>`;
  }
  if (cell.cell_type === "raw") {
    const fmt = String((cell as IRawCell).metadata?.format ?? (cell as IRawCell).metadata?.raw_mimetype ?? "");
    if (fmt === "text/html") return `<div ${cls("raw-cell")}>${isolateCellPart(source, ctx, "raw")}</div>`;
    if (fmt === "text/markdown") {
      return `<div ${cls("raw-cell")}>${isolateCellPart(renderMarkdown(source, ctx.math), ctx, "raw markdown")}</div>`;
    }
    // as nbconvert's HTML exporter: a raw cell without a format is passed through (its raw_mimetypes include "")
    if (fmt === "") return `<div ${cls("raw-cell")}>${isolateCellPart(source, ctx, "raw")}</div>`;
    return "";
  }
  if (cell.cell_type !== "code") return "";
  const code = cell as ICodeCell;
  const parts: string[] = [];
  if (v.input !== "remove" && source.trim() !== "") {
    const input = renderCodeInput(source, code.execution_count, options);
    parts.push(v.input === "hide" ? toggle(input, "Show code", "hidden-input") : input);
  }
  if (v.output !== "remove") {
    const out = renderOutputs(code.outputs ?? [], ctx);
    if (out !== "") {
      const html = `<div class="outputs">${out}</div>`;
      parts.push(v.output === "hide" ? toggle(html, "Show output", "hidden-output") : html);
    }
  }
  return parts.length ? `<div ${cls("code-cell")}>${parts.join("\n")}</div>` : "";
}
