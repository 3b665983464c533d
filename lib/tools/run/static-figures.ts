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
  /** Ends the renderer's browser, if it keeps one between notebooks. */
  close?(): Promise<void>;
}

/**
 * A session of lib/tools/render (one Chromium for the whole run) if it is built, else undefined (the run then writes
 * notebooks without static figures). The caller closes it.
 */
export function loadStaticFigureRenderer(): StaticFigureRenderer | undefined {
  let mod: Partial<StaticFigureRenderer> & { createStaticFigureSession?: () => StaticFigureRenderer };
  try {
    mod = require("../render");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes("'../render'")) return undefined;
    throw err;
  }
  if (typeof mod.createStaticFigureSession === "function") return mod.createStaticFigureSession();
  return typeof mod.addStaticFigures === "function" ? (mod as StaticFigureRenderer) : undefined;
}
