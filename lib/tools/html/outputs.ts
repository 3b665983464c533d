import type { IError, IMimeBundle, IOutput, IStream } from "@jupyterlab/nbformat";
import { ansiToHtml } from "./ansi";
import { multiline } from "./escape";
import { cleanBase64, imageHtml, isRasterImageMime, RASTER_IMAGE_MIMES } from "./image-output";
import { renderMarkdown } from "./markdown";
import { isolateCellPart } from "./isolate";
import { type MathState, renderMath } from "./math";
import { PLOTLY_MIME, plotlyFigureHtml } from "./plotly";

/** State shared by the cells of one exported document. */
export interface RenderContext {
  math: MathState;
  /** Plotly figures placed so far (the page embeds plotly.js when > 0). */
  figures: number;
  /** Problems worth telling the user (unrenderable outputs, math errors are in math.errors). */
  warnings: string[];
  /** Prefix of element ids (unique per document). */
  idPrefix: string;
  /** 1-based position of each cell in its notebook, for warnings that name a cell. */
  cellNumbers?: Map<unknown, number>;
  /** The cell being rendered ("cell 3 (id abc)"), for warnings. */
  cellLabel?: string;
  /** The notebook's folder: local images are embedded from there. */
  baseDir?: string;
  /** Texts of the once-per-page scripts placed so far (isolate.ts, ONCE_PER_PAGE_ATTRIBUTE): later copies are dropped. */
  onceScripts: Set<string>;
  /**
   * Whether the outputs may run their scripts: true for outputs computed by this run (the export executed the notebook)
   * or when the user passed --trust; false for outputs stored in a notebook from elsewhere (isolate.ts, confine.ts).
   */
  trustOutputs: boolean;
}

export const newRenderContext = (math: MathState, idPrefix = "fig", trustOutputs = false): RenderContext => ({
  math,
  trustOutputs,
  figures: 0,
  warnings: [],
  idPrefix,
  onceScripts: new Set(),
});

/**
 * The MIME types an export can show, best first: Plotly JSON (drawn live by the page's one plotly.js), then
 * JupyterLab's default renderers by rank (@jupyterlab/rendermime standardRendererFactories: HTML 50, Markdown 60,
 * LaTeX 70, SVG 80, raster images 90 in the order of RASTER_IMAGE_MIMES, plain text 120). application/javascript
 * (rank 110) is left out: an export never runs a script output.
 */
const MIME_ORDER = [
  PLOTLY_MIME,
  "text/html",
  "text/markdown",
  "text/latex",
  "image/svg+xml",
  ...RASTER_IMAGE_MIMES,
  "text/plain",
] as const;

/**
 * The MIME type renderBundle will use for a bundle, or undefined when it has none it can show. A raster image whose
 * data is not base64 is passed over (renderBundle warns).
 */
export function pickMime(bundle: IMimeBundle): string | undefined {
  return MIME_ORDER.find((m) => bundle[m] !== undefined && bundle[m] !== null && usable(m, bundle[m]));
}

const usable = (mime: string, value: unknown) =>
  !isRasterImageMime(mime) ||
  (typeof value === "string" || Array.isArray(value) ? cleanBase64(multiline(value)) !== undefined : false);

/** LaTeX output (text/latex) → HTML: `$$…$$`-style text goes through the markdown math path; bare TeX is display math. */
function renderLatex(tex: string, ctx: RenderContext): string {
  const t = tex.trim();
  if (/^\$|^\\\[|^\\\(|^\\begin\{/.test(t) || t.includes("$")) {
    return `<div class="output-latex">${renderMarkdown(t, ctx.math)}</div>`;
  }
  return `<div class="output-latex">${renderMath(t, true, ctx.math)}</div>`;
}

/** One display_data / execute_result bundle → HTML, in its best MIME type. */
function renderBundle(bundle: IMimeBundle, metadata: Record<string, unknown>, ctx: RenderContext): string {
  const mime = pickMime(bundle);
  const cell = ctx.cellLabel ?? "a cell";
  // an image that would have been shown but is not base64 (one ranked below the shown type is never looked at)
  const rank = (m: string) => (MIME_ORDER as readonly string[]).indexOf(m);
  for (const bad of Object.keys(bundle).filter((m) => isRasterImageMime(m) && !usable(m, bundle[m]))) {
    if (mime === undefined || rank(bad) < rank(mime))
      ctx.warnings.push(`${cell}: its ${bad} output is not base64 data; not shown`);
  }
  if (mime === undefined) {
    const kinds = Object.keys(bundle).join(", ") || "nothing";
    ctx.warnings.push(`${cell}: an output has no MIME type an export can show (${kinds})`);
    return "";
  }
  const value = bundle[mime];
  const text = typeof value === "string" || Array.isArray(value) ? multiline(value) : "";
  switch (mime) {
    case PLOTLY_MIME: {
      const id = `${ctx.idPrefix}-${++ctx.figures}`;
      return `<div class="output-plotly">${plotlyFigureHtml(value, id)}</div>`;
    }
    case "text/html":
      return `<div class="output-html">${isolateCellPart(text, ctx, "output", ctx.trustOutputs)}</div>`;
    case "image/svg+xml":
      return imageHtml(mime, text, metadata);
    case "text/latex":
      return renderLatex(text, ctx);
    case "text/markdown":
      return `<div class="output-markdown">${isolateCellPart(renderMarkdown(text, ctx.math), ctx, "markdown output", ctx.trustOutputs)}</div>`;
    case "text/plain":
      return `<pre class="output-text">${ansiToHtml(text)}</pre>`;
    default:
      // a raster image (pickMime checked its base64)
      return imageHtml(mime, cleanBase64(text) ?? "", metadata);
  }
}

/** A cell's outputs → HTML: streams (consecutive ones of the same name merged), errors with ANSI colours, rich outputs. */
export function renderOutputs(outputs: IOutput[], ctx: RenderContext): string {
  const parts: string[] = [];
  let stream: { name: string; text: string } | undefined;
  const flush = () => {
    if (stream && stream.text !== "") {
      parts.push(
        `<pre class="output-stream output-${stream.name === "stderr" ? "stderr" : "stdout"}">${ansiToHtml(stream.text)}</pre>`,
      );
    }
    stream = undefined;
  };
  for (const output of outputs) {
    if (output.output_type === "stream") {
      const s = output as IStream;
      const text = multiline(s.text);
      if (stream && stream.name === s.name) stream.text += text;
      else {
        flush();
        stream = { name: s.name, text };
      }
      continue;
    }
    flush();
    if (output.output_type === "error") {
      const e = output as IError;
      const trace = Array.isArray(e.traceback) && e.traceback.length ? e.traceback.join("\n") : `${e.ename}: ${e.evalue}`;
      parts.push(`<pre class="output-error">${ansiToHtml(trace)}</pre>`);
    } else if (output.output_type === "display_data" || output.output_type === "execute_result") {
      const o = output as { data?: IMimeBundle; metadata?: Record<string, unknown> };
      const html = renderBundle(o.data ?? {}, o.metadata ?? {}, ctx);
      if (html) parts.push(html);
    }
  }
  flush();
  return parts.join("\n");
}
