/**
 * A cell's style sheet confined to the element that holds it: `@scope {\n<sheet>\n}`. A prelude-less `@scope` in a
 * `<style>` element scopes its rules to the style element's parent (CSS Cascading 6, Chromium ≥ 118), so `body`,
 * `html`, `:root`, `*` select nothing outside the cell; a browser without `@scope` ignores the whole block (safe).
 * Returns undefined when the sheet could close the `@scope` block itself: a `}` outside every block, a backslash
 * escape or an unquoted `url(` holding a quote, bracket or backslash (rare in real sheets; the caller drops the sheet
 * then and says so).
 *
 * The check follows the CSS Syntax 3 tokenizer where braces are concerned: comments, strings (ended by their quote, a
 * newline or the end; a backslash escapes the next character), `url(…)` tokens, and `(`, `[`, `{` blocks, function
 * tokens included, each closed only by its own closer (a mismatched closer inside a block is an ordinary token).
 */
export function scopeStyleSheet(css: string): string | undefined {
  return closesOnlyItsOwnBlocks(css) ? `@scope {\n${css}\n}` : undefined;
}

const CLOSER: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const isIdentChar = (c: string) => /[A-Za-z0-9_-]/.test(c) || c.charCodeAt(0) >= 0x80;

function closesOnlyItsOwnBlocks(css: string): boolean {
  const open: string[] = [];
  let i = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      if (end < 0) return true; // the comment runs to the end of the sheet
      i = end + 2;
    } else if (c === '"' || c === "'") {
      i = skipString(css, i);
    } else if (c === "\\") {
      return false;
    } else if (c === "(" && isUrlFunction(css, i)) {
      const end = skipUrl(css, i + 1);
      if (end < 0) return false;
      i = end;
    } else if (c in CLOSER) {
      open.push(CLOSER[c]);
      i++;
    } else if (c === ")" || c === "]" || c === "}") {
      if (open.length > 0 && open[open.length - 1] === c) open.pop();
      else if (open.length === 0 && c === "}") return false;
      i++;
    } else {
      i++;
    }
  }
  return true;
}

/** The index after a string token starting at `start` (its quote). */
function skipString(css: string, start: number): number {
  const quote = css[start];
  let i = start + 1;
  while (i < css.length) {
    const c = css[i];
    if (c === quote) return i + 1;
    if (c === "\n" || c === "\r" || c === "\f") return i; // a bad string: the newline is not part of it
    i += c === "\\" ? 2 : 1;
  }
  return i;
}

/** Whether the `(` at `paren` makes a url token: it follows the ident `url` (not a hash, at-keyword or dimension). */
function isUrlFunction(css: string, paren: number): boolean {
  let start = paren;
  while (start > 0 && isIdentChar(css[start - 1])) start--;
  if (css.slice(start, paren).toLowerCase() !== "url") return false;
  if (start > 0 && (css[start - 1] === "#" || css[start - 1] === "@")) return false;
  // url( followed by optional whitespace and a quote is a function token (its string is tokenized as usual)
  const next = css.slice(paren + 1).match(/^[ \t\n\r\f]*(.)/s)?.[1];
  return next !== '"' && next !== "'";
}

/** The index after an unquoted url token's `)` (or the end), or -1 when it holds what makes a bad url. */
function skipUrl(css: string, from: number): number {
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === ")") return i + 1;
    if (c === '"' || c === "'" || c === "(" || c === "\\" || c === "{" || c === "}" || c === "[" || c === "]") return -1;
  }
  return css.length;
}
