/**
 * allocData(n): a zero-filled Float64Array of n values, small ones carved from a shared slab.
 *
 * Why: in Node 20 `new Float64Array(n)` above 8 values takes an off-heap allocation of about 0.5-1 µs, longer than
 * a whole 4×4 matmul. Arrays of up to SMALL_MAX values are views into a 16 KiB slab (the way Node pools small
 * Buffers), so a live small tensor keeps at most one slab alive. Larger arrays are allocated normally.
 * Consequence: `t.data.buffer` may be shared with other tensors; use `t.data` (its offset and length), never
 * `new Float64Array(t.data.buffer)`.
 */
export function allocData(n: number): Float64Array {
  if (n > SMALL_MAX || n === 0) return new Float64Array(n);
  if (slabOffset + n > SLAB) {
    slab = new ArrayBuffer(SLAB * 8);
    slabOffset = 0;
  }
  const out = new Float64Array(slab, slabOffset * 8, n);
  slabOffset += n;
  return out;
}

/** A copy of `src` in a fresh array from allocData. */
export function copyData(src: Float64Array): Float64Array {
  const out = allocData(src.length);
  out.set(src);
  return out;
}

/** Largest array (in values) served from the slab: 1 KiB. */
const SMALL_MAX = 128;
/** Slab size in values: 16 KiB. */
const SLAB = 2048;
let slab = new ArrayBuffer(SLAB * 8);
let slabOffset = 0;
