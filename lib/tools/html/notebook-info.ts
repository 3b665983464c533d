import type { INotebookContent } from "@jupyterlab/nbformat";
import { multiline } from "./escape";

/** The course's lecture (shown on the pages, the index and the first slide of the course's own notebooks). */
export const LECTURE_TITLE = "Deep Learning for NLP: Neural Networks";

/** Whether a notebook is one of the course's own: `metadata.dl4nlp.course` is true (set on notebooks/ and the assignments). */
export function isCourseNotebook(nb: INotebookContent): boolean {
  return (nb.metadata as { dl4nlp?: { course?: unknown } } | undefined)?.dl4nlp?.course === true;
}

/**
 * The lecture line of a notebook's page or deck: `explicit` when given, the course's title (LECTURE_TITLE) for the
 * course's own notebooks, else none: a lecturer's own notebook is shown under its own title only.
 */
export function lectureTitleOf(nb: INotebookContent, explicit?: string): string | undefined {
  return explicit ?? (isCourseNotebook(nb) ? LECTURE_TITLE : undefined);
}

/** The lecture line of an index of notebooks: `explicit`, else the course's title when every one is the course's. */
export function lectureTitleOfAll(nbs: INotebookContent[], explicit?: string): string | undefined {
  return explicit ?? (nbs.length > 0 && nbs.every(isCourseNotebook) ? LECTURE_TITLE : undefined);
}

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
