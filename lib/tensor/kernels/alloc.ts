import { activeStepBuffers } from "./scratch";

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
  if (n === 0) return new Float64Array(0);
  if (n <= SMALL_MAX) return small.take(n);
  if (n <= MID_MAX) return mid.take(n);
  return new Float64Array(n);
}

/**
 * allocUninit(n): a Float64Array of n values whose contents are unspecified, for the output of an op that writes
 * every element (element-wise arithmetic, activations, copies). Served like allocData, from slabs that are not
 * zero-filled: zeroing and first-touching fresh pages cost ~1 µs per 2,400 values here, as much as the add that
 * follows (measured: 0.2 µs instead of 1.1-1.6 µs for a 150×16 output). Never expose an element you did not write.
 * Inside a training step (scratch.ts) the array is one of the step's own, reused from the step before.
 */
export function allocUninit(n: number): Float64Array {
  if (n === 0) return new Float64Array(0);
  const step = activeStepBuffers();
  if (step !== null) return step.take(n); // inside a training step: last step's arrays again (scratch.ts)
  if (n <= MID_MAX) return uninitMid.take(n);
  return new Float64Array(uninitBuffer(n * 8), 0, n);
}

/** ArrayBuffers handed out front to back as views of n values; when one is used up, the next is made. */
class Slab {
  private buffer: ArrayBuffer | null = null;
  private offset = 0;
  constructor(
    /** Size of each buffer, in values. */
    private readonly values: number,
    private readonly newBuffer: (bytes: number) => ArrayBuffer,
  ) {}

  take(n: number): Float64Array {
    if (this.buffer === null || this.offset + n > this.values) {
      this.buffer = this.newBuffer(this.values * 8);
      this.offset = 0;
    }
    const out = new Float64Array(this.buffer, this.offset * 8, n);
    this.offset += n;
    return out;
  }
}

/** An ArrayBuffer of `bytes` without zero-filling: Node's Buffer.allocUnsafeSlow, else (no Node) a zeroed one. */
function uninitBuffer(bytes: number): ArrayBuffer {
  if (typeof Buffer === "undefined") return new ArrayBuffer(bytes);
  const b = Buffer.allocUnsafeSlow(bytes);
  return b.buffer as ArrayBuffer; // an unpooled Buffer owns its whole ArrayBuffer, at offset 0
}

/** A copy of `src` in a fresh array (allocUninit: every value is written). */
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
const zeroed = (bytes: number) => new ArrayBuffer(bytes);
const small = new Slab(SMALL_SLAB, zeroed);
const mid = new Slab(MID_SLAB, zeroed);
const uninitMid = new Slab(MID_SLAB, uninitBuffer);
