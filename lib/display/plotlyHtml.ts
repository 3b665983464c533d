import type { Figure } from "../plot/types";
import { type DrawFigureInput, drawFigure } from "./browser/draw-figure";

/**
 * Where the browser finds plotly.js, as known in the kernel: the absolute path of the bundle on the kernel's
 * machine, and that path relative to the kernel's working folder (the notebook's folder under Jupyter).
 */
export interface PlotlySource {
  /** Absolute path, e.g. /home/ana/dl4nlp/node_modules/plotly.js-dist-min/plotly.min.js. */
  absolutePath: string;
  /** Relative to the kernel's cwd, with forward slashes, e.g. ../node_modules/plotly.js-dist-min/plotly.min.js. */
  relativePath: string;
}

let cachedSource: PlotlySource | null | undefined;

/** Finds plotly.js-dist-min's bundle. Null when it is not installed. */
export function plotlySource(): PlotlySource | null {
  if (cachedSource !== undefined) return cachedSource;
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  let abs: string | null = null;
  try {
    const p = require.resolve("plotly.js-dist-min/plotly.min.js");
    if (fs.existsSync(p)) abs = p;
  } catch {
    // not installed
  }
  cachedSource = abs
    ? { absolutePath: abs.split(path.sep).join("/"), relativePath: path.relative(process.cwd(), abs).split(path.sep).join("/") }
    : null;
  return cachedSource;
}

/** Options of the HTML form of a figure. */
export interface FigureHtmlOptions {
  /** The element id (the same for the same notebook, cell and output: see displayIds). */
  id: string;
  /** Where plotly.js is, for pages without window.Plotly; null: only window.Plotly is used. */
  source: PlotlySource | null;
}

/**
 * The text/html form of a figure, the fallback of front ends without a Plotly renderer: a div and a script that draws
 * the figure into it with plotly.js (browser/draw-figure.ts, inlined from its compiled source). Once a static image is
 * attached (staticBundle), this form is dropped from the bundle: image/svg+xml then serves every page without scripts.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions): string {
  const { id } = options;
  const width = typeof figure.layout.width === "number" ? `max-width:${figure.layout.width}px;` : "";
  const height = typeof figure.layout.height === "number" ? figure.layout.height : 450;
  const src = options.source ? { abs: options.source.absolutePath, rel: options.source.relativePath } : null;
  const input: DrawFigureInput = { id, fig: figure as DrawFigureInput["fig"], src };
  return `<div id="${id}" class="${FIGURE_CLASS}" style="${width}min-height:${height}px"></div>
<script type="text/javascript">(${drawFigure.toString()})(${safeJson(input)});</script>`;
}

/** The class of a figure's div in its text/html form (staticBundle recognises the project's own HTML by it). */
export const FIGURE_CLASS = "dl4nlp-figure";

/** JSON safe to put inside a <script> element: no "</script>", no "<!--". */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
