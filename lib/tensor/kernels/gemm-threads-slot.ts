/**
 * The layout of one helper thread's slot in the shared control block (an Int32Array) of gemm-threads.ts and
 * gemm-worker.ts: indices within the slot, and its size.
 */
export const SLOT = {
  /** Job counter: the main thread increments it to hand over a job; the helper waits on it. */
  job: 0,
  /** The job counter of the last job the helper finished; the main thread waits on it. */
  done: 1,
  /** 0: done; 1: the helper could not run it (the main thread runs it). */
  status: 2,
  /** Which export: packed (gemm) or direct (gemmDirect). */
  kernel: 4,
  argCount: 5,
  /** The export's arguments, up to 16. */
  args: 6,
  /** 1 once the helper waits for jobs. */
  ready: 22,
  /** Slot size in Int32 values: 128 bytes, so two helpers' slots never share a cache line. */
  size: 32,
  packed: 0,
  direct: 1,
} as const;
