import type { IError } from "@jupyterlab/nbformat";

/** A TypeScript diagnostic line as tslab prints it: "LINE:COL - message". */
const DIAGNOSTIC = /^\d+:\d+ - /;
/**
 * Node's header before an uncaught exception thrown synchronously from a cell: "evalmachine.<anonymous>:LINE" (plain
 * tslab) or "In[COUNT]:LINE" (the project's kernel launcher).
 */
const VM_HEADER = /^(?:evalmachine\.<anonymous>|In\[\d+\]):\d+\n[\s\S]*?\n\s*\^+\s*\n\n/;
/** A stack frame line. */
const FRAME = /^\s+at /m;

/** Whether a stderr text is made of TypeScript diagnostics only (a compile error: nothing of the cell ran). */
export function isDiagnosticText(text: string): boolean {
  const lines = text.split("\n").filter((l) => l !== "");
  return lines.length > 0 && lines.every((l) => DIAGNOSTIC.test(l));
}

/**
 * An nbformat `error` output from the text tslab writes to stderr for a failed cell (tslab publishes no `error` message).
 * - TypeScript diagnostics ("1:7 - Type 'number' is not assignable to type 'string'.") → ename "TSError", evalue the
 *   diagnostics, one per line.
 * - A thrown Error ("evalmachine.<anonymous>:2 / source / ^ / RangeError: msg / at ...") → ename "RangeError", evalue "msg".
 * - Anything else thrown (a string, an object) → ename "Uncaught", evalue the printed value.
 * The traceback keeps tslab's raw text, one line per entry.
 */
export function errorFromTslabText(text: string): IError {
  const raw = text.replace(/\n+$/, "");
  const traceback = raw.split("\n");
  if (isDiagnosticText(raw)) {
    return { output_type: "error", ename: "TSError", evalue: traceback.join("\n"), traceback };
  }
  const body = raw.replace(VM_HEADER, "");
  const frame = body.search(FRAME);
  const head = (frame >= 0 ? body.slice(0, frame) : body).replace(/\n+$/, "");
  const named = /^([A-Za-z_$][\w$.]*)(?:: ([\s\S]*))?$/.exec(head);
  if (frame >= 0 && named) {
    return { output_type: "error", ename: named[1], evalue: named[2] ?? "", traceback };
  }
  return { output_type: "error", ename: "Uncaught", evalue: head, traceback };
}
