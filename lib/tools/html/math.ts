import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import katex from "katex";
import { escapeHtml } from "./escape";

/** Per-document state of the math typesetter: macros defined by \newcommand/\def persist across cells, as in Jupyter. */
export interface MathState {
  macros: Record<string, string>;
  /** Formulas KaTeX could not typeset: the TeX and KaTeX's message. */
  errors: { tex: string; message: string }[];
}

export const newMathState = (): MathState => ({ macros: {}, errors: [] });

/**
 * TeX → HTML typeset ahead of time with KaTeX (katex.renderToString; HTML + MathML). A formula KaTeX rejects is shown
 * as its TeX in red with the message as tooltip, and recorded in state.errors (never silently dropped).
 */
export function renderMath(tex: string, displayMode: boolean, state: MathState): string {
  try {
    return katex.renderToString(tex, {
      displayMode,
      throwOnError: true,
      macros: state.macros,
      globalGroup: true,
      strict: "ignore",
    });
  } catch (err) {
    const message = (err as Error).message;
    state.errors.push({ tex, message });
    const tag = displayMode ? "div" : "span";
    return `<${tag} class="math-error" title="${escapeHtml(message)}">${escapeHtml(tex)}</${tag}>`;
  }
}

let katexCssCache: string | undefined;

/**
 * KaTeX's stylesheet with its fonts inlined as data: URLs (woff2 only: every browser that runs reveal.js 6 reads it),
 * so a page needs no font files next to it.
 */
export function katexCss(): string {
  if (katexCssCache !== undefined) return katexCssCache;
  const dir = dirname(require.resolve("katex/dist/katex.min.css"));
  const css = readFileSync(join(dir, "katex.min.css"), "utf8");
  katexCssCache = css.replace(/src:([^;}]*)/g, (whole, list: string) => {
    const m = /url\((?:["']?)(fonts\/[^)"']+\.woff2)(?:["']?)\)/.exec(list);
    if (!m) return whole;
    const font = readFileSync(join(dir, m[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${font}) format("woff2")`;
  });
  return katexCssCache;
}
