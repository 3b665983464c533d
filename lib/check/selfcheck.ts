import { Tensor, formatShape } from "../tensor/tensor";
import { count } from "../tensor/plural";

/** Node's util.inspect.custom symbol, shared through the global registry (no import of node:util). */
const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom") as typeof INSPECT;

/**
 * The one self-check helper of every exercise, quiz and assignment. A self-check cell reads:
 *
 * ```ts
 * selfCheck("a tanh unit", () => {
 *   checkClose("myTanhY", myTanhY, neuralUnit(w, b, x, activations.tanh).y);
 *   return `tanh(0.87) = ${myTanhY.toFixed(6)}`;        // printed after "✓ a tanh unit: "
 * });
 * ```
 *
 * Every check first validates the answer's form and says what was expected: a finite number (not NaN, not ±Infinity,
 * not a string), an array of the right length (not empty), a matrix of the right shape, a function. Then it compares.
 * A failed check throws a `SelfCheckError` whose printed form is its message alone ("✗ a tanh unit: myTanhY is NaN
 * (still the placeholder?): expected a finite number"), so tslab shows no stack trace under it, in JupyterLab and in
 * `dl4nlp run`'s output.
 */
export class SelfCheckError extends Error {
  override name = "SelfCheckError";

  /** How Node prints the error (tslab prints a failed cell's error with console.error): the message, nothing else. */
  [INSPECT](): string {
    return this.message;
  }
}

/** A numeric answer: a number, an array of numbers, an array of rows, or a Tensor. */
export type NumericAnswer = number | readonly number[] | readonly (readonly number[])[] | Tensor;

/** Options of `checkClose`. */
export interface CloseOptions {
  /** Largest allowed |answer − expected| per value, plus `rtol`·|expected| (default 1e-9). */
  tol?: number;
  /** Relative part of the tolerance (default 1e-9). */
  rtol?: number;
  /** Whether the message of a wrong answer shows the expected value (default true; false for quizzes). */
  reveal?: boolean;
  /** A sentence added to the message of a wrong answer. */
  hint?: string;
}

/**
 * Runs the checks of one self-check cell. On success prints "✓ title: <what body returns>" (and returns nothing, so
 * that a notebook does not echo the line a second time); on failure throws a SelfCheckError "✗ title: <what was wrong>". An error thrown by the student's own code (a stub's
 * "not written yet", a TypeError) becomes a SelfCheckError that names it.
 * @example
 * selfCheck("softmax", () => { checkClose("mySoftmax([1, 2])", mySoftmax([1, 2]), [0.268941, 0.731059], { tol: 1e-6 }); return "matches"; });
 */
export function selfCheck(title: string, body: () => string): void {
  let said: string;
  try {
    said = body();
  } catch (err) {
    throw new SelfCheckError(`✗ ${title}: ${reasonOf(err)}`);
  }
  console.log(`✓ ${title}${said ? `: ${said}` : ""}`);
}

/**
 * The stub of an exercise: throws "`what` is not written yet". Put it where the student's code goes, e.g.
 * `return notImplemented("myPerceptronStep");`, so the notebook runs and the self-check says what is missing.
 */
export function notImplemented(what = "this exercise"): never {
  throw new SelfCheckError(`${what} is not written yet: replace the stub (the line calling notImplemented) with your code`);
}

/**
 * Calls the student's function `fn` and returns its result; if it throws, a SelfCheckError says which call did and
 * why ("myStep([0, -1, 1], [1, 1, 3], 1, 0.5) threw TypeError: w.map is not a function").
 */
export function answerOf<T>(call: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SelfCheckError) throw err;
    throw new SelfCheckError(`${call} threw ${reasonOf(err)}`);
  }
}

/**
 * Checks a numeric answer against the expected value: same form (a number for a number; the same length for an
 * array; the same rows × columns for a matrix or 2-D Tensor; every value finite), then |answer − expected| <= tol +
 * rtol·|expected| for every value. Throws a SelfCheckError naming `name` and what was expected; returns the answer's
 * values, flattened.
 * @example
 * checkClose("myW", myW, [-1, 2]);   // myW = [NaN, NaN] → "myW[0] is NaN (still the placeholder?): expected a finite number"
 */
