import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";

/**
 * Notebook JSON byte for byte as Python's nbformat writes it (`nbformat.writes(nb) + "\n"`): multi-line strings split
 * into lists of lines (split_lines: sources, stream texts, text/* and SVG/JavaScript outputs), keys sorted, one-space
 * indent, non-ASCII kept, numbers as Python prints them (pythonJson), trailing newline. So a save in Jupyter changes
 * nothing but what the user changed.
 */
export function formatNotebook(nb: INotebookContent): string {
  return `${pythonJson(splitLines(nb), "")}\n`;
}

/**
 * `json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False)`: JSON.stringify's layout and string escapes are
 * the same as Python's; the keys are sorted (by UTF-16 code unit, as Python sorts these ASCII keys) and numbers that
 * are not integers are written as Python's float repr (pythonFloat). Undefined values are left out, as JSON does.
 */
function pythonJson(value: unknown, indent: string): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return pythonNumber(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => (v === undefined || typeof v === "function" ? "null" : pythonJson(v, inner)));
    return `[\n${inner}${items.join(`,\n${inner}`)}\n${indent}]`;
  }
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined && typeof obj[k] !== "function")
      .sort();
    if (keys.length === 0) return "{}";
    const items = keys.map((k) => `${JSON.stringify(k)}: ${pythonJson(obj[k], inner)}`);
    return `{\n${inner}${items.join(`,\n${inner}`)}\n${indent}}`;
  }
  return "null";
}

/**
 * A number as Python's json module writes what it read from JSON: integers (as JSON parses them: no fraction, below
 * 1e21 in JavaScript's notation) as digits; other numbers as float repr: the shortest round-trip digits, in fixed
 * notation for 1e-4 ≤ |x| < 1e16, else as d.ddde±XX (at least two exponent digits). NaN/Infinity → null (as JSON).
 */
function pythonNumber(x: number): string {
  if (!Number.isFinite(x)) return "null";
  const js = JSON.stringify(x);
  if (!/[.e]/.test(js)) return js;
  if (x === 0) return "0.0";
  const [mantissa, exp] = x.toExponential().split("e");
  const e = Number(exp);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace(/[-.]/g, "");
  let body: string;
  if (e >= -4 && e < 16) {
    if (e < 0) body = `0.${"0".repeat(-e - 1)}${digits}`;
    else if (digits.length > e + 1) body = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
    else body = `${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return negative ? `-${body}` : body;
}

/** The line breaks of Python's str.splitlines: \n \r \v \f, \x1c-\x1e, \x85, U+2028, U+2029 (\r\n counts as one). */
const BREAKS = "\n\r\v\f\u001c\u001d\u001e\u0085\u2028\u2029";
const LINE = new RegExp(`[^${BREAKS}]*(?:\r\n|[${BREAKS}])|[^${BREAKS}]+$`, "g");

/** Python's str.splitlines(keepends=True). */
function pythonSplitLines(text: string): string[] {
  return text.match(LINE) ?? [];
}

const SPLIT_MIMES = new Set(["application/javascript", "image/svg+xml"]);

function splitBundle(data: unknown): unknown {
  if (data === null || typeof data !== "object") return data;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      typeof v === "string" && (k.startsWith("text/") || SPLIT_MIMES.has(k)) ? pythonSplitLines(v) : v,
    ]),
  );
}

/** nbformat's split_lines on a copy. */
function splitLines(nb: INotebookContent): INotebookContent {
  const cells = nb.cells.map((cell) => {
    const c = { ...cell } as Record<string, unknown>;
    if (typeof c.source === "string") c.source = pythonSplitLines(c.source);
    if (c.attachments && typeof c.attachments === "object") {
      c.attachments = Object.fromEntries(Object.entries(c.attachments).map(([k, v]) => [k, splitBundle(v)]));
    }
    if (c.cell_type === "code" && Array.isArray(c.outputs)) {
      c.outputs = (c.outputs as Record<string, unknown>[]).map((o) => {
        if (o.output_type === "execute_result" || o.output_type === "display_data")
          return { ...o, data: splitBundle(o.data ?? {}) };
        if (o.output_type === "stream" && typeof o.text === "string") return { ...o, text: pythonSplitLines(o.text) };
        return o;
      });
    }
    return c;
  });
  return { ...nb, cells } as INotebookContent;
}

/** Writes a file atomically: a temporary file in the same folder, then rename over the target. Creates the folder. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes a notebook atomically (see writeFileAtomic) in Jupyter's own layout. */
export function writeNotebook(file: string, nb: INotebookContent): Promise<void> {
  return writeFileAtomic(file, formatNotebook(nb));
}
