/**
 * Maps a line of the JavaScript tslab runs for a cell back to the cell's own line. tslab compiles the TypeScript of a
 * cell (types removed, declarations exported, imports rewritten) and wraps it in a function, so stack traces count
 * lines of that JavaScript. Lines that are the same text in both (after trimming) anchor the alignment, taken in
 * order; a line between anchors is placed at the same distance after the anchor before it (clamped to the cell).
 * Returns undefined when nothing anchors.
 */
export function cellLineOf(javascript: string, cell: string, jsLine: number): number | undefined {
  // a line's text without its statement-ending semicolons, which the compiler adds ("f()" runs as "f();"); the first
  // JavaScript line without the wrapper tslab puts before it on the same line
  const js = javascript.split("\n").map((l, i) => statement(i === 0 ? l.replace(WRAPPER_START, "") : l));
  const src = cell.split("\n").map(statement);
  const anchors: [number, number][] = [];
  let from = 0;
  for (let i = 0; i < js.length && from < src.length; i++) {
    if (js[i] === "" || js[i].length < 2) continue;
    // the same text, or the cell's line with something tslab put before it ("exports.tsLastExpr = f(x);")
    let j = src.indexOf(js[i], from);
    if (j < 0) j = src.findIndex((l, k) => k >= from && l.length > 3 && js[i].endsWith(` ${l}`));
    // the cell's line with its types removed ("return (x as any).y;" runs as "return x.y;")
    if (j < 0) j = src.findIndex((l, k) => k >= from && typesRemoved(js[i], l));
    // one of several statements of the cell's line, each of which the compiler puts on a line of its own
    const last = anchors.length > 0 ? anchors[anchors.length - 1][1] : 0;
    if (j < 0 && js[i].length > 8 && !GENERATED.test(js[i])) j = src.findIndex((l, k) => k >= last && l.includes(js[i]));
    if (j >= 0) {
      anchors.push([i, j]);
      from = j + 1;
    }
  }
  const target = jsLine - 1;
  // a cell of one written line: every line of its JavaScript but those tslab adds is a part of it (the compiler puts
  // each statement of "a(); await b()" on a line of its own)
  const written = src.flatMap((l, i) => (l === "" ? [] : [i]));
  if (written.length === 1 && js[target] !== undefined && !GENERATED.test(js[target]) && !WRAPPER_END.test(js[target]))
    return written[0] + 1;
  let before: [number, number] | undefined;
  for (const a of anchors) {
    if (a[0] === target) return a[1] + 1;
    if (a[0] < target) before = a;
  }
  if (!before) return beforeFirstAnchor(js, src, anchors[0], target);
  // as many of the cell's written lines after the anchor as there are written lines of the JavaScript up to the
  // target: lines tslab adds (exports, imports' bindings) and blank lines (which the compiler drops) do not count
  let steps = 0;
  for (let i = before[0] + 1; i <= target && i < js.length; i++) if (js[i] !== "" && !GENERATED.test(js[i])) steps++;
  let line = before[1];
  while (steps > 0 && line < src.length - 1) {
    line++;
    if (src[line] !== "") steps--;
  }
  return line + 1;
}

/**
 * A target line before the first anchor: as many of the cell's written lines before the anchor as there are written
 * JavaScript lines between them; undefined when there is no anchor or the count runs off the cell's top.
 */
function beforeFirstAnchor(js: string[], src: string[], first: [number, number] | undefined, target: number): number | undefined {
  if (!first) return undefined;
  let steps = 0;
  for (let i = target; i < first[0]; i++) if (js[i] !== "" && !GENERATED.test(js[i])) steps++;
  let line = first[1];
  while (steps > 0 && line > 0) {
    line--;
    if (src[line] !== "") steps--;
  }
  return steps === 0 ? line + 1 : undefined;
}

