import type { Figure } from "../plot/types";
import { figureBundle } from "./figure";
import { type MatrixInput, matrixBundle, type ShowMatrixOptions } from "./matrix";
import { type ShowTableOptions, tableBundle } from "./table";
import { nextOutputIds } from "./display-ids";
import { attachStaticImageLater, firstFormHasLoader, liveStaticImagesEnabled } from "./static-image";
import { currentChannel, type MimeBundle, publish } from "./writer";

/**
 * Displays a Plotly figure as ONE output with three MIME types (application/vnd.plotly.v1+json, text/html drawing it
 * with plotly.js, text/plain), or an SVG string (e.g. from computationGraph) as image/svg+xml with a text fallback.
 * In a kernel with Chromium, a moment later the figure's output gets its static SVG image (static-image.ts), which
 * saved and exported notebooks show; where the kernelspec says the `plotly` package's renderer draws the figure, the
 * first form has no text/html (firstFormHasLoader). Returns nothing, so `show(...)` as a cell's last line prints no value.
 * @example show(activationFigure([activations.sigmoid]))
 */
export function show(figure: Figure | string): void {
  if (typeof figure === "string") {
    publish(svgBundle(figure));
    return;
  }
  const channel = currentChannel();
  const ids = nextOutputIds(channel?.request ?? null);
  if (!channel || !liveStaticImagesEnabled()) {
    publish(figureBundle(figure, ids.elementId));
    return;
  }
  const bundle = figureBundle(figure, ids.elementId, { loader: firstFormHasLoader() });
  publish(bundle, { displayId: ids.displayId });
  attachStaticImageLater(bundle, ids.displayId, channel.send);
}

/**
 * Displays a matrix or vector as LaTeX (typeset by JupyterLab's MathJax) with its shape, and a text fallback;
 * `{table: true}` adds an HTML table. @example showMatrix(W, {name: "W^{[1]}"})
 */
export function showMatrix(m: MatrixInput, options: ShowMatrixOptions = {}): void {
  publish(matrixBundle(m, options));
}

/** Displays records as a table (HTML and aligned text). @example showTable(result.trace) */
export function showTable(rows: readonly Record<string, unknown>[], options: ShowTableOptions = {}): void {
  publish(tableBundle(rows, options));
}

/** The MIME bundle of an SVG image: image/svg+xml (stored once, shown by every front end and export) and text/plain. */
export function svgBundle(svg: string): MimeBundle {
  const start = svg.indexOf("<svg");
  if (start < 0) throw new TypeError("show: a string must be an SVG image (<svg ...>)");
  const clean = svg.slice(start);
  const w = /<svg[^>]*\swidth="([\d.]+)(?:pt|px)?"/.exec(clean)?.[1];
  const h = /<svg[^>]*\sheight="([\d.]+)(?:pt|px)?"/.exec(clean)?.[1];
  return {
    "image/svg+xml": clean,
    "text/plain": `SVG image${w && h ? ` ${w}×${h}` : ""}`,
  };
}
