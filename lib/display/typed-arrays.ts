/**
 * Plotly's typed-array form of a numeric array, `{dtype, bdata, shape?}` (bdata: the little-endian bytes, base64),
 * which plotly.js (≥ 2.28, the renderer of the `plotly` Python package, VS Code) decodes in `Plotly.newPlot`.
 * A notebook stores JSON with one array element per line; a 50×50 heatmap as plain JSON takes about 60 KB there, as a
 * typed array about 27 KB. Used for the traces of a figure (`data`), not for animation frames (plotly.js merges frame data
 * into traces, and a typed-array spec is an object there, not an array).
 */
export interface TypedArraySpec {
  dtype: "i1" | "u1" | "i2" | "u2" | "i4" | "f8";
  bdata: string;
  /** "rows,cols" for a 2-D array (heatmap z); absent for 1-D. */
  shape?: string;
}

/** Arrays shorter than this stay plain JSON (small figures stay readable in the notebook file). */
const MIN_TYPED_LENGTH = 16;

/** The integer types, smallest first, with their ranges. */
const INTEGER_TYPES: [TypedArraySpec["dtype"], number, number][] = [
  ["u1", 0, 0xff],
  ["i1", -0x80, 0x7f],
  ["u2", 0, 0xffff],
  ["i2", -0x8000, 0x7fff],
  ["i4", -0x80000000, 0x7fffffff],
];

/**
 * The typed-array spec of a numeric 1-D array (numbers and nulls; null becomes NaN, a gap, as in plotly.js) or of a
 * rectangular 2-D array, or null when `value` is not one or is shorter than MIN_TYPED_LENGTH.
 * Integers within int32 use the smallest integer type; other values float64, so plotly.js sees exactly the numbers
 * of the plain JSON and draws the same picture (float32 would move contour lines where a value sits on a level).
 */
export function toTypedArraySpec(value: unknown): TypedArraySpec | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  let flat: unknown[];
  let shape: string | undefined;
  if (Array.isArray(value[0])) {
    const cols = (value[0] as unknown[]).length;
    if (cols === 0 || !value.every((row) => Array.isArray(row) && row.length === cols)) return null;
    flat = (value as unknown[][]).flat();
    shape = `${value.length},${cols}`;
  } else {
    flat = value;
  }
  if (flat.length < MIN_TYPED_LENGTH) return null;
  if (!flat.every((v) => v === null || (typeof v === "number" && Number.isFinite(v)))) return null;
  const numbers = flat as (number | null)[];
  let dtype: TypedArraySpec["dtype"] = "f8";
  if (numbers.every((v) => v !== null && Number.isInteger(v))) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of numbers as number[]) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    dtype = INTEGER_TYPES.find(([, lo, hi]) => min >= lo && max <= hi)?.[0] ?? "f8";
  }
  const array = makeArray(dtype, numbers.length);
  numbers.forEach((v, i) => {
    array[i] = v === null ? Number.NaN : v;
  });
  const bdata = toBase64(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return shape ? { dtype, bdata, shape } : { dtype, bdata };
}

/** The numbers of a typed-array spec as nested arrays (NaN → null): for tests and tools that read stored figures. */
export function fromTypedArraySpec(spec: TypedArraySpec): (number | null)[] | (number | null)[][] {
  const array = Array.from(viewOf(spec.dtype, fromBase64(spec.bdata).buffer as ArrayBuffer), (v) => (Number.isNaN(v) ? null : v));
  if (!spec.shape) return array;
  const [rows, cols] = spec.shape.split(",").map(Number);
  return Array.from({ length: rows }, (_, r) => array.slice(r * cols, (r + 1) * cols));
}

/** Whether `v` is a typed-array spec as plotly.js recognises it. */
export function isTypedArraySpec(v: unknown): v is TypedArraySpec {
  return v !== null && typeof v === "object" && typeof (v as TypedArraySpec).dtype === "string" && "bdata" in v;
}

/**
 * A trace with each long numeric array (x, y, z, marker.color, …, at any depth) in typed-array form; strings,
 * short arrays and everything else unchanged. Returns a new object.
 */
export function encodeTrace(trace: Record<string, unknown>): Record<string, unknown> {
  return encodeValue(trace) as Record<string, unknown>;
}

function encodeValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const spec = toTypedArraySpec(value);
    if (spec) return spec;
    return value.map(encodeValue);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
  }
  return value;
}

function makeArray(
  dtype: TypedArraySpec["dtype"],
  n: number,
): Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array {
  return viewOf(dtype, new ArrayBuffer(n * BYTES[dtype]));
}

const BYTES: Record<TypedArraySpec["dtype"], number> = { i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, f8: 8 };

function viewOf(dtype: TypedArraySpec["dtype"], buffer: ArrayBuffer) {
  switch (dtype) {
    case "i1":
      return new Int8Array(buffer);
    case "u1":
      return new Uint8Array(buffer);
    case "i2":
      return new Int16Array(buffer);
    case "u2":
      return new Uint16Array(buffer);
    case "i4":
      return new Int32Array(buffer);
    default:
      return new Float64Array(buffer);
  }
}

/** Base64 of bytes with the web platform's btoa (in Node ≥ 16 and browsers alike). */
function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
