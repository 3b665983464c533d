import MarkdownIt from "markdown-it";
import { tableAlign } from "./table-align";
import { escapeHtml } from "./escape";
import { highlightCode } from "./highlight";
import { type MathState, renderMath } from "./math";

/** A formula found in markdown: its TeX (without delimiters, except \begin…\end kept whole) and whether it is display math. */
export interface MathSpan {
  tex: string;
  display: boolean;
}

const OPEN = "\uE000";
const CLOSE = "\uE001";
const placeholder = (i: number) => `${OPEN}${i}${CLOSE}`;

/**
 * Takes the math out of markdown source before markdown-it sees it (so `_`, `*`, `\\` and `|` inside formulas are
 * not read as markdown), as Jupyter does: $$…$$, \[…\] and \begin{env}…\end{env} are display math, $…$ and \(…\)
 * inline math; `\$` is a dollar sign; nothing inside code spans or fenced code is touched. Each formula is replaced by
 * a private-use placeholder.
 */
export function extractMath(src: string): { text: string; math: MathSpan[] } {
  const math: MathSpan[] = [];
  let out = "";
  let i = 0;
  const n = src.length;
  const atLineStart = (k: number) => k === 0 || src[k - 1] === "\n";
  while (i < n) {
    const c = src[i];
    // fenced code block: copied verbatim up to the closing fence
    if ((c === "`" || c === "~") && atLineStart(i)) {
      const fence = /^(`{3,}|~{3,})/.exec(src.slice(i, i + 20));
      if (fence) {
        const closeRe = new RegExp(`\\n[ \\t]*${fence[1][0] === "`" ? "`" : "~"}{${fence[1].length},}[ \\t]*(?=\\n|$)`, "g");
        closeRe.lastIndex = i + fence[1].length;
        const m = closeRe.exec(src);
        const end = m ? m.index + m[0].length : n;
        out += src.slice(i, end);
        i = end;
        continue;
      }
    }
    if (c === "`") {
      let k = i;
      while (src[k] === "`") k++;
      const ticks = src.slice(i, k);
      const close = findTicks(src, k, ticks.length);
      if (close >= 0) {
        out += src.slice(i, close + ticks.length);
        i = close + ticks.length;
      } else {
        out += ticks;
        i = k;
      }
      continue;
    }
    if (c === "\\") {
      const next = src[i + 1];
      if (next === "$") {
        out += "\\$";
        i += 2;
        continue;
      }
      if (next === "[" || next === "(") {
        const closer = next === "[" ? "\\]" : "\\)";
        const end = src.indexOf(closer, i + 2);
        if (end >= 0) {
          math.push({ tex: src.slice(i + 2, end), display: next === "[" });
          out += placeholder(math.length - 1);
          i = end + 2;
          continue;
        }
      }
      const begin = /^\\begin\{([a-zA-Z*]+)\}/.exec(src.slice(i, i + 40));
      if (begin) {
        const endTag = `\\end{${begin[1]}}`;
        const end = src.indexOf(endTag, i + begin[0].length);
        if (end >= 0) {
          math.push({ tex: src.slice(i, end + endTag.length), display: true });
          out += placeholder(math.length - 1);
          i = end + endTag.length;
          continue;
        }
      }
      out += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "$") {
      if (src[i + 1] === "$") {
        const end = findDollar(src, i + 2, true);
        if (end >= 0) {
          math.push({ tex: src.slice(i + 2, end), display: true });
          out += placeholder(math.length - 1);
          i = end + 2;
          continue;
        }
      } else if (src[i + 1] !== undefined && !/\s/.test(src[i + 1])) {
        const end = findDollar(src, i + 1, false);
        if (end >= 0) {
          math.push({ tex: src.slice(i + 1, end), display: false });
          out += placeholder(math.length - 1);
          i = end + 1;
          continue;
        }
      }
    }
    out += c;
    i++;
  }
  return { text: out, math };
}

/** Index of the next run of exactly `count` backticks at or after `from`, or -1. */
function findTicks(src: string, from: number, count: number): number {
  let k = from;
  while (k < src.length) {
    const j = src.indexOf("`", k);
    if (j < 0) return -1;
    let e = j;
    while (src[e] === "`") e++;
    if (e - j === count) return j;
    k = e;
  }
  return -1;
}

/** The closing $ (or $$) of a formula starting at `from`; inline math ends at a blank line and not after a space. */
function findDollar(src: string, from: number, display: boolean): number {
  for (let k = from; k < src.length; k++) {
    const ch = src[k];
    if (ch === "\\") {
      k++;
      continue;
    }
    if (ch === "\n" && src[k + 1] === "\n" && !display) return -1;
    if (ch !== "$") continue;
    if (display) {
      if (src[k + 1] === "$") return k;
      continue;
    }
    if (src[k + 1] === "$") return -1;
    if (/\s/.test(src[k - 1])) continue;
    return k;
  }
  return -1;
}

type Md = ReturnType<typeof MarkdownIt>;

let md: Md | undefined;

function markdownIt(): Md {
  if (!md) {
    md = new MarkdownIt({
      html: true,
      linkify: true,
      typographer: false,
      highlight: (code, lang) => highlightCode(code, lang || "typescript"),
    }).use(tableAlign);
  }
  return md;
}

/** Options of renderMarkdown. */
export interface MarkdownOptions {
  /** Cell attachments (attachment:name images), as in nbformat. */
  attachments?: Record<string, Record<string, unknown>>;
}

/** Jupyter markdown → HTML: markdown-it (tables, HTML, linkify), math typeset ahead of time with KaTeX, code highlighted. */
export function renderMarkdown(src: string, state: MathState, options: MarkdownOptions = {}): string {
  const { text, math } = extractMath(src);
  let html = markdownIt().render(text);
  const rendered = math.map((m) => renderMath(m.tex, m.display, state));
  // a display formula alone in a paragraph replaces the paragraph (KaTeX's display block is not phrasing content)
  html = html.replace(new RegExp(`<p>${OPEN}(\\d+)${CLOSE}</p>`, "g"), (whole: string, k: string) =>
    math[Number(k)].display ? rendered[Number(k)] : whole,
  );
  html = html.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, "g"), (_w: string, k: string) => rendered[Number(k)]);
  if (options.attachments) {
    const att = options.attachments;
    html = html.replace(/src="attachment:([^"]+)"/g, (whole: string, name: string) => {
      const bundle = att[decodeURIComponent(name)];
      if (!bundle) return whole;
      const [mime, data] = Object.entries(bundle)[0] ?? [];
      return mime ? `src="data:${mime};base64,${escapeHtml(String(Array.isArray(data) ? data.join("") : data))}"` : whole;
    });
  }
  return html;
}
