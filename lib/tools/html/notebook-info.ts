import type { INotebookContent } from "@jupyterlab/nbformat";
import { multiline } from "./escape";

/** The lecture every notebook belongs to (shown on pages, the index and the first slide). */
export const LECTURE_TITLE = "Deep Learning for NLP: Neural Networks";

/** The notebook's title: metadata.title, else the first `# ` heading of a markdown cell (markdown left as is), else fallback. */
export function notebookTitle(nb: INotebookContent, fallback = "Notebook"): string {
  const meta = (nb.metadata as { title?: unknown }).title;
  if (typeof meta === "string" && meta.trim() !== "") return meta.trim();
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = /^#\s+(.+?)\s*#*\s*$/m.exec(multiline(cell.source));
    if (m) return m[1];
  }
  return fallback;
}

/**
 * The first line of the notebook's learning goals, as markdown: the first list item of the first markdown cell
 * (the course notebooks list what "you can" do after them), else that cell's first paragraph after the title.
 */
export function learningGoal(nb: INotebookContent): string {
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  if (!first) return "";
  const text = multiline(first.source);
  const item = /^\s*[-*+]\s+(.+(?:\n(?!\s*[-*+]\s)(?!\s*$).+)*)/m.exec(text);
  if (item) return item[1].replace(/\s*\n\s*/g, " ").replace(/[,;.]$/, "");
  const paragraphs = text.split(/\n\s*\n/).filter((p) => !/^\s*#/.test(p) && p.trim() !== "");
  return (paragraphs[0] ?? "").replace(/\s*\n\s*/g, " ").trim();
}

/** Whether a notebook has been executed: some code cell has outputs or an execution count. */
export function hasOutputs(nb: INotebookContent): boolean {
  return nb.cells.some(
    (c) => c.cell_type === "code" && ((Array.isArray(c.outputs) && c.outputs.length > 0) || c.execution_count != null),
  );
}

/** Whether a notebook has any code cell at all. */
export const hasCode = (nb: INotebookContent) =>
  nb.cells.some((c) => c.cell_type === "code" && multiline(c.source).trim() !== "");
