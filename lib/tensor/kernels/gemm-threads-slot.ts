import type { Instance } from "./gemm-instance";

/**
 * The shared control block (an Int32Array) of gemm-threads.ts and gemm-worker.ts, and the tasks of a split product
 * that every thread claims from it (runTasks). Layout: one slot of SLOT.size words per helper thread, then the header,
 * HEADER.size words: the counters every thread claims from and the description of the product under way (DESC), then
 * one word per chunk of C's rows (CHUNKS): the id of the product whose chunk it last computed.
 */
export const SLOT = {
  /** Job counter: the main thread increments it to hand the helper the product described in the header; the helper waits on it. */
  job: 0,
  /** 1 once the helper waits for jobs. */
  ready: 1,
  /** Slot size in Int32 values: 128 bytes, so two helpers' slots never share a cache line. */
  size: 32,
} as const;

/** The words of the header (after the helpers' slots). */
export const HEADER = {
  /**
   * How long a waiting thread spins before it sleeps, in microseconds: SPIN_US while the machine has a core to spare
   * (load average below the cores plus a half), else 0 (spinning then only takes time from the threads that run).
   */
  spinUs: 1,
  /** The description's sequence number: odd while the main thread writes it (a helper reading it then reads again). */
  seq: 2,
  /** The next task to claim (low 16 bits) of the product whose id is in the high bits (claim). */
  next: 3,
  /** Tasks of packing B finished, and tasks finished (packing and multiplying), in the product under way. */
  packDone: 4,
  finished: 5,
  /** The id of a product in which a helper's kernel failed (the main thread then computes it all again). */
  failed: 6,
  /** The product under way (DESC), from here. */
  desc: 8,
  size: 64,
} as const;

/** At most this many chunks of C's rows per product (the words after the header): 256. */
export const MAX_CHUNKS = 256;

/** The index of chunk i's word (the id of the product whose chunk i was computed last) in the control block. */
export function chunkWord(header: number, chunk: number): number {
  return header + HEADER.size + chunk;
}

/** The description of a split product in the header (SplitProduct), offsets from HEADER.desc. */
const DESC = {
  id: 0,
  kernel: 1,
  argCount: 2,
  packTasks: 3,
  computeTasks: 4,
  chunkRows: 5,
  rows: 6,
  aArg: 7,
  aStep: 8,
  cArg: 9,
  cStep: 10,
  paArg: 11,
  pbArg: 12,
  bufferStep: 13,
  packWidth: 14,
  np: 15,
  /** The arguments of the first chunk's call (up to 13), then packBPanels' arguments (8) or none. */
  args: 16,
  pack: 29,
  end: 37,
} as const;

/**
 * Spinning while a core is spare: 1 ms, longer than the gaps between a training step's products (784-128-10 at batch
 * 64: ~0.15 ms from X·W1 to Xᵀ·G1, ~0.6-0.9 ms from there to the next step's X·W1), so helpers stay awake through an
 * epoch instead of being woken at every forward product: waking a sleeping helper cost the calling thread 50-200 µs
 * per product here (the futex call, and the woken helper taking the caller's core for a while), against ~1 ms of
 * product. Epochs with 1 ms against 0.3 ms, interleaved (spinning on, this process favoured by the scheduler): 2.25
 * against 2.57 s (medians of 3). Spinning costs only a core that would be idle.
 */
export const SPIN_US = 1000;

/** KERNEL_CODE: codes of gemm.wat's exports in the description, and back. */
export const KERNEL_CODE = { gemm: 0, gemmDirect: 1, gemmPrepacked: 2 } as const;
const KERNEL_NAME = ["gemm", "gemmDirect", "gemmPrepacked"] as const;
type KernelName = (typeof KERNEL_NAME)[number];

/**
 * A product split into tasks that any thread may run, in this order: `packTasks` tasks packing B's panels once for
 * all (packBPanels over `packWidth` columns each: the first pack task columns 0..packWidth, and so on), then
 * `computeTasks` chunks of C's rows (`chunkRows` rows each, whole tiles, the last chunk the rest of `rows`),
 * which start only once every pack task is done. A chunk's call is `args` (the first chunk's, on thread 0) with its
 * row count in args[0], A's and C's byte offsets (args[aArg], args[cArg]) moved on by aStep and cStep bytes per row,
 * and the thread's own packing buffers (args[paArg], args[pbArg], −1 where there is none) bufferStep bytes per thread
 * on. Every chunk computes its rows as the one-thread product does (same kernel, same sums), so the bits of C do not
 * depend on which thread ran which chunk.
 */
