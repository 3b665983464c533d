/**
 * The layout of one helper thread's slot in the shared control block (an Int32Array) of gemm-threads.ts and
 * gemm-worker.ts: indices within the slot, and its size. After the helpers' slots, one more slot-sized header holds
 * the words of HEADER.
 */
export const SLOT = {
  /** Job counter: the main thread increments it to hand over a job; the helper waits on it. */
  job: 0,
  /** The job counter of the last job the helper finished; the main thread waits on it. */
  done: 1,
  /** 0: done; 1: the helper could not run it (the main thread runs it). */
  status: 2,
  /** The job counter of the last job whose share of B the helper packed (or failed to: status 1). */
  packed: 3,
  /** Which export (KERNEL_CODE): gemm, gemmDirect or gemmPrepacked (after packBPanels). */
  kernel: 4,
  argCount: 5,
  /** For prepacked jobs: the number of packBPanels' arguments (first in args), and the HEADER.go value to wait for. */
  packCount: 6,
  go: 7,
  /** The arguments, up to 23. */
  args: 8,
  /** 1 once the helper waits for jobs. */
  ready: 31,
  /** Slot size in Int32 values: 128 bytes, so two helpers' slots never share a cache line. */
  size: 32,
} as const;

/** The words after the helpers' slots. */
export const HEADER = {
  /** The number of the split product whose helpers may multiply (every share of B packed). */
  go: 0,
  /**
   * How long a waiting thread spins before it sleeps, in microseconds: SPIN_US while the machine has a core to spare
   * (load average below the cores plus a half), else 0 (spinning then only takes time from the threads that run).
   */
  spinUs: 1,
} as const;

/** Spinning while a core is spare: 0.3 ms, about a product's copying in or a band's end. */
export const SPIN_US = 300;

/** SLOT.kernel's codes of gemm.wat's exports, and back. */
export const KERNEL_CODE = { gemm: 0, gemmDirect: 1, gemmPrepacked: 2 } as const;
export const KERNEL_NAME = ["gemm", "gemmDirect", "gemmPrepacked"] as const;

/**
 * Waits until `ctl[index]` satisfies `reached` or `deadline` (Date.now()) passes; false then. Spins for up to `spinMs`
 * first: the other thread is usually a few microseconds away, and waking from Atomics.wait costs tens of them (more on
 * a virtual machine whose idle core sleeps).
 */
export function waitUntil(
  ctl: Int32Array,
  index: number,
  reached: (value: number) => boolean,
  deadline: number,
  spinMs: number,
): boolean {
  const spinEnd = performance.now() + spinMs;
  for (let i = 0; ; i++) {
    const value = Atomics.load(ctl, index);
    if (reached(value)) return true;
    if ((i & 63) === 0 && performance.now() > spinEnd) break;
  }
  for (;;) {
    const value = Atomics.load(ctl, index);
    if (reached(value)) return true;
    if (Date.now() > deadline) return false;
    Atomics.wait(ctl, index, value, 100);
  }
}