export function checkClose(name: string, answer: unknown, expected: NumericAnswer, options: CloseOptions = {}): number[] {
  const tol = options.tol ?? 1e-9;
  const rtol = options.rtol ?? 1e-9;
  const want = flattenExpected(expected);
  const got = expectForm(name, answer, want.shape);
  let worst = -1;
  let worstDiff = 0;
  for (let i = 0; i < got.length; i++) {
    const d = Math.abs(got[i] - want.values[i]);
    if (!(d <= tol + rtol * Math.abs(want.values[i])) && d >= worstDiff) {
      worst = i;
      worstDiff = d;
    }
  }
  if (worst >= 0) {
    const at = want.shape.length === 0 ? name : `${name}${indexText(worst, want.shape)}`;
    const told =
      options.reveal === false
        ? `${at} = ${numberText(got[worst])} is not right`
        : want.shape.length === 0
          ? `${name} is ${numberText(got[0])}, expected ${numberText(want.values[0])}`
          : `${name} is ${valuesText(got, want.shape)}, expected ${valuesText(want.values, want.shape)} (${at} is off by ${numberText(worstDiff)})`;
    throw new SelfCheckError(`not yet: ${told}${options.hint ? `. ${options.hint}` : ""}`);
  }
  return got;
}

/**
 * Checks an exact answer (an integer, a string, a boolean, or an array of them) for equality, after checking its type.
 * @example
 * checkEqual("myParameterCount([2, 3, 1])", myParameterCount([2, 3, 1]), 13);
 */
export function checkEqual(
  name: string,
  answer: unknown,
  expected: number | string | boolean | readonly (number | string | boolean)[],
  options: Pick<CloseOptions, "reveal" | "hint"> = {},
): void {
  const list = Array.isArray(expected);
  const wantValues: readonly (number | string | boolean)[] = list ? expected : [expected as number | string | boolean];
  const kind = typeof wantValues[0];
  let gotValues: unknown[];
  if (list) {
    if (!Array.isArray(answer)) throw form(name, answer, `an array of ${wantValues.length} ${kind}s`);
    if (answer.length !== wantValues.length) throw form(name, answer, `an array of ${wantValues.length} ${kind}s`);
    gotValues = answer;
  } else gotValues = [answer];
  gotValues.forEach((v, i) => {
    const at = list ? `${name}[${i}]` : name;
    if (typeof v !== typeof wantValues[i]) throw form(at, v, `a ${typeof wantValues[i]}`);
    if (typeof v === "number" && !Number.isFinite(v)) throw form(at, v, "a finite number");
  });
  const wrong = gotValues.findIndex((v, i) => v !== wantValues[i]);
  if (wrong >= 0) {
    const at = list ? `${name}[${wrong}]` : name;
    const told =
      options.reveal === false
        ? `${at} = ${show(gotValues[wrong])} is not right`
        : `${at} is ${show(gotValues[wrong])}, expected ${show(wantValues[wrong])}`;
    throw new SelfCheckError(`not yet: ${told}${options.hint ? `. ${options.hint}` : ""}`);
  }
}

/**
 * Checks a condition the answer must meet; throws a SelfCheckError "not yet: `message`" when it does not.
 * @example
 * checkThat(myW.length === 2, "myW needs two weights, one per hidden unit");
 */
export function checkThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new SelfCheckError(`not yet: ${message}`);
}

/**
 * Checks that `answer` is a function taking `arity` arguments (when given) and returns it typed as the caller says.
 */
export function expectFunction<F extends (...args: never[]) => unknown>(name: string, answer: unknown, arity?: number): F {
  if (typeof answer !== "function") throw form(name, answer, "a function");
  if (arity !== undefined && answer.length !== arity) {
    throw new SelfCheckError(`${name} takes ${answer.length} argument(s): expected a function of ${arity}`);
  }
  return answer as F;
}

/**
 * Checks that `answer` has the form `shape` (`[]` a number, `[n]` an array of n numbers, `[r, c]` r rows of c numbers,
 * or a Tensor of that shape; every value finite) and returns its values flattened in row-major order. Throws a
 * SelfCheckError that says what was expected and what came.
 */
