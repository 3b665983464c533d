import { type DefaultTreeAdapterMap, parseFragment, serialize } from "parse5";
import { ONCE_PER_PAGE_ATTRIBUTE } from "../../display/once-per-page";
import { confineElement } from "./confine";
import { embedLocalImage } from "./local-images";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Elements without an end tag. */
const VOID = new Set("area base br col embed hr img input link meta param source track wbr".split(" "));
/** Elements whose end tag HTML lets authors leave out (closing them implicitly is no repair). */
const OPTIONAL_END = new Set(
  "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp html head body".split(" "),
);

/** A cell's HTML made self-contained, and what had to be repaired (empty when nothing). */
export interface IsolatedHtml {
  html: string;
  /** e.g. "unclosed <iframe>", "unclosed comment": what would have leaked into the rest of the document. */
  repairs: string[];
  /** Local images that could not be embedded, and why (see embedLocalImage). */
  imageProblems: string[];
  /** What was removed because it runs script in untrusted HTML (confine.ts): "<script>", "onerror handler"… */
  scriptsDropped: string[];
}

/** Options of isolateHtml. */
export interface IsolateOptions {
  /** Embed local images (`<img src="pic.png">`) found relative to this folder as data: URLs. */
  baseDir?: string;
  /**
   * The texts of the `<script data-dl4nlp-once>` elements already placed in this document (ONCE_PER_PAGE_ATTRIBUTE):
   * a later one with the same text is dropped, a new one is added to the set. Only exact copies go: a script with
   * the mark but other text stays, so no output can remove another's script.
   */
  onceScripts?: Set<string>;
  /**
   * Whether the HTML may run script (an output computed by this run, or the user passed --trust): when false (the
   * default), scripts, on* handlers and javascript: URLs are removed (confine.ts).
   */
  trusted?: boolean;
}

/**
 * Makes one cell's HTML unable to affect anything outside it: the HTML is parsed on its own by parse5 (the WHATWG HTML
 * parser, as a browser parses a `<div>`'s content) and serialised again, so every element it opens is closed, stray end
 * tags are dropped, and raw-text elements (`<iframe>`, `<textarea>`, `<script>`, `<style>`, `<title>`, `<xmp>`…) and
 * comments end where the cell ends instead of swallowing the page. `<plaintext>`, which no end tag closes, becomes
 * `<pre>`. Elements that act on the whole document (`<meta>`, `<base>`, `<link>`, `<title>`) are dropped, each `<style>`
 * is scoped to the element holding it, and untrusted HTML loses what runs script (confine.ts). Local images (`<img src="pic.png">`, markdown `![](pic.png)`) are embedded as data: URLs when `baseDir` is
 * given. Returns the balanced HTML and the repairs (unclosed elements other than void ones and those with optional end
 * tags, unterminated comments and tags).
 */
export function isolateHtml(html: string, options: IsolateOptions = {}): IsolatedHtml {
  const errors: string[] = [];
  const fragment = parseFragment(html, {
    sourceCodeLocationInfo: true,
    onParseError: (e) => {
      // an unclosed raw-text element is named by the tree walk below
      if (e.code.startsWith("eof-in-") && e.code !== "eof-in-element-that-can-contain-only-text") errors.push(e.code);
    },
  });
  const repairs = new Set<string>();
  for (const code of errors) repairs.add(eofRepair(code));
  const state: WalkState = {
    repairs,
    source: html,
    baseDir: options.baseDir,
    imageProblems: [],
    onceScripts: options.onceScripts,
    trusted: options.trusted ?? false,
    scriptsDropped: new Set(),
  };
  walk(fragment.childNodes, state);
  return {
    html: serialize(fragment),
    repairs: [...repairs],
    imageProblems: state.imageProblems,
    scriptsDropped: [...state.scriptsDropped],
  };
}

interface WalkState {
  repairs: Set<string>;
  source: string;
  baseDir?: string;
  imageProblems: string[];
  onceScripts?: Set<string>;
  trusted: boolean;
  scriptsDropped: Set<string>;
}

