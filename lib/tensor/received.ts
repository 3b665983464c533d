import { count } from "./plural";
import { formatShape, Tensor } from "./tensor";

/**
 * What a function received, for its error message, with the value's kind: `"0.01" (a string)`, `undefined`, `NaN`,
 * `[1, 2] (an array of 2 numbers)`, `a Tensor of shape 2×3`, `a Var "w" (param, 2×2)`, `an object { lr, beta }`.
 * The one formatter of a received value: every validator of the library says `got ${received(v)}`.
 * @example
 * received("0.01"); // '"0.01" (a string)'
 * received([[1, 2], [3, 4]]); // "an array of 2 rows"
 */
export function received(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  switch (typeof v) {
    case "number":
      return String(v);
    case "string":
      return `${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} (a string)`;
    case "boolean":
      return `${v} (a boolean)`;
    case "bigint":
      return `${v}n (a bigint)`;
    case "function":
      return v.name ? `a function (${v.name})` : "a function";
    case "symbol":
      return v.description ? `a symbol (${v.description})` : "a symbol";
  }
  if (v instanceof Tensor) return tensorText(v);
  for (const describe of describers) {
    const text = describe(v as object);
    if (text !== undefined) return text;
  }
  if (Array.isArray(v)) return arrayText(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView))
    return `${withArticle(v.constructor.name)} of ${count((v as Float64Array).length, "value")}`;
  if (v instanceof Map) return `a Map of ${count(v.size, "entry", "entries")}`;
  if (v instanceof Set) return `a Set of ${count(v.size, "value")}`;
  if (v instanceof Promise) return "a Promise (await it for its value)";
  // the prototype's class, not v.constructor: an object may hold a key named "constructor"
  const proto = Object.getPrototypeOf(v);
  const ctor = proto === null ? undefined : Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
  if (proto === null || ctor === Object) {
    const keys = Object.keys(v as object);
    return keys.length === 0
      ? "an empty object {}"
      : `an object { ${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""} }`;
  }
  const name = typeof ctor === "function" && typeof ctor.name === "string" && ctor.name ? ctor.name : "";
  return name ? withArticle(name) : "an object";
}

/** `a Float64Array`, `an Int32Array`, `an MLP`: a class name with its article (an acronym read letter by letter). */
function withArticle(name: string): string {
  return `${/^([AEIOU]|[FHLMNRSX][A-Z])/.test(name) ? "an" : "a"} ${name}`;
}

/** `a Tensor of shape 2×3`; `a scalar Tensor (3)` for a 0-d one, with its value. */
function tensorText(t: Tensor): string {
  return t.rank === 0 ? `a scalar Tensor (${t.data[0]})` : `a Tensor of shape ${formatShape(t.shape)}`;
}

function arrayText(a: readonly unknown[]): string {
  if (a.length === 0) return "an empty array []";
  if (a.every((e) => typeof e === "number")) {
    const what = `an array of ${count(a.length, "number")}`;
    return a.length <= 6 ? `[${a.join(", ")}] (${what})` : what;
  }
  if (a.every(Array.isArray)) return `an array of ${count(a.length, "row")}`;
  return `an array of ${count(a.length, "value")} (${[...new Set(a.map(kindOf))].join(", ")})`;
}

function kindOf(e: unknown): string {
  if (e === null || e === undefined) return String(e);
  if (Array.isArray(e)) return "arrays";
  if (e instanceof Tensor) return "Tensors";
  if (ArrayBuffer.isView(e)) return `${e.constructor.name}s`;
  return `${typeof e}s`;
}

/** Describers of the library's other kinds of object (a Var), registered by their modules; undefined: not mine. */
const describers: ((v: object) => string | undefined)[] = [];

/** Registers how `received` names objects of a kind this module cannot import (autograd's Var). */
export function registerReceivedKind(describe: (v: object) => string | undefined): void {
  describers.push(describe);
}

