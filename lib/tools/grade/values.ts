/**
 * Values crossing between the grader and a graded kernel, as JSON-safe trees.
 *
 * `encodeValue(v)` turns a value into plain JSON data: finite numbers, strings, booleans and null as themselves, arrays
 * as arrays, everything else tagged: `{$n: "NaN" | "Infinity" | "-Infinity" | "-0"}`, `{$u: 1}` (undefined),
 * `{$b: "12"}` (bigint), `{$ta: "Float64Array", v: [...]}` (typed arrays), `{$tensor: {shape, data}}` (a dl4nlp
 * Tensor), `{$f: "name"}` (a function: not comparable), `{$o: {...}}` (any other object: its own enumerable string
 * keys). Throws a RangeError past `maxNodes` nodes or `maxDepth` levels, and for cycles.
 * `decodeValue(tree, makeTensor)` builds fresh values back (a tensor through `makeTensor(shape, data)`).
 *
 * Both functions, and captureIntrinsics, are self-contained (no imports, no module-level helpers): the grader sends
 * their source text (Function.prototype.toString of the compiled functions) into the graded kernel as part of its
 * prelude, so the kernel and the grader run the same code. Inside the kernel, the intrinsics they use are the ones captured by the
 * prelude before any student code ran (passed in `intrinsics`); in the grader, the defaults.
 */
export interface ValueIntrinsics {
  isArray: (v: unknown) => boolean;
  isView: (v: unknown) => boolean;
  keys: (o: object) => string[];
  getPrototypeOf: (o: object) => object | null;
  getOwnPropertyDescriptor: (o: object, k: string) => PropertyDescriptor | undefined;
  isNaN: (n: number) => boolean;
  objectIs: (a: unknown, b: unknown) => boolean;
  String: (v: unknown) => string;
}

/**
 * The intrinsics as they are now. Self-contained like the codec: the kernel prelude sends its source and calls it
 * before any student code ran; the grader calls it once (DEFAULT_INTRINSICS).
 */
export function captureIntrinsics(): ValueIntrinsics {
  return {
    isArray: Array.isArray,
    isView: ArrayBuffer.isView,
    keys: Object.keys,
    getPrototypeOf: Object.getPrototypeOf,
    getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
    isNaN: Number.isNaN,
    objectIs: Object.is,
    String,
  };
}

export const DEFAULT_INTRINSICS: ValueIntrinsics = captureIntrinsics();

export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

export function encodeValue(
  value: unknown,
  I: ValueIntrinsics,
  limits: { maxNodes: number; maxDepth: number } = { maxNodes: 2_000_000, maxDepth: 64 },
): Encoded {
  let nodes = 0;
  const path: unknown[] = [];
  const typedName = (v: object): string => {
    // the constructor's name from the prototype chain as a data property only (no student getters)
    let p = I.getPrototypeOf(v);
    while (p) {
      const d = I.getOwnPropertyDescriptor(p, "constructor");
      if (d && "value" in d && typeof d.value === "function") {
        const n = I.getOwnPropertyDescriptor(d.value, "name");
        if (n && typeof n.value === "string") return n.value;
      }
      p = I.getPrototypeOf(p);
    }
    return "";
  };
  const enc = (v: unknown, depth: number): Encoded => {
    if (++nodes > limits.maxNodes) throw new RangeError(`value too large (more than ${limits.maxNodes} parts)`);
    if (depth > limits.maxDepth) throw new RangeError(`value nested deeper than ${limits.maxDepth} levels`);
    if (v === null) return null;
    switch (typeof v) {
      case "number":
        if (I.isNaN(v)) return { $n: "NaN" };
        if (v === Infinity) return { $n: "Infinity" };
        if (v === -Infinity) return { $n: "-Infinity" };
        if (I.objectIs(v, -0)) return { $n: "-0" };
        return v;
      case "string":
      case "boolean":
        return v;
      case "undefined":
        return { $u: 1 };
      case "bigint":
        return { $b: I.String(v) };
      case "symbol":
        return { $f: "a symbol" };
      case "function": {
        const n = I.getOwnPropertyDescriptor(v, "name");
        return { $f: n && typeof n.value === "string" ? n.value : "" };
      }
    }
    const o = v as Record<string, unknown>;
    for (let i = 0; i < path.length; i++) if (path[i] === o) throw new RangeError("value contains a cycle");
    path[path.length] = o;
    try {
      if (I.isView(o)) {
        const out: Encoded[] = [];
        const n = (o as unknown as { length: number }).length;
        for (let i = 0; i < n; i++) out[i] = enc((o as unknown as number[])[i], depth + 1);
        return { $ta: typedName(o), v: out };
      }
      if (I.isArray(o)) {
        const out: Encoded[] = [];
        const n = (o as unknown as unknown[]).length;
        if (n > limits.maxNodes) throw new RangeError(`array too long (${n} elements)`);
        for (let i = 0; i < n; i++) out[i] = enc((o as unknown as unknown[])[i], depth + 1);
        return out;
      }
      if (typedName(o) === "Tensor" && I.isArray(o.shape) && I.isView(o.data)) {
        return { $tensor: { shape: enc(o.shape, depth + 1), data: enc(o.data, depth + 1) } };
      }
      const fields: { [key: string]: Encoded } = {};
      const keys = I.keys(o);
      for (let i = 0; i < keys.length; i++) fields[keys[i]] = enc(o[keys[i]], depth + 1);
      return { $o: fields };
    } finally {
      path.length = path.length - 1;
    }
  };
  return enc(value, 0);
}