export interface SplitProduct {
  kernel: KernelName;
  args: number[];
  rows: number;
  chunkRows: number;
  aArg: number;
  aStep: number;
  cArg: number;
  cStep: number;
  paArg: number;
  pbArg: number;
  bufferStep: number;
  /** packBPanels' arguments for all of B (j0 and j1 replaced per task), or null: no pack tasks. */
  pack: number[] | null;
  /** Columns per pack task (whole panels of the packed kernel: NR columns each), and C's padded row length. */
  packWidth: number;
  np: number;
}

/** The number of pack tasks and of chunks of a split product. */
export function taskCounts(split: SplitProduct): { packTasks: number; computeTasks: number } {
  return {
    packTasks: split.pack === null ? 0 : Math.ceil(split.np / split.packWidth),
    computeTasks: Math.ceil(split.rows / split.chunkRows),
  };
}

/**
 * Writes the product's description into the header (main thread), marked by the sequence number so that a helper never
 * reads half of one product and half of another, and opens its tasks: counters and chunk words to zero, then `next` to
 * task 0 of `id`.
 */
export function openProduct(ctl: Int32Array, header: number, id: number, split: SplitProduct): void {
  const d = header + HEADER.desc;
  const { packTasks, computeTasks } = taskCounts(split);
  Atomics.add(ctl, header + HEADER.seq, 1); // odd: being written
  ctl[d + DESC.id] = id;
  ctl[d + DESC.kernel] = KERNEL_CODE[split.kernel];
  ctl[d + DESC.argCount] = split.args.length;
  ctl[d + DESC.packTasks] = packTasks;
  ctl[d + DESC.computeTasks] = computeTasks;
  ctl[d + DESC.chunkRows] = split.chunkRows;
  ctl[d + DESC.rows] = split.rows;
  ctl[d + DESC.aArg] = split.aArg;
  ctl[d + DESC.aStep] = split.aStep;
  ctl[d + DESC.cArg] = split.cArg;
  ctl[d + DESC.cStep] = split.cStep;
  ctl[d + DESC.paArg] = split.paArg;
  ctl[d + DESC.pbArg] = split.pbArg;
  ctl[d + DESC.bufferStep] = split.bufferStep;
  ctl[d + DESC.packWidth] = split.packWidth;
  ctl[d + DESC.np] = split.np;
  ctl.set(split.args, d + DESC.args);
  if (split.pack !== null) ctl.set(split.pack, d + DESC.pack);
  Atomics.add(ctl, header + HEADER.seq, 1); // even: complete
  Atomics.store(ctl, header + HEADER.packDone, 0);
  Atomics.store(ctl, header + HEADER.finished, 0);
  Atomics.store(ctl, header + HEADER.failed, 0);
  // (a chunk's word may hold this id from 32,767 products ago)
  for (let i = 0; i < computeTasks; i++) Atomics.store(ctl, chunkWord(header, i), 0);
  Atomics.store(ctl, header + HEADER.next, id << 16);
}

/** The product described in the header now, with its id (helper threads; read again if written meanwhile). */
export function readProduct(ctl: Int32Array, header: number): { id: number; split: SplitProduct } {
  const d = header + HEADER.desc;
  for (;;) {
    const seq = Atomics.load(ctl, header + HEADER.seq);
    if ((seq & 1) !== 0) continue;
    const word = (i: number) => Atomics.load(ctl, d + i);
    const argCount = word(DESC.argCount);
    const packTasks = word(DESC.packTasks);
    const split: SplitProduct = {
      kernel: KERNEL_NAME[word(DESC.kernel)],
      args: Array.from({ length: argCount }, (_, i) => word(DESC.args + i)),
      rows: word(DESC.rows),
      chunkRows: word(DESC.chunkRows),
      aArg: word(DESC.aArg),
      aStep: word(DESC.aStep),
      cArg: word(DESC.cArg),
      cStep: word(DESC.cStep),
      paArg: word(DESC.paArg),
      pbArg: word(DESC.pbArg),
      bufferStep: word(DESC.bufferStep),
      pack: packTasks > 0 ? Array.from({ length: 8 }, (_, i) => word(DESC.pack + i)) : null,
      packWidth: word(DESC.packWidth),
      np: word(DESC.np),
    };
    const id = word(DESC.id);
    if (Atomics.load(ctl, header + HEADER.seq) === seq) return { id, split };
  }
}

