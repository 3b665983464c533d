import { escapeHtml, formatNumber } from "./matrix";
import type { MimeBundle } from "./writer";

export interface ShowTableOptions {
  /** Columns in order, default: the keys of the rows in order of first appearance. */
  columns?: string[];
  /** Decimals for numbers, default 4. */
  digits?: number;
  /** A caption above the table. */
  caption?: string;
  /** Rows shown before eliding the middle, default 60. */
  maxRows?: number;
}

/**
 * The MIME bundle of a table of records (e.g. the perceptron's training trace): text/html and text/plain with aligned
 * columns. Numbers are rounded, arrays and tensors shown as [a, b, …], booleans as ✓ / blank.
 */
export function tableBundle(rows: readonly Record<string, unknown>[], options: ShowTableOptions = {}): MimeBundle {
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const digits = options.digits ?? 4;
  const max = options.maxRows ?? 60;
  const shown: (Record<string, unknown> | null)[] =
    rows.length <= max
      ? [...rows]
      : [...rows.slice(0, Math.ceil(max / 2)), null, ...rows.slice(rows.length - Math.floor(max / 2))];
  const cells = shown.map((r) => (r === null ? columns.map(() => "…") : columns.map((c) => cellText(r[c], digits))));
  const numeric = columns.map((c) => rows.every((r) => r[c] === undefined || typeof r[c] === "number"));
  const align = (j: number) => (numeric[j] ? "right" : "left");
  const th = columns.map((c, j) => `<th style="text-align:${align(j)}">${escapeHtml(c)}</th>`).join("");
  const tb = cells.map(
    (row) => `<tr>${row.map((v, j) => `<td style="text-align:${align(j)}">${escapeHtml(v)}</td>`).join("")}</tr>`,
  );
  const caption = options.caption
    ? `<caption style="caption-side:top;text-align:left">${escapeHtml(options.caption)}</caption>`
    : "";
  const html = `<table class="dl4nlp-table">${caption}<thead><tr>${th}</tr></thead><tbody>${tb.join("")}</tbody></table>`;
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j].length)));
  const pad = (s: string, j: number) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const lines = [columns.map((c, j) => pad(c, j)).join("  "), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of cells)
    lines.push(
      row
        .map((v, j) => pad(v, j))
        .join("  ")
        .trimEnd(),
    );
  const text = `${options.caption ? `${options.caption}\n` : ""}${lines.join("\n")}`;
  return { "text/html": html, "text/plain": text };
}

function cellText(v: unknown, digits: number): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return formatNumber(v, digits);
  if (typeof v === "boolean") return v ? "✓" : "";
  if (Array.isArray(v)) return `[${v.map((e) => cellText(e, digits)).join(", ")}]`;
  if (typeof v === "object" && "data" in (v as object) && "shape" in (v as object)) {
    return `[${Array.from((v as { data: ArrayLike<number> }).data, (e) => formatNumber(e, digits)).join(", ")}]`;
  }
  return String(v);
}