export function expectForm(name: string, answer: unknown, shape: readonly number[]): number[] {
  const want = shapeText(shape);
  if (answer instanceof Tensor) {
    const same = answer.shape.length === shape.length && answer.shape.every((d, i) => d === shape[i]);
    const vectorLike = shape.length === 1 && answer.size === shape[0] && answer.shape.filter((d) => d !== 1).length <= 1;
    if (!same && !vectorLike) {
      throw new SelfCheckError(`${name} is a Tensor of shape ${formatShape(answer.shape)}: expected ${want}`);
    }
    return finite(name, Array.from(answer.data), shape);
  }
  if (shape.length === 0) {
    if (typeof answer !== "number") throw form(name, answer, want);
    return finite(name, [answer], shape);
  }
  if (!Array.isArray(answer)) throw form(name, answer, want);
  if (answer.length !== shape[0]) throw form(name, answer, want);
  if (shape.length === 1) {
    answer.forEach((v, i) => {
      if (typeof v !== "number") throw form(`${name}[${i}]`, v, "a number");
    });
    return finite(name, answer as number[], shape);
  }
  const out: number[] = [];
  answer.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== shape[1]) throw form(`${name}[${r}]`, row, `a row of ${count(shape[1], "number")}`);
    row.forEach((v, c) => {
      if (typeof v !== "number") throw form(`${name}[${r}][${c}]`, v, "a number");
      out.push(v);
    });
  });
  return finite(name, out, shape);
}

function finite(name: string, values: number[], shape: readonly number[]): number[] {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const at = shape.length === 0 ? name : `${name}${indexText(bad, shape)}`;
    throw form(at, values[bad], "a finite number");
  }
  return values;
}

function flattenExpected(expected: NumericAnswer): { values: number[]; shape: number[] } {
  if (typeof expected === "number") return { values: [expected], shape: [] };
  if (expected instanceof Tensor) return { values: Array.from(expected.data), shape: [...expected.shape] };
  if (expected.length > 0 && Array.isArray(expected[0])) {
    const rows = expected as readonly (readonly number[])[];
    return { values: rows.flatMap((r) => [...r]), shape: [rows.length, rows[0].length] };
  }
  return { values: [...(expected as readonly number[])], shape: [expected.length] };
}

/** A SelfCheckError "name is <what it is>: expected <what>". */
function form(name: string, value: unknown, expected: string): SelfCheckError {
  return new SelfCheckError(`${name} is ${describeAnswer(value)}: expected ${expected}`);
}

/** What a value is, in a student's words: "NaN (still the placeholder?)", "an empty array", "a string ("3")", ... */
export function describeAnswer(value: unknown): string {
  if (value === undefined) return "undefined (nothing was assigned or returned)";
  if (value === null) return "null";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN (still the placeholder, or a computation that failed?)";
    if (!Number.isFinite(value)) return `${value}`;
    return `the number ${numberText(value)}`;
  }
  if (typeof value === "string") return `a string (${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)})`;
  if (typeof value === "boolean") return `the boolean ${value}`;
  if (typeof value === "function") return "a function";
  if (value instanceof Tensor) return `a Tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return "an empty array";
    if (Array.isArray(value[0]))
      return `an array of ${count(value.length, "row")} (${value.map((r) => (Array.isArray(r) ? r.length : "?")).join(", ")} values)`;
    return `an array of ${count(value.length, "value")}`;
  }
  return `a ${typeof value}`;
}

function shapeText(shape: readonly number[]): string {
  if (shape.length === 0) return "a finite number";
  if (shape.length === 1) return `an array of ${count(shape[0], "number")}`;
  return `${count(shape[0], "row")} of ${count(shape[1], "number")} (a ${shape.join("×")} array or Tensor)`;
}

function indexText(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${flat}]`;
  return `[${Math.floor(flat / shape[1])}][${flat % shape[1]}]`;
}

function numberText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number.parseFloat(v.toPrecision(7)));
}

function valuesText(values: number[], shape: readonly number[]): string {
  if (shape.length <= 1) return `[${values.map(numberText).join(", ")}]`;
  const rows: string[] = [];
  for (let r = 0; r < shape[0]; r++)
    rows.push(
      `[${values
        .slice(r * shape[1], (r + 1) * shape[1])
        .map(numberText)
        .join(", ")}]`,
    );
  return `[${rows.join(", ")}]`;
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

function reasonOf(err: unknown): string {
  if (err instanceof SelfCheckError) return err.message;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `the value ${String(err)}`;
}