/**
 * Claims the next task of product `id`: its index, or −1 when every task is claimed or the product is over (`next`
 * holds another product's id: a helper that woke late never touches a later product).
 */
function claim(ctl: Int32Array, header: number, id: number, total: number): number {
  for (;;) {
    const v = Atomics.load(ctl, header + HEADER.next);
    if (v >>> 16 !== id || (v & 0xffff) >= total) return -1;
    if (Atomics.compareExchange(ctl, header + HEADER.next, v, v + 1) === v) return v & 0xffff;
  }
}

/**
 * Runs tasks of product `id` on `kernels` as thread `thread` (0 the main thread, helper i thread i + 1) until none is
 * left to claim, calling `afterChunk` after each chunk of C it computed (the main thread: to copy finished chunks
 * out); false if waiting for another thread's packing of B passed `deadline` (Date.now()). A kernel that
 * throws marks the product failed (HEADER.failed) and its task counted as done, so no thread waits for it; the main
 * thread then computes the whole product again (computeAll).
 */
export function runTasks(
  ctl: Int32Array,
  header: number,
  kernels: Instance,
  thread: number,
  id: number,
  split: SplitProduct,
  spinMs: number,
  deadline: number,
  afterChunk?: () => void,
): boolean {
  const { packTasks, computeTasks } = taskCounts(split);
  const total = packTasks + computeTasks;
  for (;;) {
    const task = claim(ctl, header, id, total);
    if (task < 0) return true;
    let failed = false;
    if (task < packTasks) {
      try {
        packTask(kernels, split, task);
      } catch {
        failed = true;
      }
      if (Atomics.add(ctl, header + HEADER.packDone, 1) + 1 === packTasks) Atomics.notify(ctl, header + HEADER.packDone);
    } else {
      if (
        packTasks > 0 &&
        !waitUntil(ctl, header + HEADER.packDone, (v) => v >= packTasks, deadline, spinMs) &&
        Atomics.load(ctl, header + HEADER.packDone) < packTasks
      ) {
        return false;
      }
      try {
        computeTask(kernels, split, thread, task - packTasks);
      } catch {
        failed = true;
      }
    }
    if (failed) Atomics.store(ctl, header + HEADER.failed, id);
    if (task >= packTasks) {
      // the chunk's rows may be copied out (the main thread copies them while others compute)
      Atomics.store(ctl, chunkWord(header, task - packTasks), id);
      Atomics.notify(ctl, chunkWord(header, task - packTasks));
    }
    if (Atomics.add(ctl, header + HEADER.finished, 1) + 1 === total) Atomics.notify(ctl, header + HEADER.finished);
    if (failed) return true;
    if (task >= packTasks && afterChunk !== undefined) afterChunk();
  }
}

/** Every task of the product on this thread, in order (the main thread, where helpers failed or never came). */
export function computeAll(kernels: Instance, split: SplitProduct): void {
  const { packTasks, computeTasks } = taskCounts(split);
  for (let t = 0; t < packTasks; t++) packTask(kernels, split, t);
  for (let t = 0; t < computeTasks; t++) computeTask(kernels, split, 0, t);
}

function packTask(kernels: Instance, split: SplitProduct, task: number): void {
  const [b, brs, bcs, k, n, , , pb] = split.pack as number[];
  kernels.packBPanels(b, brs, bcs, k, n, task * split.packWidth, Math.min(split.np, (task + 1) * split.packWidth), pb);
}

function computeTask(kernels: Instance, split: SplitProduct, thread: number, chunk: number): void {
  const args = split.args.slice();
  const i0 = chunk * split.chunkRows;
  args[0] = Math.min(split.chunkRows, split.rows - i0);
  args[split.aArg] += i0 * split.aStep;
  args[split.cArg] += i0 * split.cStep;
  if (split.paArg >= 0) args[split.paArg] += thread * split.bufferStep;
  if (split.pbArg >= 0) args[split.pbArg] += thread * split.bufferStep;
  kernels[split.kernel](...args);
}

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
