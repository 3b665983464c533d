/**
 * Maps a line of the JavaScript tslab runs for a cell back to the cell's own line. tslab compiles the TypeScript of a
 * cell (types removed, declarations exported, imports rewritten) and wraps it in a function, so stack traces count
 * lines of that JavaScript. Lines that are the same text in both (after trimming) anchor the alignment, taken in
 * order; a line between anchors is placed at the same distance after the anchor before it (clamped to the cell).
 * Returns undefined when nothing anchors.
 */
export function cellLineOf(javascript: string, cell: string, jsLine: number): number | undefined {
  const js = javascript.split("\n").map((l) => l.trim());
  const src = cell.split("\n").map((l) => l.trim());
  const anchors: [number, number][] = [];
  let from = 0;
  for (let i = 0; i < js.length && from < src.length; i++) {
    if (js[i] === "" || js[i].length < 2) continue;
    // the same text, or the cell's line with something tslab put before it ("exports.tsLastExpr = f(x);")
    let j = src.indexOf(js[i], from);
    if (j < 0) j = src.findIndex((l, k) => k >= from && l.length > 3 && js[i].endsWith(` ${l}`));
    if (j >= 0) {
      anchors.push([i, j]);
      from = j + 1;
    }
  }
  const target = jsLine - 1;
  let before: [number, number] | undefined;
  for (const a of anchors) {
    if (a[0] === target) return a[1] + 1;
    if (a[0] < target) before = a;
  }
  if (!before) return undefined;
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

/** Lines the compiler or tslab add to a cell's JavaScript, which have no line of their own in the cell. */
const GENERATED =
  /^(exports\.[\w$]+ = [\w$]+;|exports\.[\w$]+ = .*void 0;|Object\.defineProperty\(exports, .*|const [\w$]+_\d+ = (__importStar\(|__importDefault\()?require\(.*)$/;

/** The file name tslab's cells get in stack traces here: `In[7]` for execution count 7, as IPython names cells. */
export const cellFileName = (count: number) => `In[${count}]`;

/** Rewrites `In[K]:LINE` in a traceback text to the cell's own line numbers, given each cell's JavaScript and source. */
export function mapCellLines(text: string, cells: Map<number, { javascript: string; source: string }>): string {
  return text.replace(/In\[(\d+)\]:(\d+)/g, (whole, k: string, line: string) => {
    const cell = cells.get(Number(k));
    const mapped = cell ? cellLineOf(cell.javascript, cell.source, Number(line)) : undefined;
    return mapped === undefined ? whole : `In[${k}]:${mapped}`;
  });
}
