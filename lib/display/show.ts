import type { Figure } from "../plot/types";
import { figureBundle } from "./figure";
import { type MatrixInput, matrixBundle, type ShowMatrixOptions } from "./matrix";
import { type ShowTableOptions, tableBundle } from "./table";
import { type MimeBundle, newDisplayId, publish } from "./writer";

/**
 * Displays a Plotly figure as ONE output with three MIME types (application/vnd.plotly.v1+json, text/html drawing it
 * with plotly.js, text/plain), or an SVG string (e.g. from computationGraph) as image/svg+xml with an HTML image and a
 * text fallback. Returns nothing, so `show(...)` as a cell's last line prints no value.
 * @example show(activationFigure([activations.sigmoid]))
 */
export function show(figure: Figure | string): void {
  const id = newDisplayId();
  publish(typeof figure === "string" ? svgBundle(figure) : figureBundle(figure, `dl4nlp-fig-${id}`));
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

/** The MIME bundle of an SVG image: image/svg+xml, text/html (the same as an <img>, which sanitizers keep), text/plain. */
export function svgBundle(svg: string): MimeBundle {
  const start = svg.indexOf("<svg");
  if (start < 0) throw new TypeError("show: a string must be an SVG image (<svg ...>)");
  const clean = svg.slice(start);
  const w = /<svg[^>]*\swidth="([\d.]+)(?:pt|px)?"/.exec(clean)?.[1];
  const h = /<svg[^>]*\sheight="([\d.]+)(?:pt|px)?"/.exec(clean)?.[1];
  const b64 = Buffer.from(clean, "utf8").toString("base64");
  return {
    "image/svg+xml": clean,
    "text/html": `<img class="dl4nlp-svg" alt="SVG image" src="data:image/svg+xml;base64,${b64}"${w ? ` width="${Math.round(Number(w) * (clean.includes('pt"') ? 4 / 3 : 1))}"` : ""}>`,
    "text/plain": `SVG image${w && h ? ` ${w}×${h}` : ""}`,
  };
}
