/**
 * The graded kernel's first cell. It makes the kernel an oracle for the student's answers and nothing more: the
 * master's tests never run there (they run in the grader, see trusted-realm.ts). The prelude defines one frozen,
 * non-writable global under a random name with one method, `calls(nonce, request)`: for each requested name it looks
 * the student's top-level definition up in tslab's cell scope (`__tslab__.exports`, captured now), calls functions on
 * the given arguments, and sends every result back as one `display_data` output of a private MIME type, tagged with
 * the nonce. Values are encoded with encodeValue (values.ts) and intrinsics captured before any student code ran. It
 * also caps what each cell may print (outputCutMarker), so a flood ends with its cell instead of at the launcher's kill.
 *
 * Nothing the kernel sends is trusted: a result is only ever the student's answer to a call the grader made, and a
 * submission that forges or garbles one only changes its own answers (see THREAT-MODEL.md).
 */
import { captureIntrinsics, decodeValue, type Encoded, encodedText, encodeValue } from "./values";

/** The MIME type of the values the prelude sends back. */
export const VALUES_MIME = "application/x-dl4nlp-grading-values+json";

/** What the grader asks of the kernel in one call cell. */
export interface OracleRequest {
  /** Names whose kind (missing, function) or value is wanted. */
  gets: string[];
  /** Function calls, in order: name and encoded arguments. */
  calls: { name: string; args: Encoded[] }[];
}

/** One answer: a get gives missing / fn / value; a call gives value + the arguments after the call, or threw, or error. */
export interface OracleAnswer {
  missing?: true;
  fn?: true;
  value?: Encoded;
  after?: Encoded;
  /** The student's function threw: its name and message (data properties only). */
  threw?: string;
  /** The answer could not be produced (not a function, a Promise, a value too large...). */
  error?: string;
}

export interface OracleReply {
  nonce: string;
  gets: OracleAnswer[];
  calls: OracleAnswer[];
}

/**
 * Installs the oracle in the kernel. Self-contained: its source text is sent to the kernel (preludeSource), where it
 * runs before any student code with encodeValue, decodeValue, captureIntrinsics and encodedText passed in.
 */
function installOracle(
  encode: typeof encodeValue,
  decode: typeof decodeValue,
  capture: typeof captureIntrinsics,
  toText: typeof encodedText,
  config: { name: string; mime: string; cellOutputBytes: number; totalOutputBytes: number; cutMarker: string },
): void {
  const G = globalThis as unknown as Record<string, unknown>;
  const tslab = G.__tslab__ as { exports: Record<string, unknown>; require: unknown };
  const scope = tslab.exports;
  const req = tslab.require as ((id: string) => unknown) & { resolve: (id: string) => string };
  try {
    req.resolve("dl4nlp");
  } catch {
    throw new Error(
      `the kernel cannot import dl4nlp from its working folder ${process.cwd()}: start the Jupyter server in a folder that holds node_modules/dl4nlp (the course folder, or one with npm install dl4nlp)`,
    );
  }
  const display = (req("tslab") as { display: { raw(mime: string, data: string): void } }).display;
  const raw = display.raw.bind(display);
  let makeTensor = (shape: number[], data: Float64Array): unknown => ({ shape, data });
  try {
    const Tensor = (req("dl4nlp") as { Tensor: new (s: number[], d: Float64Array) => unknown }).Tensor;
    makeTensor = (shape, data) => new Tensor(shape, data);
  } catch {
    // no library: tensors arrive as {shape, data}
  }
  const I = capture();
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  /** A primitive string as JSON (JSON.stringify consults no toJSON for a primitive). */
  const quote = (text: string): string => stringify(text);
  const apply = Reflect.apply;
  const hasOwn = Object.prototype.hasOwnProperty;
  const call = (f: unknown, self: unknown, ...a: unknown[]) => apply(f as (...x: unknown[]) => unknown, self, a);
  const freeze = Object.freeze;
  const defineProperty = Object.defineProperty;
  // Floods cost nothing: past a cell's output budget, or the kernel's (a timer that floods under later cells), prints are
  // dropped, with one line per cell saying so, and the cell runs on to its end with its definitions (the sandbox
  // launcher's hard cap on all the kernel's output stays the backstop, for a submission that undoes this). tslab assigns each cell's writers to process.stdout.write, then
  // process.stderr.write, when the cell starts: accessors wrap what it assigns.
  let used = 0;
  let total = 0;
  let cut = false;
  const limit = (stream: NodeJS.WriteStream, isStdout: boolean): void => {
    let current = stream.write;
    defineProperty(stream, "write", {
      configurable: false,
      get: () => current,
      set: (write: (chunk: unknown, ...rest: unknown[]) => boolean) => {
        if (isStdout) {
          used = 0;
          cut = false;
        }
        current = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
          // 100: a stream message's cost beyond its text, roughly
          const bytes = (typeof chunk === "string" || chunk instanceof Uint8Array ? chunk.length : 0) + 100;
          used += bytes;
          total += bytes;
          if (used <= config.cellOutputBytes && total <= config.totalOutputBytes) {
            return apply(write, this, [chunk, ...rest]) as boolean;
          }
          if (!cut) {
            cut = true;
            apply(write, this, [config.cutMarker]);
          }
          return true;
        } as typeof stream.write;
      },
    });
  };
  try {
    limit(process.stdout, true);
    limit(process.stderr, false);
  } catch {
    // the streams' write cannot be redefined: the launcher's hard cap alone
  }
  /** An error's name and message, read as data properties only (a getter on a thrown object is never run). */
  const describe = (e: unknown): string => {
    if (e === null || (typeof e !== "object" && typeof e !== "function")) return typeof e === "string" ? e : I.String(e);
    const field = (k: string): string => {
      let p: object | null = e as object;
      for (let depth = 0; p && depth < 8; depth++) {
        const d = I.getOwnPropertyDescriptor(p, k);
        if (d) return "value" in d && typeof d.value === "string" ? d.value : "";
        p = I.getPrototypeOf(p);
      }
      return "";
    };
    const name = field("name");
    const message = field("message");
    // no name: not an Error (a thrown plain object, or one whose name is a getter): said so, as the kernel's "Thrown object"
    const kind = name || (typeof e === "function" ? "a function (not an Error)" : "an object (not an Error)");
    return `${kind}${message ? `: ${message}` : ""}`;
  };
  const safe = (produce: () => Encoded): Encoded | { error: string } => {
    try {
      return produce();
    } catch (e) {
      return { error: `the value could not be sent back: ${describe(e)}` };
    }
  };
  const oracle = freeze({
    calls(nonce: string, requestText: string): void {
      const request = parse(requestText) as OracleRequest;
      const gets: OracleAnswer[] = [];
      const calls: OracleAnswer[] = [];
      for (let i = 0; i < request.gets.length; i++) {
        const name = request.gets[i];
        if (!call(hasOwn, scope, name) && !(name in scope)) gets[i] = { missing: true };
        else {
          const v = scope[name];
          if (typeof v === "function") gets[i] = { fn: true };
          else {
            const e = safe(() => encode(v, I));
            gets[i] = typeof e === "object" && e !== null && "error" in e ? { error: String(e.error) } : { value: e };
          }
        }
      }
      for (let i = 0; i < request.calls.length; i++) {
        const { name, args } = request.calls[i];
        const f = name in scope ? scope[name] : undefined;
        if (typeof f !== "function") {
          calls[i] = { error: f === undefined ? `${name} is not defined` : `${name} is not a function` };
          continue;
        }
        const values = decode(args, makeTensor) as unknown[];
        let result: unknown;
        try {
          result = apply(f as (...x: unknown[]) => unknown, undefined, values);
        } catch (e) {
          calls[i] = { threw: describe(e), after: safe(() => encode(values, I)) as Encoded };
          continue;
        }
        if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
          calls[i] = { error: `${name} returned a Promise; graded functions must return their value` };
          continue;
        }
        const value = safe(() => encode(result, I));
        if (value !== null && typeof value === "object" && "error" in value && typeof value.error === "string") {
          calls[i] = { error: value.error };
          continue;
        }
        calls[i] = { value: value as Encoded, after: safe(() => encode(values, I)) as Encoded };
      }
      // not stringify(reply): that would consult toJSON on Array.prototype / Object.prototype, which a submission can set
      raw(config.mime, toText({ nonce, gets, calls }, I, quote));
    },
  });
  defineProperty(G, config.name, { value: oracle, writable: false, enumerable: false, configurable: false });
}

