import type { IError } from "@jupyterlab/nbformat";
import { inspect } from "node:util";

/**
 * A TypeScript diagnostic line as tslab prints it: "LINE:COL - message" in the cell, "FILE LINE:COL - message" in a
 * file the cell imports ("helper.ts 1:14 - …", "lib/my util.ts 3:1 - …").
 */
const DIAGNOSTIC = /^(?:[^\n]*?\.[cm]?[jt]sx? )?\d+:\d+ - /;
/**
 * Node's header before an uncaught exception thrown synchronously: "FILE:LINE", the source line and a caret line, then
 * an empty line. FILE is the cell ("evalmachine.<anonymous>" in plain tslab, "In[COUNT]" under the project's kernel
 * launcher) or, when a function the cell called threw, that function's file (the library's, a package's).
 */
const VM_HEADER = /^([^\n]*):\d+\n[\s\S]*?\n\s*\^+\s*\n\n/;
/**
 * The cell's header when the kernel could not place the caret in the cell's line, or could not map the line at all
 * (cell-lines.ts): `In[K]:LINE`, the line or nothing, an empty line.
 */
const CELL_HEADER_WITHOUT_CARET = /^(In\[\d+\]|evalmachine\.<anonymous>):\d+\n(?:[^\n]+\n)?\n/;
/** A header naming the cell's own code, whose source line the student wrote (kept in the traceback). */
const CELL_FILE = /^(?:evalmachine\.<anonymous>|In\[\d+\])$/;
/** A stack frame line. */
const FRAME = /^\s+at /m;
/** Node's error for a cell stopped by an interrupt (Jupyter's interrupt, a runner's or grader's time limit). */
const INTERRUPT = /^Error: Script execution (?:was )?interrupted\b/;

/**
 * The error text tslab writes to stderr without the header Node puts before an exception a library or package threw
 * (its file:line, source line and caret: nothing the student wrote); a text without such a header comes back as it is.
 */
export function withoutLibraryHeader(text: string): string {
  const header = VM_HEADER.exec(text);
  if (!header || CELL_FILE.test(header[1])) return text;
  const body = text.slice(header[0].length);
  return FRAME.test(body) && /^[A-Za-z_$][\w$.]*(?::|\n|$)/.test(body) ? body : text;
}

/**
 * The text without the stack frames of the kernel's own machinery: Node's (`node:vm`, `node:internal/…`), and those in
 * the given folders (tslab's, the kernel launcher's). What is left are the frames of the cell and of the code it called
 * (the library, a package), as a Python kernel's traceback shows the cell and the libraries but not IPython. An
 * interrupt (no other frame) becomes its message line alone; any other text with no other frame comes back as it is.
 * An error's own properties, which Node prints after its last frame (`{ code: 'ENOENT', … }`), stay in their braces.
 */
