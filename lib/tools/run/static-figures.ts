import type { INotebookContent } from "@jupyterlab/nbformat";
import { LIVE_STATIC_ENV } from "../../display/static-image";

/** What adding static images to a notebook's figures did (lib/tools/render's addStaticFigures). */
export interface StaticFiguresSummary {
  /** Figures that now carry an SVG image (those that had one already included). */
  rendered: number;
  /** Figures found in the notebook. */
  figures: number;
  /** Why nothing was rendered (no Chromium, no plotly.js), if so. */
  skipped?: string;
  /** Figures that failed, with the cell index and the reason. */
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
 * With a renderer here, the kernels this process starts afterwards need not start a Chromium each for the images of
 * their figures (display/static-image.ts): LIVE_STATIC_ENV is set to "0" for them unless the caller set it.
 */
export function loadStaticFigureRenderer(): StaticFigureRenderer | undefined {
  let mod: { createStaticFigureSession?: () => StaticFigureRenderer };
  try {
    mod = require("../render");
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes("'../render'")) return undefined;
    throw err;
  }
  if (typeof mod.createStaticFigureSession !== "function") return undefined;
  process.env[LIVE_STATIC_ENV] ??= "0";
  return mod.createStaticFigureSession();
}
