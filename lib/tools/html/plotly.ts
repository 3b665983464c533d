import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { plotlySource } from "../../display/plotlyHtml";
import { PLOT_LABELS_MAX } from "../slides/theme";
import { browserScript } from "./browser-script";
import { escapeHtml, safeJson } from "./escape";
import { PAGE_ID } from "./page-names";

/** The Plotly figure MIME type (JupyterLab's plotly extension, VS Code, dl4nlp's show()). */
export { PLOTLY_MIME } from "../../display/figure";

/** plotly.js-dist-min's bundle file. */
function plotlyFile(): string {
  const source = plotlySource();
  if (!source) throw new Error("plotly.js-dist-min is not installed: the page has Plotly figures and needs it (npm ci)");
  return source.absolutePath;
}

let gzCache: string | undefined;

/**
 * plotly.js gzipped and base64-encoded (10 MB → 2.6 MB), cached in the temp folder per bundle version (keyed by path,
 * size and mtime) because compressing takes a second or two.
 */
function plotlyGzipBase64(): string {
  if (gzCache !== undefined) return gzCache;
  const file = plotlyFile();
  const info = statSync(file);
  const key = createHash("sha256").update(`${file}:${info.size}:${info.mtimeMs}`).digest("hex").slice(0, 16);
  const cached = join(tmpdir(), `dl4nlp-plotly-${key}.gz.b64`);
  try {
    gzCache = readFileSync(cached, "utf8");
    return gzCache;
  } catch {
    // not cached yet
  }
  gzCache = gzipSync(readFileSync(file), { level: 6 }).toString("base64");
  try {
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, gzCache);
    renameSync(tmp, cached);
  } catch {
    // a cache that cannot be written only costs time
  }
  return gzCache;
}

/**
 * plotly.js embedded ONCE in a page, never from a CDN: gzipped + base64 in an inert <script> element, unpacked in the
 * browser by `browser/plotly-unpack.ts`, which defines window.dl4nlpPlotlyReady, a promise of Plotly.
 */
export function plotlyEmbedHtml(): string {
  return `<script type="application/octet-stream" id="${PAGE_ID.plotlyGz}">${plotlyGzipBase64()}</script>
<script>${browserScript("html/browser/plotly-unpack")}</script>`;
}

/**
 * A figure's place in the page: an empty div and its JSON in a non-executed <script type="application/json">; the
 * page's one drawing script (plotDrawHtml) draws every such div with plotly.js.
 */
export function plotlyFigureHtml(figure: unknown, id: string): string {
  return `<div class="dl4nlp-plot" id="${escapeHtml(id)}"></div><script type="application/json" class="dl4nlp-plot-data" data-for="${escapeHtml(id)}">${safeJson(figure)}</script>`;
}

/** Sizes of figures on slides: the default when a figure has none, and the largest that fits under a heading. */
export interface FixedPlotSize {
  width: number;
  height: number;
  maxWidth: number;
  maxHeight: number;
}

/**
 * The page's one drawing script (`browser/plot-draw.ts`) with its options: draws every `.dl4nlp-plot` from its JSON,
 * with frames (animations), and sets window.dl4nlpPlotsDrawn, a promise of the number drawn. `fixed`: fixed sizes
 * (decks: reveal.js scales the whole slide); without it (pages) a figure keeps its size while it fits its column and
 * fills the column when it does not. Pages also get the labels script decks use (`slides/browser/plot-labels.ts`,
 * one measurement for both): a figure whose labels crowd or are cut in the column is laid out larger (up to
 * `PLOT_LABELS_MAX`) and its output box scrolls sideways (page-css.ts); decks inline it themselves (slides/fit.ts).
 */
export function plotDrawHtml(options: { fixed?: FixedPlotSize } = {}): string {
  const draw = `<script type="application/json" id="${PAGE_ID.plotOptions}">${safeJson(options)}</script>
<script>${browserScript("html/browser/plot-draw")}</script>`;
  if (options.fixed) return draw;
  return `${draw}
${plotLabelsHtml({ page: true })}`;
}

/**
 * The labels script (`slides/browser/plot-labels.ts`) with its options: the largest a figure is laid out
 * (`PLOT_LABELS_MAX`), and either `page` (every figure of a page; its box scrolls sideways) or the deck's `slideWidth`.
 */
export function plotLabelsHtml(where: { page: true } | { slideWidth: number }): string {
  return `<script type="application/json" id="${PAGE_ID.plotLabels}">${safeJson({ ...PLOT_LABELS_MAX, ...where })}</script>
<script>${browserScript("slides/browser/plot-labels")}</script>`;
}
