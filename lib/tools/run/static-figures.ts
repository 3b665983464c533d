import type { INotebookContent } from "@jupyterlab/nbformat";

/** What lib/tools/render reports (helper D's addStaticFigures). */
export interface StaticFiguresSummary {
  rendered: number;
  figures: number;
  skipped?: string;
  errors: { cell: number; message: string }[];
}

/** What the runner needs from lib/tools/render: static SVG images of Plotly outputs, added to the notebook in place. */
export interface StaticFigureRenderer {
  addStaticFigures(nb: INotebookContent): Promise<StaticFiguresSummary>;
}

/** lib/tools/render if it is built, else undefined (the run then writes notebooks without static figures). */
export function loadStaticFigureRenderer(): StaticFigureRenderer | undefined {
  let mod: Partial<StaticFigureRenderer>;
  try {
    mod = require("../render");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes("'../render'")) return undefined;
    throw err;
  }
  return typeof mod.addStaticFigures === "function" ? (mod as StaticFigureRenderer) : undefined;
}
