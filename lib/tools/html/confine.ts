import type { DefaultTreeAdapterMap } from "parse5";
import { ONCE_PER_PAGE_ATTRIBUTE } from "../../display/once-per-page";
import { scopeStyleSheet } from "./css-scope";
import { libraryOnceScripts } from "./library-scripts";
import { isPageName, withoutPageClasses } from "./page-names";

type Element = DefaultTreeAdapterMap["element"];

const HTML_NS = "http://www.w3.org/1999/xhtml";

/**
 * Elements that act on the whole document wherever they stand, never kept from a cell: `<meta>` (http-equiv refresh
 * navigates the page away, a charset or CSP changes it), `<base>` (re-targets every relative link of the page),
 * `<link>` (a stylesheet's rules cannot be scoped to the cell; preloads and icons reach the network), `<title>`.
 */
const DOCUMENT_WIDE = new Set(["meta", "base", "link", "title"]);

/** Elements that host another document (which may run scripts): dropped from untrusted HTML. */
const EMBEDDING = new Set(["object", "embed"]);

/**
 * Attributes that put an element in the top layer, above every box of the page, with no script: a `popover` shown by
 * a `popovertarget` button, a dialog opened modal by a `command="show-modal"` button (invoker commands), an
 * `interestfor` hover target. Removed from every cell whatever the trust: a popover's content is shown in place, in
 * its cell (page-css.ts confines a cell's drawing to its box; the top layer is the one thing no box holds).
 */
const TOP_LAYER_ATTRIBUTES = new Set(["popover", "popovertarget", "popovertargetaction", "commandfor", "command", "interestfor"]);

/** What confineElement did to one element. */
export type Confinement =
  | { action: "keep"; repairs?: string[] }
  | { action: "drop"; reason: string; script?: boolean }
  | { action: "changed"; notes: string[]; script?: boolean; repairs?: string[] };

/**
 * Confines one element of a cell's HTML (isolate.ts walks them): drops document-wide elements (DOCUMENT_WIDE), scopes
 * `<style>` sheets to the element holding them (css-scope.ts), and, unless `trusted`, removes what runs script: `<script>`
 * (except inert `type="application/json"` data and the display library's own once-per-page scripts, byte for byte),
 * `on*` event-handler attributes, attributes whose value holds a `javascript:` URL (href, src, action, SVG animation
 * values…), `<object>`/`<embed>`, and gives every `<iframe>` an empty `sandbox` (no scripts, no navigating the page).
 * Whatever the trust, the attributes that open the top layer without script are removed (TOP_LAYER_ATTRIBUTES), and
 * so are the ids, names and class tokens the document's own scripts look up (page-names.ts).
 */
export function confineElement(el: Element, trusted: boolean): Confinement {
  const html = el.namespaceURI === HTML_NS;
  if (html && DOCUMENT_WIDE.has(el.tagName)) return { action: "drop", reason: describe(el) };
  if (el.tagName === "style") return confineStyle(el);
  const repairs = [...(html ? leaveTopLayer(el) : []), ...leavePageNames(el)];
  const confined = confineScripts(el, html, trusted);
  return repairs.length > 0 && confined.action !== "drop" ? { ...confined, repairs } : confined;
}

/** Removes TOP_LAYER_ATTRIBUTES from an element; returns what was removed ("popover shown in place"…). */
function leaveTopLayer(el: Element): string[] {
  const removed = el.attrs.filter((a) => TOP_LAYER_ATTRIBUTES.has(a.name.toLowerCase()));
  if (removed.length === 0) return [];
  el.attrs = el.attrs.filter((a) => !TOP_LAYER_ATTRIBUTES.has(a.name.toLowerCase()));
  return removed.map((a) => (a.name === "popover" ? "popover shown in place" : `${a.name} attribute removed (top layer)`));
}

/** Removes the document's own ids, names and class tokens from an element (page-names.ts); returns what was removed. */
function leavePageNames(el: Element): string[] {
  const removed: string[] = [];
  el.attrs = el.attrs.flatMap((a) => {
    if ((a.name === "id" || a.name === "name") && isPageName(a.value)) {
      removed.push(`${a.name}="${a.value.trim()}" removed (the page's own)`);
      return [];
    }
    if (a.name === "class") {
      const kept = withoutPageClasses(a.value);
      if (kept !== undefined) {
        removed.push("class dl4nlp-plot removed (the page's own)");
        return [{ ...a, value: kept }];
      }
    }
    return [a];
  });
  return removed;
}

/** The trust model's part of confineElement: what runs script, unless trusted. */
function confineScripts(el: Element, html: boolean, trusted: boolean): Confinement {
  if (trusted) return { action: "keep" };
  if (el.tagName === "script") {
    if (html && isInertData(el)) return { action: "keep" };
    if (html && isLibraryOnceScript(el)) return { action: "keep" };
    return { action: "drop", reason: "<script>", script: true };
  }
  if (html && EMBEDDING.has(el.tagName)) return { action: "drop", reason: `<${el.tagName}>`, script: true };
  const notes: string[] = [];
  el.attrs = el.attrs.filter((a) => {
    if (/^on/i.test(a.name)) notes.push(`${a.name} handler`);
    else if (runsScript(a.value)) notes.push(`javascript: URL in ${a.name}`);
    else return true;
    return false;
  });
  if (html && el.tagName === "iframe") {
    const sandbox = el.attrs.find((a) => a.name === "sandbox");
    if (sandbox?.value !== "") {
      el.attrs = [...el.attrs.filter((a) => a.name !== "sandbox"), { name: "sandbox", value: "" }];
      notes.push("<iframe> sandboxed");
    }
  }
  return notes.length > 0 ? { action: "changed", notes, script: true } : { action: "keep" };
}

/** `<meta http-equiv="refresh">`, `<base href>`: the element with the attribute that says what it would have done. */
function describe(el: Element): string {
  const telling = el.attrs.find((a) => ["http-equiv", "rel", "name", "charset"].includes(a.name));
  return telling ? `<${el.tagName} ${telling.name}=${telling.value}>` : `<${el.tagName}>`;
}

function confineStyle(el: Element): Confinement {
  const text = textOf(el);
  const scoped = scopeStyleSheet(text);
  if (scoped === undefined) return { action: "drop", reason: "a <style> that could end its cell's scope" };
  setText(el, scoped);
  return { action: "keep" };
}

/** A `javascript:` URL anywhere in an attribute value, as a browser reads URLs (ASCII whitespace and controls ignored). */
const runsScript = (value: string) =>
  [...value]
    .filter((c) => c.charCodeAt(0) > 0x20)
    .join("")
    .toLowerCase()
    .includes("javascript:");

const isInertData = (el: Element) =>
  el.attrs.some((a) => a.name === "type" && a.value.trim().toLowerCase() === "application/json");

function isLibraryOnceScript(el: Element): boolean {
  if (!el.attrs.some((a) => a.name === ONCE_PER_PAGE_ATTRIBUTE)) return false;
  return libraryOnceScripts().has(textOf(el));
}

export const textOf = (el: Element) => el.childNodes.map((c) => ("value" in c && c.nodeName === "#text" ? c.value : "")).join("");

function setText(el: Element, text: string): void {
  const node = el.childNodes.find((c) => c.nodeName === "#text");
  if (node && "value" in node) {
    node.value = text;
    el.childNodes = [node];
  }
}
