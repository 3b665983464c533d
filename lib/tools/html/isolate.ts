import { type DefaultTreeAdapterMap, parseFragment, serialize } from "parse5";

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
}

/**
 * Makes one cell's HTML unable to affect anything outside it: the HTML is parsed on its own by parse5 (the WHATWG HTML
 * parser, as a browser parses a `<div>`'s content) and serialised again, so every element it opens is closed, stray end
 * tags are dropped, and raw-text elements (`<iframe>`, `<textarea>`, `<script>`, `<style>`, `<title>`, `<xmp>`…) and
 * comments end where the cell ends instead of swallowing the page. `<plaintext>`, which no end tag closes, becomes
 * `<pre>`. Returns the balanced HTML and the repairs (unclosed elements other than void ones and those with optional end
 * tags, unterminated comments and tags).
 */
export function isolateHtml(html: string): IsolatedHtml {
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
  walk(fragment.childNodes, repairs, html);
  return { html: serialize(fragment), repairs: [...repairs] };
}

function walk(nodes: Node[], repairs: Set<string>, source: string): void {
  for (const node of nodes) {
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
    walk(el.childNodes, repairs, source);
    const content = (el as Element & { content?: { childNodes: Node[] } }).content;
    if (content) walk(content.childNodes, repairs, source);
  }
}

function eofRepair(code: string): string {
  if (code.includes("comment")) return "unclosed comment";
  if (code === "eof-in-tag") return "unfinished tag";
  return code.replace(/^eof-in-/, "unfinished ").replace(/-/g, " ");
}

/**
 * isolateHtml for one part of a cell (its markdown, a raw cell, an HTML output), with a warning naming the cell and the
 * part when something had to be repaired.
 */
export function isolateCellPart(html: string, where: { warnings: string[]; cellLabel?: string }, part: string): string {
  const isolated = isolateHtml(html);
  if (isolated.repairs.length > 0) {
    where.warnings.push(
      `${where.cellLabel ?? "a cell"}: its ${part} HTML was repaired so that it cannot break the rest: ${isolated.repairs.join(", ")}`,
    );
  }
  return isolated.html;
}
