import type { INotebookContent } from "@jupyterlab/nbformat";

/** What the runner needs from lib/tools/render (helper D's module): static SVG images of Plotly outputs. */
export interface StaticFigureRenderer {
  /** Adds an image/svg+xml rendering to each Plotly output; returns the notebook (or changes it in place). */
  addStaticFigures(nb: INotebookContent, options?: Record<string, unknown>): Promise<INotebookContent | undefined>;
}

/** lib/tools/render if it is built, else undefined (the run then writes notebooks without static figures). */
export function loadStaticFigureRenderer(): StaticFigureRenderer | undefined {
  let mod: Partial<StaticFigureRenderer>;
  try {
    mod = require("../render");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && /tools[\\/]render/.test(e.message)) return undefined;
    throw err;
  }
  return typeof mod.addStaticFigures === "function" ? (mod as StaticFigureRenderer) : undefined;
}

/** Runs the renderer on an executed notebook; the notebook unchanged when there is no renderer. */
export async function withStaticFigures(
  nb: INotebookContent,
  renderer: StaticFigureRenderer | undefined,
): Promise<INotebookContent> {
  if (!renderer) return nb;
  return (await renderer.addStaticFigures(nb)) ?? nb;
}