/** True when a registered describer names v as a Var (`received(v)` starts with "a Var"). */
function isVar(v: unknown): boolean {
  return typeof v === "object" && v !== null && received(v).startsWith("a Var");
}

/**
 * `v` when it is a Tensor; else a TypeError `fn: what must be a Tensor, got <received(v)>` with the way out: for a
 * Var, `varHint` (the function that takes Vars, e.g. `ad.exp(x)`) or its `.value`; for an array, `Tensor.from`.
 * Numerical functions call it on their Tensor arguments, so a wrong kind of argument is named instead of crashing
 * deep inside with Node's or V8's message.
 */
export function expectTensor(fn: string, what: string, v: unknown, varHint?: string): Tensor {
  if (v instanceof Tensor) return v;
  throw wrongKind(fn, what, "a Tensor", v, varHint);
}

/** `v` when it is a Tensor or a number (an operand that broadcasts); else `expectTensor`'s TypeError. */
export function expectOperand(fn: string, what: string, v: unknown, varHint?: string): Tensor | number {
  if (v instanceof Tensor || typeof v === "number") return v;
  throw wrongKind(fn, what, "a Tensor or a number", v, varHint);
}

/** The TypeError `fn: what must be <expected>, got <received(v)> (<the way out>)`. */
export function wrongKind(fn: string, what: string, expected: string, v: unknown, varHint?: string): TypeError {
  let hint = "";
  if (isVar(v)) hint = ` (${varHint ? `use ${varHint} for a Var, or` : "pass"} its .value, the Tensor)`;
  else if (Array.isArray(v)) hint = " (Tensor.from(values) makes a Tensor of an array)";
  return new TypeError(`${fn}: ${what} must be ${expected}, got ${received(v)}${hint}`);
}

/** `shape` when it is an array of integers >= 0 (a Tensor's shape); else a TypeError naming `fn` and what it got. */
export function expectShape(fn: string, shape: unknown): readonly number[] {
  if (Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0)) return shape;
  const error = Array.isArray(shape) ? RangeError : TypeError;
  throw new error(`${fn}: shape must be an array of sizes (integers >= 0), e.g. [2, 3], got ${received(shape)}`);
}

/** `v` when it is an array of numbers (labels, predictions, a weight vector); else a TypeError naming `fn`. */
export function expectNumbers(fn: string, what: string, v: unknown): readonly number[] {
  if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v;
  const hint = v instanceof Tensor ? " (Array.from(t.data) gives its numbers)" : "";
  throw new TypeError(`${fn}: ${what} must be an array of numbers, got ${received(v)}${hint}`);
}

/**
 * Whether `v` is data (a Tensor, a Var, an array or a typed array): what a factory such as `mse` or `sgd` receives
 * when it is called like the thing it makes (`mse(yHat, y)` for `mse().value(yHat, y)`).
 */
export function isData(v: unknown): boolean {
  return v instanceof Tensor || Array.isArray(v) || ArrayBuffer.isView(v) || isVar(v);
}

/**
 * `options` when it is an object whose keys are all `known`; else a TypeError (another kind of value) or a RangeError
 * naming the unknown key (a typo such as `learningRate` is an error, not silently ignored). The one check of the
 * options objects of optimizers, losses, schedules, fit, mlp and dense. `usage`, the factory's calling form, follows
 * the TypeError: a factory given data or a number was called as the thing it makes (`mse(yHat, y)`), and is told
 * `mse() makes a loss: call it as mse().value(yHat, y)`.
 */
export function expectOptions<T>(fn: string, options: T, known: readonly string[], usage?: string): T {
  if (options === null || typeof options !== "object" || isData(options)) {
    const how = usage && (isData(options) || typeof options === "number") ? `: ${usage}` : "";
    throw new TypeError(`${fn}: options must be an object { ${known.join(", ")} }, got ${received(options)}${how}`);
  }
  for (const key of Object.keys(options))
    if (!known.includes(key)) throw new RangeError(`${fn}: unknown option "${key}"; known: ${known.join(", ")}`);
  return options;
}