/** A cell's output budget in a graded kernel: half the cap on all the kernel's output (its last quarter is kept free). */
export const cellOutputBudget = (outputCapBytes: number): number => Math.floor(outputCapBytes / 2);

/**
 * The line a graded kernel prints, once per cell, where it starts dropping a cell's output (past `cellOutputBytes`);
 * the grader finds it in the cell's outputs and reports the cut (cell-events.ts "output-cut").
 */
export function outputCutMarker(cellOutputBytes: number): string {
  return `\n[dl4nlp grade: this cell printed more than ${cellOutputBytes} bytes; the rest of its output was dropped]\n`;
}

/** The source of the prelude cell: the oracle and the value codec, compiled, run by indirect eval (no TypeScript). */
export function preludeSource(name: string, outputCapBytes: number): string {
  const cellOutputBytes = cellOutputBudget(outputCapBytes);
  const totalOutputBytes = Math.floor((outputCapBytes * 3) / 4);
  const body =
    `(() => { "use strict";\nconst encodeValue = ${encodeValue.toString()};\nconst decodeValue = ${decodeValue.toString()};\n` +
    `const captureIntrinsics = ${captureIntrinsics.toString()};\nconst encodedText = ${encodedText.toString()};\n` +
    `(${installOracle.toString()})(encodeValue, decodeValue, captureIntrinsics, encodedText, ${JSON.stringify({ name, mime: VALUES_MIME, cellOutputBytes, totalOutputBytes, cutMarker: outputCutMarker(cellOutputBytes) })});\n})();`;
  return `(0, eval)(${stringLiteral(body)});\n`;
}

/**
 * A JavaScript string literal of `text` that TypeScript's scanner accepts: JSON.stringify's, with the line and
 * paragraph separators (U+2028, U+2029) escaped too (TypeScript ends a string literal at them: "Unterminated string
 * literal", so a test's argument holding one could never reach the kernel).
 */
function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * The call cell for one request: strings only, nothing in it is compiled against the student's declarations; the
 * global object is reached by indirect eval of `this` (a top-level `const globalThis` of the student cannot shadow it,
 * and `eval` cannot be redeclared in a cell).
 */
export function callSource(name: string, nonce: string, request: OracleRequest): string {
  return `(0, eval)("this")[${stringLiteral(name)}].calls(${stringLiteral(nonce)}, ${stringLiteral(JSON.stringify(request))});\n`;
}