export function withoutKernelFrames(text: string, dirs: string[]): string {
  if (!FRAME.test(text)) return text;
  const kept: string[] = [];
  let brace = false;
  for (const line of text.split("\n")) {
    if (/^\s+at /.test(line) && (/[( ]node:/.test(line) || dirs.some((d) => line.includes(d)))) {
      // Node prints an error's own properties after its last frame: "    at f (file:1:2) {", "  code: '…'", "}"
      brace = line.endsWith(" {");
      continue;
    }
    if (brace && kept.length > 0 && !kept[kept.length - 1].endsWith(" {")) kept[kept.length - 1] += " {";
    brace = false;
    kept.push(line);
  }
  if (FRAME.test(kept.join("\n"))) return kept.join("\n");
  // an interrupt stops the cell from outside: its frames are all the machinery's, so its message alone is the traceback
  // (as a Python kernel shows KeyboardInterrupt, not IPython's frames)
  if (INTERRUPT.test(text)) return text.endsWith("\n") ? `${text.split("\n")[0]}\n` : text.split("\n")[0];
  // another error of the machinery alone keeps its frames, which are all it has and tell a thrown Error from a string
  return text;
}

/** Whether a stderr text is made of TypeScript diagnostics only (a compile error: nothing of the cell ran). */
export function isDiagnosticText(text: string): boolean {
  const lines = text.split("\n").filter((l) => l !== "");
  return lines.length > 0 && lines.every((l) => DIAGNOSTIC.test(l));
}

/**
 * An nbformat `error` output from the text tslab writes to stderr for a failed cell (tslab publishes no `error` message).
 * - TypeScript diagnostics ("1:7 - Type 'number' is not assignable to type 'string'.") → ename "TSError", evalue the
 *   diagnostics, one per line.
 * - A thrown Error ("evalmachine.<anonymous>:2 / source / ^ / RangeError: msg / at ...") → ename "RangeError", evalue "msg";
 *   thrown inside a function the cell called ("/…/lib/dist/nn/init.js:90 / source / ^ / …"), the same, and the
 *   traceback leaves out that file's source line and caret.
 * - Anything else printed (a thrown string or object whose value the kernel did not see: errorFromThrownValue names
 *   those) → ename "Uncaught", evalue the printed value.
 * The traceback keeps tslab's raw text, one line per entry.
 */
export function errorFromTslabText(text: string): IError {
  const raw = text.replace(/\n+$/, "");
  const traceback = raw.split("\n");
  if (isDiagnosticText(raw)) {
    return { output_type: "error", ename: "TSError", evalue: traceback.join("\n"), traceback };
  }
  const header = VM_HEADER.exec(raw) ?? CELL_HEADER_WITHOUT_CARET.exec(raw);
  const body = header ? raw.slice(header[0].length) : raw;
  const frame = body.search(FRAME);
  const head = (frame >= 0 ? body.slice(0, frame) : body).replace(/\n+$/, "");
  const named = /^([A-Za-z_$][\w$.]*)(?:: ([\s\S]*))?$/.exec(head);
  if (frame < 0 && named && INTERRUPT.test(head)) {
    return { output_type: "error", ename: named[1], evalue: named[2] ?? "", traceback: [head] };
  }
  if (frame >= 0 && named) {
    // a library's source line and caret say nothing to the student (the frames below still name the file and line)
    return { output_type: "error", ename: named[1], evalue: named[2] ?? "", traceback: withoutLibraryHeader(raw).split("\n") };
  }
  return { output_type: "error", ename: "Uncaught", evalue: head, traceback };
}

/**
 * An nbformat `error` output for a cell that threw something other than an Error (`throw "no data"`, `throw {code: 42}`,
 * `throw null`, a promise rejected with a string): ename "Thrown string" (number, object, null, undefined, or the
 * class name of an object of a class), evalue the value as Node prints it (strings quoted), and a traceback that says
 * so and how to get a message with a stack (throw an Error). As in JavaScript, such a value has no stack to show.
 */
export function errorFromThrownValue(value: unknown): IError {
  const kind =
    value === null
      ? "null"
      : typeof value !== "object"
        ? typeof value
        : (Object.getPrototypeOf(value)?.constructor?.name ?? "object");
  const what = kind === "Object" || kind === "" ? "object" : kind;
  const evalue = inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
  const article = /^[aeiou]/i.test(what) ? "an" : "a";
  const thrown = what === "null" || what === "undefined" ? what : `${article} ${what}`;
  return {
    output_type: "error",
    ename: `Thrown ${what}`,
    evalue,
    traceback: [
      `Thrown ${what}: ${evalue}`,
      `(the cell threw ${thrown}, not an Error, so there is no message or stack: throw new Error("…") gives both)`,
    ],
  };
}

/**
 * An nbformat `error` output for a cell that threw an Error whose stack was removed (`e.stack = undefined`), which Node
 * prints as `[Error: msg]`: ename its name ("Error", "RangeError", a class's own), evalue its message, and a traceback
 * of `name: message` and a line saying the error has no stack.
 */
export function errorFromStacklessError(error: Error): IError {
  const ename = String(error.name || error.constructor?.name || "Error");
  const evalue = String(error.message ?? "");
  return {
    output_type: "error",
    ename,
    evalue,
    traceback: [evalue === "" ? ename : `${ename}: ${evalue}`, "(the error's stack was removed, so no line can be shown)"],
  };
}
