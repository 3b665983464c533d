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
  return Math.min(src.length - 1, before[1] + (target - before[0])) + 1;
}

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
