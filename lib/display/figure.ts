import type { Figure } from "../plot/types";
import { FIGURE_CLASS, figureHtml, plotlySource } from "./plotlyHtml";
import { encodeTrace } from "./typed-arrays";
import type { MimeBundle } from "./writer";

/** The Plotly MIME type, drawn by the `plotly` Python package's renderer (JupyterLab, Notebook 7) and by VS Code. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Options of figureBundle. */
export interface FigureBundleOptions {
  /**
   * Whether the bundle carries the project's text/html loader (default true). Without it, front ends that draw the
   * Plotly MIME type (the `plotly` package's renderer, VS Code) draw it as before, exports show the image a front end
   * or the kernel adds, and front ends with neither show text/plain (see static-image.ts, firstFormHasLoader).
   */
  loader?: boolean;
}

/**
 * The MIME bundle of a figure as first shown: application/vnd.plotly.v1+json (the figure, long numeric arrays of its
 * traces in plotly.js's typed-array form), text/html (a div + a script drawing it with plotly.js, loaded once per page,
 * never inlined; left out with `{loader: false}`) and text/plain (a one-line summary). `id` is the div's id. Once a
 * static image exists, staticBundle gives the form the notebook keeps.
 */
export function figureBundle(figure: Figure, id: string, options: FigureBundleOptions = {}): MimeBundle {
  checkFigure(figure);
  const plain = plainJson(figure) as Figure;
  if (plain.layout === undefined) plain.layout = {};
  plain.data = plain.data.map((t) => encodeTrace(t as Record<string, unknown>)) as Figure["data"];
  return {
    [PLOTLY_MIME]: plain,
    ...(options.loader === false ? {} : { "text/html": figureHtml(plain, { id, source: plotlySource() }) }),
    "text/plain": figureSummary(plain),
  };
}

/**
 * The bundle of a figure with its static SVG image: the Plotly JSON (interactive where a Plotly renderer is), the
 * image (every other front end, exports, GitHub: all prefer text/html, so the project's own text/html form goes, or
 * they would run its script instead) and the text. The image is stored once, as image/svg+xml. Text/html from
 * elsewhere (not the project's figure div) is kept. Returns a new bundle.
 */
export function staticBundle(bundle: MimeBundle, svg: string): MimeBundle {
  const out: MimeBundle = { ...bundle, "image/svg+xml": svg };
  const html = out["text/html"];
  const text = Array.isArray(html) ? html.join("") : html;
  if (typeof text === "string" && text.startsWith(`<div id="`) && text.includes(`class="${FIGURE_CLASS}"`)) {
    delete out["text/html"];
  }
  return out;
}

/** `Figure "Decision regions": 3 traces (heatmap, scatter ×2), 60 frames` */
export function figureSummary(figure: Figure): string {
  const title = figure.layout?.title?.text;
  const counts = new Map<string, number>();
  for (const t of figure.data) counts.set(t.type ?? "scatter", (counts.get(t.type ?? "scatter") ?? 0) + 1);
  const kinds = [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(", ");
  const n = figure.data.length;
  const frames = figure.frames?.length ? `, ${figure.frames.length} frames` : "";
  return `Figure${title ? ` "${title}"` : ""}: ${n} trace${n === 1 ? "" : "s"}${kinds ? ` (${kinds})` : ""}${frames}`;
}

function checkFigure(figure: Figure): void {
  if (!figure || typeof figure !== "object" || !Array.isArray(figure.data)) {
    throw new TypeError("show: expected a Plotly figure {data: Trace[], layout}, or an SVG string");
  }
}

/**
 * The figure as plain JSON, as stored in the notebook: typed arrays become arrays, NaN becomes null, and numbers are
 * rounded to 6 significant digits (a plot cannot show more; 0.30000000000000004 → 0.3 keeps notebooks small).
 */
function plainJson(figure: Figure): unknown {
  return JSON.parse(
    JSON.stringify(figure, (_k, v) => {
      if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, round6);
      return typeof v === "number" ? round6(v) : v;
    }),
  );
}

function round6(v: number): number {
  return Number.isInteger(v) || !Number.isFinite(v) ? v : Number(v.toPrecision(6));
}
