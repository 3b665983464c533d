/**
 * allocData(n): a zero-filled Float64Array of n values; small and mid-sized ones are carved from shared slabs.
 *
 * Why: in Node 20 `new Float64Array(n)` above 8 values is an off-heap allocation of about 0.5-3 µs (plus external-
 * memory bookkeeping for the GC), longer than a whole 4×4 matmul and a large part of a small training step. So, the
 * way Node pools small Buffers, arrays of up to 128 values (1 KiB) are views into a 16 KiB slab, and arrays of up to
 * 4,096 values (32 KiB) views into a 512 KiB slab; larger ones are allocated normally. A live view keeps its slab
 * alive, so a small tensor pins at most 16 KiB and a mid-sized one (at least 1 KiB itself) at most 512 KiB.
 * Consequence: `t.data.buffer` may be shared with other tensors; use `t.data` (its offset and length), never
 * `new Float64Array(t.data.buffer)`.
 */
export function allocData(n: number): Float64Array {
  if (n <= SMALL_MAX) {
    if (n === 0) return new Float64Array(0);
    if (smallOffset + n > SMALL_SLAB) {
      smallSlab = new ArrayBuffer(SMALL_SLAB * 8);
      smallOffset = 0;
    }
    const out = new Float64Array(smallSlab, smallOffset * 8, n);
    smallOffset += n;
    return out;
  }
  if (n <= MID_MAX) {
    if (midOffset + n > MID_SLAB) {
      midSlab = new ArrayBuffer(MID_SLAB * 8);
      midOffset = 0;
    }
    const out = new Float64Array(midSlab, midOffset * 8, n);
    midOffset += n;
    return out;
  }
  return new Float64Array(n);
}

/**
 * allocUninit(n): a Float64Array of n values whose contents are unspecified, for the output of an op that writes
 * every element (element-wise arithmetic, activations, copies). Served like allocData, from slabs that are not
 * zero-filled: zeroing and first-touching fresh pages cost ~1 µs per 2,400 values here, as much as the add that
 * follows (measured: 0.2 µs instead of 1.1-1.6 µs for a 150×16 output). Never expose an element you did not write.
 */
export function allocUninit(n: number): Float64Array {
  if (n > MID_MAX || n === 0) return n === 0 ? new Float64Array(0) : new Float64Array(uninitBuffer(n * 8), 0, n);
  if (uninitOffset + n > MID_SLAB) {
    uninitSlab = uninitBuffer(MID_SLAB * 8);
    uninitOffset = 0;
  }
  const out = new Float64Array(uninitSlab, uninitOffset * 8, n);
  uninitOffset += n;
  return out;
}

/** An ArrayBuffer of `bytes` without zero-filling: Node's Buffer.allocUnsafeSlow, else (no Node) a zeroed one. */
function uninitBuffer(bytes: number): ArrayBuffer {
  if (typeof Buffer === "undefined") return new ArrayBuffer(bytes);
  const b = Buffer.allocUnsafeSlow(bytes);
  return b.buffer as ArrayBuffer; // an unpooled Buffer owns its whole ArrayBuffer, at offset 0
}

/** A copy of `src` in a fresh array from allocData. */
export function copyData(src: Float64Array): Float64Array {
  const out = allocUninit(src.length);
  out.set(src);
  return out;
}

/** Largest array (in values) served from the small slab: 1 KiB. */
const SMALL_MAX = 128;
/** Small slab size in values: 16 KiB. */
const SMALL_SLAB = 2048;
/** Largest array (in values) served from the mid slab: 32 KiB. */
const MID_MAX = 4096;
/** Mid slab size in values: 512 KiB. */
const MID_SLAB = 65536;
let smallSlab = new ArrayBuffer(SMALL_SLAB * 8);
let smallOffset = 0;
let midSlab = new ArrayBuffer(0);
let midOffset = MID_SLAB;
let uninitSlab = new ArrayBuffer(0);
let uninitOffset = MID_SLAB;