/**
 * A JSON-safe tree as JSON text, without JSON.stringify's object path: no `toJSON` (on Object.prototype,
 * Array.prototype...) and no `Symbol.toPrimitive` is ever consulted, so a submission that replaces them cannot garble
 * its answers on the way out. Strings are quoted by `quote` (JSON.stringify captured before any student code ran;
 * for a primitive string it consults nothing).
 */
export function encodedText(tree: unknown, I: ValueIntrinsics, quote: (s: string) => string): string {
  const out = (t: unknown): string => {
    if (t === null) return "null";
    if (t === true) return "true";
    if (t === false) return "false";
    // the tree's numbers are finite (encodeValue tags NaN and the infinities); anything else is JSON's null
    if (typeof t === "number") return I.isNaN(t) || t === Infinity || t === -Infinity ? "null" : `${t}`;
    if (typeof t === "string") return quote(t);
    if (typeof t !== "object") return "null";
    // concatenation only: no array or string method a submission could have replaced
    let text = "";
    if (I.isArray(t)) {
      const a = t as unknown[];
      for (let i = 0; i < a.length; i++) text += (i > 0 ? "," : "") + out(a[i]);
      return `[${text}]`;
    }
    const o = t as Record<string, unknown>;
    const keys = I.keys(o);
    for (let i = 0; i < keys.length; i++) {
      const d = I.getOwnPropertyDescriptor(o, keys[i]);
      if (d && "value" in d && d.value !== undefined) text += `${text === "" ? "" : ","}${quote(keys[i])}:${out(d.value)}`;
    }
    return `{${text}}`;
  };
  return out(tree);
}

export function decodeValue(tree: Encoded, makeTensor: (shape: number[], data: Float64Array) => unknown): unknown {
  const dec = (t: Encoded): unknown => {
    if (t === null || typeof t !== "object") return t;
    if (Array.isArray(t)) return t.map(dec);
    if ("$n" in t) return t.$n === "NaN" ? Number.NaN : t.$n === "-0" ? -0 : t.$n === "Infinity" ? Infinity : -Infinity;
    if ("$u" in t) return undefined;
    if ("$b" in t) return BigInt(String(t.$b));
    if ("$f" in t) {
      const name = String(t.$f);
      const f = () => {
        throw new TypeError(`the submission gave a function (${name || "anonymous"}) where a value was expected`);
      };
      return f;
    }
    if ("$ta" in t) {
      const values = (t.v as Encoded[]).map(dec) as number[];
      const kinds: Record<string, (v: number[]) => unknown> = {
        Float64Array: (v) => Float64Array.from(v),
        Float32Array: (v) => Float32Array.from(v),
        Int32Array: (v) => Int32Array.from(v),
        Uint8Array: (v) => Uint8Array.from(v),
      };
      return (kinds[String(t.$ta)] ?? ((v: number[]) => Float64Array.from(v)))(values);
    }
    if ("$tensor" in t) {
      const inner = t.$tensor as { shape: Encoded; data: Encoded };
      const shape = dec(inner.shape) as number[];
      const data = dec(inner.data);
      return makeTensor(shape, data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>));
    }
    const out: Record<string, unknown> = {};
    const fields = (t.$o ?? {}) as Record<string, Encoded>;
    for (const k of Object.keys(fields)) {
      Object.defineProperty(out, k, { value: dec(fields[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return dec(tree);
}
