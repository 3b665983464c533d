import { formatShape } from "../tensor/tensor";
import type { MimeBundle } from "./writer";

/** A matrix or vector: a Tensor (shape + data) or nested arrays. */
export type MatrixInput =
  | { shape: readonly number[]; data: ArrayLike<number> }
  | readonly number[]
  | readonly (readonly number[])[];

export interface ShowMatrixOptions {
  /** LaTeX of the name, e.g. "W^{[1]}" or "\\hat{y}". */
  name?: string;
  /** Decimals shown, default 4 (trailing zeros dropped). */
  digits?: number;
  /** Rows/columns shown before eliding with dots, default 12. */
  maxRows?: number;
  maxCols?: number;
  /**
   * Also put an HTML table (text/html) in the bundle, for front ends without LaTeX. Default false: JupyterLab,
   * Notebook, nbconvert and the course's HTML pages all prefer text/html over text/latex, so a table in the bundle
   * would hide the typeset matrix everywhere.
   */
  table?: boolean;
}

/**
 * The MIME bundle of a matrix: text/latex `$$ name = \begin{bmatrix} … \end{bmatrix} \in \mathbb{R}^{m\times n} $$`
 * and text/plain with the shape; with `table: true` also text/html (a table with the name and shape as caption).
 * A vector (rank 1) is shown as a row, a scalar as 1×1.
 */
export function matrixBundle(m: MatrixInput, options: ShowMatrixOptions = {}): MimeBundle {
  const { rows, shape } = toMatrix(m);
  const digits = options.digits ?? 4;
  const maxR = options.maxRows ?? 12;
  const maxC = options.maxCols ?? 12;
  const num = (v: number) => formatNumber(v, digits);
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const showR = elide(r, maxR);
  const showC = elide(c, maxC);
  const latexRows = showR.map((i) =>
    i === -1
      ? showC.map((j) => (j === -1 ? "\\ddots" : "\\vdots")).join(" & ")
      : showC.map((j) => (j === -1 ? "\\cdots" : num(rows[i][j]))).join(" & "),
  );
  const dims = shape.length === 0 ? "" : ` \\in \\mathbb{R}^{${shape.join(" \\times ")}}`;
  const name = options.name ? `${options.name} = ` : "";
  const latex = `$$ ${name}\\begin{bmatrix} ${latexRows.join(" \\\\ ")} \\end{bmatrix}${dims} $$`;
  const caption = `${options.name ? `${escapeHtml(options.name)} ` : ""}(${formatShape(shape)})`;
  const cell = 'style="text-align:right;padding:2px 8px;font-family:monospace"';
  const htmlRows = showR.map(
    (i) =>
      `<tr>${showC.map((j) => `<td ${cell}>${i === -1 || j === -1 ? "…" : escapeHtml(num(rows[i][j]))}</td>`).join("")}</tr>`,
  );
  const html = `<table class="dl4nlp-matrix" style="border-left:2px solid #444;border-right:2px solid #444;border-collapse:collapse"><caption style="caption-side:top;text-align:left">${caption}</caption><tbody>${htmlRows.join("")}</tbody></table>`;
  const text = `${options.name ? `${options.name} ` : ""}(${formatShape(shape)}) = ${JSON.stringify(rows.map((row) => row.map((v) => Number(num(v)))))}`;
  return options.table
    ? { "text/latex": latex, "text/html": html, "text/plain": text }
    : { "text/latex": latex, "text/plain": text };
}

function toMatrix(m: MatrixInput): { rows: number[][]; shape: number[] } {
  if (m && typeof m === "object" && "shape" in m && "data" in m) {
    const shape = [...m.shape];
    const data = Array.from(m.data);
    if (shape.length === 0) return { rows: [[data[0]]], shape };
    if (shape.length === 1) return { rows: [data], shape };
    if (shape.length !== 2) throw new RangeError(`showMatrix: needs a vector or matrix, got shape ${formatShape(shape)}`);
    const [r, c] = shape;
    return { rows: Array.from({ length: r }, (_, i) => data.slice(i * c, i * c + c)), shape };
  }
  const arr = m as readonly (number | readonly number[])[];
  if (arr.length > 0 && Array.isArray(arr[0])) {
    const rows = (arr as readonly (readonly number[])[]).map((row) => [...row]);
    if (rows.some((row) => row.length !== rows[0].length)) throw new RangeError("showMatrix: ragged rows");
    return { rows, shape: [rows.length, rows[0].length] };
  }
  return { rows: [[...(arr as readonly number[])]], shape: [arr.length] };
}

/** Indices to show out of n, with -1 where the middle is elided. */
function elide(n: number, max: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return [...all.slice(0, head), -1, ...all.slice(n - tail)];
}

/** Up to `digits` decimals, trailing zeros dropped; -0 shown as 0. */
export function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(Number(v.toFixed(digits)));
  return s === "-0" ? "0" : s;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