function walk(nodes: Node[], state: WalkState): void {
  const { repairs, source } = state;
  for (const node of [...nodes]) {
    if (!("tagName" in node)) continue;
    const el = node as Element;
    const loc = el.sourceCodeLocation;
    // SVG and MathML elements may close themselves (<path/>)
    const selfClosed = loc?.startTag ? source.slice(loc.startTag.endOffset - 2, loc.startTag.endOffset) === "/>" : false;
    if (loc && !loc.endTag && !selfClosed && !VOID.has(el.tagName) && !OPTIONAL_END.has(el.tagName)) {
      repairs.add(`unclosed <${el.tagName}>`);
    }
    if (el.tagName === "plaintext") {
      el.tagName = "pre";
      el.nodeName = "pre";
    }
    const confined = confineElement(el, state.trusted);
    if (confined.action === "drop") {
      nodes.splice(nodes.indexOf(node), 1);
      if (confined.script) state.scriptsDropped.add(confined.reason);
      else repairs.add(`dropped ${confined.reason}`);
      continue;
    }
    if (confined.action === "changed") for (const note of confined.notes) state.scriptsDropped.add(note);
    for (const repair of confined.repairs ?? []) repairs.add(repair);
    if (el.tagName === "img") embedImage(el, state);
    if (el.tagName === "script" && state.onceScripts && isRepeatedOnceScript(el, state.onceScripts)) {
      nodes.splice(nodes.indexOf(node), 1);
      continue;
    }
    walk(el.childNodes, state);
    const content = (el as Element & { content?: { childNodes: Node[] } }).content;
    if (content) walk(content.childNodes, state);
  }
}

/** Whether a `<script>` is marked once per page and its text was placed before (else its text is noted). */
function isRepeatedOnceScript(el: Element, seen: Set<string>): boolean {
  if (!el.attrs.some((a) => a.name === ONCE_PER_PAGE_ATTRIBUTE)) return false;
  const text = el.childNodes.map((c) => ("value" in c && c.nodeName === "#text" ? c.value : "")).join("");
  if (seen.has(text)) return true;
  seen.add(text);
  return false;
}

/** Replaces a local `src` of an <img> with a data: URL, or notes why it cannot. */
function embedImage(el: Element, state: WalkState): void {
  const src = el.attrs.find((a) => a.name === "src");
  if (!src) return;
  const image = embedLocalImage(src.value, state.baseDir);
  if (image.dataUrl) src.value = image.dataUrl;
  else if (image.problem) state.imageProblems.push(image.problem);
  // a refused file's name stays out of the page: the image shows its alt text
  if (image.refused) el.attrs = el.attrs.filter((a) => a !== src && a.name !== "srcset");
}

function eofRepair(code: string): string {
  if (code.includes("comment")) return "unclosed comment";
  if (code === "eof-in-tag") return "unfinished tag";
  return code.replace(/^eof-in-/, "unfinished ").replace(/-/g, " ");
}

/**
 * isolateHtml for one part of a cell (its markdown, a raw cell, an HTML output) in a `<div class="cell-html">`
 * (CELL_HTML_CLASS), with a warning naming the cell and the part when something had to be repaired. The caller's
 * element around it must be one of page-css.ts's CELL_BOXES, which keep what the part draws inside the part's box.
 */
export function isolateCellPart(
  html: string,
  where: { warnings: string[]; cellLabel?: string; baseDir?: string; onceScripts?: Set<string> },
  part: string,
  trusted = false,
): string {
  const isolated = isolateHtml(html, { baseDir: where.baseDir, onceScripts: where.onceScripts, trusted });
  const cell = where.cellLabel ?? "a cell";
  for (const problem of isolated.imageProblems) where.warnings.push(`${cell}: ${problem}`);
  if (isolated.repairs.length > 0) {
    where.warnings.push(
      `${cell}: its ${part} HTML was repaired so that it cannot break the rest: ${isolated.repairs.join(", ")}`,
    );
  }
  const boxed = `<div class="${CELL_HTML_CLASS}">${isolated.html}</div>`;
  if (isolated.scriptsDropped.length === 0) return boxed;
  const why = part.includes("output") ? "output stored in a notebook this export did not execute" : `${part} cell`;
  where.warnings.push(`${cell}: scripts of its ${part} HTML not kept (${why}): ${isolated.scriptsDropped.join(", ")}`);
  return `${untrustedNote(part)}${boxed}`;
}

/**
 * The class of the element isolateCellPart puts a part's HTML in. Its top-level `<style>` sheets are scoped to it
 * (css-scope.ts), so it is the most a cell's CSS can reach; the box that confines the part (page-css.ts, CELL_BOXES) is
 * its parent, which no rule of the cell can select.
 */
export const CELL_HTML_CLASS = "cell-html";

/** The line shown where scripts were removed: markdown never runs them; an untrusted output's run with --trust. */
function untrustedNote(part: string): string {
  const text = part.includes("output")
    ? "Scripts of this output were not run: it was stored in a notebook this export did not execute (export with --trust to run them)."
    : "Scripts in this cell were not run (markdown and raw cells never run scripts).";
  return `<p class="untrusted-note">${text}</p>`;
}