/** The start of the function tslab wraps a cell's JavaScript in, on the JavaScript's first line. */
const WRAPPER_START = /^\((?:async )?function\(exports, require\) \{ /;
/** The call of the function tslab wraps a cell's JavaScript in, its last line. */
const WRAPPER_END = /^\}\)\(__tslab__\./;

/** A line's text trimmed and without the semicolons that end its statement. */
const statement = (line: string) => line.trim().replace(/;+$/, "").trimEnd();

/** Identifiers, numbers, strings and single punctuation characters of a line. */
const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\S/g;
/** An imported name as the compiled JavaScript calls it: `(0, dl4nlp_1.mlp)` or `dl4nlp_1.Tensor` for `mlp`, `Tensor`. */
const IMPORTED = /\(0, [\w$]+_\d+\.([\w$]+)\)|\b[\w$]+_\d+\.([\w$]+)/g;
/** What tslab puts before a cell's expression or declaration in the JavaScript: `exports.tsLastExpr = `, `exports.x = `. */
const EXPORT_PREFIX = /^exports\.[\w$]+ = /;

/**
 * Whether the JavaScript line `js` is the cell's line `cell` with TypeScript's types removed: its tokens (after tslab's
 * `exports.… = ` prefix) are, in order, a part of the cell line's and at least half of them, with a name among them.
 */
function typesRemoved(js: string, cell: string): boolean {
  const a =
    js
      .replace(EXPORT_PREFIX, "")
      .replace(IMPORTED, (_, a?: string, b?: string) => a ?? b ?? "")
      .match(TOKEN) ?? [];
  const b = cell.match(TOKEN) ?? [];
  if (a.length < 3 || a.length * 2 < b.length || !a.some((t) => /^[A-Za-z_$]/.test(t))) return false;
  let k = 0;
  for (const t of b) if (k < a.length && t === a[k]) k++;
  return k === a.length;
}

/** Lines the compiler or tslab add to a cell's JavaScript, which have no line of their own in the cell. */
const GENERATED =
  /^(exports\.[\w$]+ = [\w$]+;?|exports\.[\w$]+ = .*void 0;?|Object\.defineProperty\(exports, .*|const [\w$]+_\d+ = (__importStar\(|__importDefault\()?require\(.*)$/;

/** The file name tslab's cells get in stack traces here: `In[7]` for execution count 7, as IPython names cells. */
export const cellFileName = (count: number) => `In[${count}]`;

/**
 * Rewrites `In[K]:LINE` in a traceback text to the cell's own line numbers, given each cell's JavaScript and source.
 * Node's header before a thrown error (`In[K]:LINE`, the source line, a caret under the place) quotes the JavaScript
 * tslab compiled: it shows the cell's own line instead, the caret moved to the same place in it (or left out when the
 * place cannot be found there); a header whose line cannot be mapped loses its quoted JavaScript and caret.
 */
export function mapCellLines(
  text: string,
  cells: Map<number, { javascript: string; source: string }>,
  helpers: Map<string, HelperCode> = new Map(),
): string {
  const mapped = mapLineNumbers(withoutWrapperFrames(withCellSourceLines(withCellHeader(text, cells), cells), cells), cells);
  return helpers.size === 0 ? mapped : mapHelperLines(mapped, helpers);
}

/** A TypeScript file a cell imports: the JavaScript tslab compiled it to (and runs), its own file and its text. */
export interface HelperCode {
  javascript: string;
  file: string;
  source: string;
}

/**
 * The file tslab compiled to `jsPath` (a helper the cell imports, which tslab runs as `helper.js` beside it) and its
 * text: `helper.ts`, `helper.tsx`, or the JavaScript file itself (allowJs); undefined when none can be read.
 */
export function helperCodeOf(
  jsPath: string,
  javascript: string,
  read: (file: string) => string | undefined,
): HelperCode | undefined {
  const base = jsPath.replace(/\.js$/, "");
  for (const file of [`${base}.ts`, `${base}.tsx`, jsPath]) {
    const source = read(file);
    if (source !== undefined) return { javascript, file, source };
  }
  return undefined;
}

/**
 * `FILE.js:LINE:COLUMN` of a helper's compiled JavaScript (a stack frame in a function the cell imported from its own
 * TypeScript file) as the helper's own file, line and column (found as a cell's are); left as Node wrote it when the
 * line cannot be mapped.
 */
function mapHelperLines(text: string, helpers: Map<string, HelperCode>): string {
  let out = text;
  for (const [path, helper] of helpers) if (out.includes(path)) out = mapHelperFile(out, path, helper);
  return out;
}

/** `PATH:LINE:COLUMN` of one helper's JavaScript as the helper's own place (see mapHelperLines). */
function mapHelperFile(text: string, path: string, helper: HelperCode): string {
  // the path itself, not the end of a longer one
  const place = new RegExp(`(?<![^\\s(])${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+)(?::(\\d+))?`, "g");
  return text.replace(place, (whole, line: string, column?: string) => {
    const mapped = cellLineOf(helper.javascript, helper.source, Number(line));
    if (mapped === undefined) return whole;
    if (column === undefined) return `${helper.file}:${mapped}`;
    const js = helper.javascript.split("\n")[Number(line) - 1] ?? "";
    const at = caretColumn(js, helper.source.split("\n")[mapped - 1] ?? "", Number(column) - 1);
    return at === undefined ? `${helper.file}:${mapped}` : `${helper.file}:${mapped}:${at + 1}`;
  });
}

/** A stack frame in a cell: `    at f (In[K]:LINE:COLUMN)` or `    at In[K]:LINE:COLUMN`; groups K, LINE, COLUMN. */
const CELL_FRAME = /^\s+at (?:.*\()?In\[(\d+)\]:(\d+):(\d+)\)?$/;

/** Whether a line of a cell's JavaScript is the call of the function tslab wraps the cell in (`})(__tslab__.exports, …)`). */
const isWrapperLine = (js: string) => /^\s*\}\)\(__tslab__\./.test(js);

/**
 * An error with no header naming a cell (thrown inside the library or a package, whose header is left out, or raised
 * after an `await`, which Node prints without one) gets the header of the cell line it came from: the innermost
 * `In[K]:LINE:COLUMN` frame, so the student sees the line of their cell that failed above the message, as Python
 * shows the cell's line above a library's frames.
 */
function withCellHeader(text: string, cells: Map<number, { javascript: string; source: string }>): string {
  const lines = text.split("\n");
  if (!/^[A-Za-z_$][\w$.]*(?::|$)/.test(lines[0] ?? "") || !/^\s+at /.test(lines[1] ?? "")) return text;
  // a report of an unhandled rejection names itself on its first line (the runner's warning quotes it): no header
  if (lines[0].startsWith("UnhandledPromiseRejection")) return text;
  for (const line of lines) {
    const frame = CELL_FRAME.exec(line);
    if (!frame) continue;
    const cell = cells.get(Number(frame[1]));
    const js = cell?.javascript.split("\n")[Number(frame[2]) - 1];
    // the wrapper's own frame (removed later) is no place in the cell
    if (cell === undefined || js === undefined || isWrapperLine(js)) continue;
    // only a line of the cell and a place in it that are found (else the text stays as Node wrote it)
    const mapped = cellLineOf(cell.javascript, cell.source, Number(frame[2]));
    const own = mapped === undefined ? undefined : cell.source.split("\n")[mapped - 1];
    if (own === undefined || caretColumn(js, own, Number(frame[3]) - 1) === undefined) return text;
    return `In[${frame[1]}]:${frame[2]}\n${js}\n${" ".repeat(Number(frame[3]) - 1)}^\n\n${text}`;
  }
  return text;
}

/**
 * The text without the stack frames of the function tslab wraps a cell's JavaScript in (`})(__tslab__.exports, …)`,
 * the call of the wrapper, at a line the cell does not have), as the kernel's other frames are left out.
 */
function withoutWrapperFrames(text: string, cells: Map<number, { javascript: string; source: string }>): string {
  if (!/In\[\d+\]:\d+:\d+/.test(text)) return text;
  return text
    .split("\n")
    .filter((line) => {
      const frame = CELL_FRAME.exec(line);
      if (!frame) return true;
      const js = cells.get(Number(frame[1]))?.javascript.split("\n")[Number(frame[2]) - 1];
      return !(js !== undefined && isWrapperLine(js));
    })
    .join("\n");
}

/** Node's header `In[K]:LINE / JavaScript line / caret` with the cell's own line and caret (see mapCellLines). */
function withCellSourceLines(text: string, cells: Map<number, { javascript: string; source: string }>): string {
  return text.replace(
    /^In\[(\d+)\]:(\d+)\n(.*)\n([ \t]*)(\^+)[ \t]*$/gm,
    (whole, k: string, line: string, jsLine: string, pad: string, carets: string) => {
      const cell = cells.get(Number(k));
      if (!cell) return whole;
      const mapped = cellLineOf(cell.javascript, cell.source, Number(line));
      if (mapped === undefined) return `In[${k}]:${line}`;
      const own = cell.source.split("\n")[mapped - 1] ?? "";
      const at = caretColumn(jsLine, own, pad.length);
      return `In[${k}]:${line}\n${own}${at === undefined ? "" : `\n${" ".repeat(at)}${carets}`}`;
    },
  );
}

/**
 * The column in the cell's line `own` of the place at column `col` of the JavaScript line `js`: where the rest of the
 * JavaScript line from that place occurs once in the cell's line, else where the name or token at that place does;
 * undefined when neither is found exactly once.
 */
function caretColumn(javascript: string, own: string, column: number): number | undefined {
  const once = (needle: string) => {
    const i = own.indexOf(needle);
    return needle !== "" && i >= 0 && own.indexOf(needle, i + 1) < 0 ? i : undefined;
  };
  const { js, col } = withImportedNames(javascript, column);
  const rest = js.slice(col).trimEnd();
  const token = /^(?:[A-Za-z_$][\w$]*|\d[\w.]*|\S)/.exec(js.slice(col))?.[0] ?? "";
  return once(rest) ?? once(rest.replace(/;+$/, "")) ?? tokensOnce(js.slice(col), own) ?? once(token);
}

/**
 * Where in `own` the tokens that start `rest` occur once (semicolons, which the compiler adds, left out): the most of
 * them that do; undefined when even the first does not occur exactly once.
 */
function tokensOnce(rest: string, own: string): number | undefined {
  const want = [...rest.matchAll(TOKEN)].map((m) => m[0]).filter((t) => t !== ";");
  const have = [...own.matchAll(TOKEN)].filter((m) => m[0] !== ";");
  for (let n = want.length; n > 0; n--) {
    const at = have.flatMap((_, i) => (want.slice(0, n).every((t, k) => have[i + k]?.[0] === t) ? [i] : []));
    if (at.length === 1) return have[at[0]].index;
    if (at.length > 1) return undefined;
  }
  return undefined;
}

/**
 * A JavaScript line with each imported name as the cell wrote it (`(0, helper_1.boom)(…)` and `helper_1.Tensor` as
 * `boom(…)`, `Tensor`), and the column `col` of it moved to the same place: a place inside a replaced name, or the
 * call's `(` right after `(0, helper_1.boom)` (where V8 places such a call), is the name's start (where V8 places the
 * call `boom()` the cell wrote).
 */
function withImportedNames(js: string, col: number): { js: string; col: number } {
  let out = "";
  let at = col;
  let last = 0;
  for (const m of js.matchAll(IMPORTED)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const name = m[1] ?? m[2] ?? "";
    out += js.slice(last, start);
    if (col >= start && (col < end || (col === end && js[end] === "("))) at = out.length;
    else if (col >= end) at -= m[0].length - name.length;
    out += name;
    last = end;
  }
  return { js: out + js.slice(last), col: at };
}

/**
 * `In[K]:LINE` and `In[K]:LINE:COLUMN` with the cell's own line (and column, found as the header's caret is; left out
 * when it cannot be found), wherever they occur.
 */
function mapLineNumbers(text: string, cells: Map<number, { javascript: string; source: string }>): string {
  return text.replace(/In\[(\d+)\]:(\d+)(?::(\d+))?/g, (whole, k: string, line: string, column?: string) => {
    const cell = cells.get(Number(k));
    const mapped = cell ? cellLineOf(cell.javascript, cell.source, Number(line)) : undefined;
    if (!cell || mapped === undefined) return whole;
    if (column === undefined) return `In[${k}]:${mapped}`;
    const js = cell.javascript.split("\n")[Number(line) - 1] ?? "";
    const at = caretColumn(js, cell.source.split("\n")[mapped - 1] ?? "", Number(column) - 1);
    return at === undefined ? `In[${k}]:${mapped}` : `In[${k}]:${mapped}:${at + 1}`;
  });
}
