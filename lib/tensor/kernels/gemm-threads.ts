import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { GEMM_SHARED_FMA_WASM_BASE64, GEMM_SHARED_WASM_BASE64 } from "./gemm-shared-wasm-bytes";
import { type Instance, instanceOn } from "./gemm-instance";
import {
  HEADER,
  SLOT,
  MAX_CHUNKS,
  SPIN_US,
  type SplitProduct,
  chunkWord,
  computeAll,
  openProduct,
  runTasks,
  taskCounts,
  waitUntil,
} from "./gemm-threads-slot";
import { type ProductThreads, kernelBlockSizes, productThreadsRegistered, setProductThreads } from "./gemm-wasm";

/**
 * Large products on all cores (Node only): the product split into tasks (packing B's panels, then chunks of C's rows)
 * that the calling thread and the helpers claim one at a time from a shared counter, each computed by the same
 * WebAssembly kernel on one shared memory, so the result is the one-thread result to the last bit. Registered by
 * lib/index.ts (the Node entry); the numerical core never imports this file, so it bundles for the browser unchanged.
 *
 * Why claimed tasks rather than one band per thread: a helper asleep between products takes 0.1-0.7 ms to wake (a
 * virtual machine's idle core, or a loaded machine's scheduler), as long as the product itself at a training step's
 * sizes (64×784·784×128: ~1 ms). With fixed bands the calling thread waited for every late helper, and the threaded
 * 784-128-10 epoch was no faster than one thread; with claimed tasks it never waits for a helper that has not
 * started, only for the chunk a helper is computing.
 *
 * - Threads: `DL4NLP_THREADS` (a whole number ≥ 1; 1 keeps every product on the calling thread), else the machine's
 *   available parallelism, at most 8. Read when dl4nlp is loaded.
 * - Helpers start at the first large product (which runs on one thread meanwhile), so a notebook of small products
 *   never starts one; they are unref'd, so they never keep a process (a kernel, a script) alive.
 * - Small products (under 2²² multiply-adds) stay on the calling thread: waking helpers costs tens of microseconds.
 * - Where helpers cannot start (an address-space limit such as prlimit --as, a memory cap) or one fails, products run
 *   on one thread, as before.
 * - The shared memory is never grown (see gemm-wasm.ts: a grown memory detaches its buffer and slows every
 *   typed-array loop in the process): a product that needs more gets a new memory and new helpers (the old helpers
 *   end, which frees the old memory: a helper allocates nothing, so it would never collect its garbage); a memory
 *   above 256 MiB is let go after its product, one above 64 MiB when a product needs a quarter of it or less.
 * - Waiting threads spin up to 1 ms before they sleep while the load average leaves a core spare
 *   (`DL4NLP_THREAD_SPIN`: auto, the default; on; off).
 */
export function registerProductThreads(env: NodeJS.ProcessEnv = process.env): void {
  let threads = 1;
  try {
    threads = threadCount(env);
  } catch (e) {
    // a bad setting must not make `import "dl4nlp"` fail: say so, and use one thread
    process.emitWarning(`${(e as Error).message}; using one thread`);
  }
  if (threads > 1 && pool?.count !== threads - 1) pool = new HelperPool(threads - 1);
  pool?.setSpin(spinSetting(env));
  setProductThreads(threads > 1 ? pool : null);
}

let pool: HelperPool | null = null;

/**
 * For tests and benchmarks: the helpers started and ready, the products split so far, and the shared memory's buffer
 * (null before the first split product and after a large one was let go).
 */
export function productThreadStats(): { ready: number; splitProducts: number; memory: SharedArrayBuffer | null } {
  if (pool === null || !productThreadsRegistered()) return { ready: 0, splitProducts: 0, memory: null };
  return pool.stats();
}

/** Threads for large products in this process (the calling thread included): DL4NLP_THREADS, else the cores, ≤ 8. */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env.DL4NLP_THREADS;
  if (setting !== undefined && setting !== "") {
    const n = Number(setting);
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`DL4NLP_THREADS: expected a whole number of threads ≥ 1, got "${setting}"`);
    }
    return Math.min(n, 64);
  }
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** DL4NLP_THREAD_SPIN: "auto" (unset or empty), "on" or "off"; anything else is refused with a warning (auto). */
function spinSetting(env: NodeJS.ProcessEnv): Spin {
  const setting = env.DL4NLP_THREAD_SPIN ?? "";
  if (setting === "" || setting === "auto") return "auto";
  if (setting === "on" || setting === "off") return setting;
  process.emitWarning(`DL4NLP_THREAD_SPIN: expected auto, on or off, got "${setting}"; using auto`);
  return "auto";
}
type Spin = "auto" | "on" | "off";

/** How long run() waits for the helpers' tasks before computing the product here and giving helpers up: 60 s. */
const HELPER_TIMEOUT_MS = 60_000;
/** How often the spinning time (HEADER.spinUs) follows the load average: every second. */
const LOAD_CHECK_MS = 1000;
/** A memory above this is let go after its product: 256 MiB (a 2048² product needs ~110 MiB and keeps its helpers). */
const MAX_KEEP_BYTES = 256 << 20;
/** A memory above this is swapped for a smaller one when a product needs a quarter of it or less: 64 MiB. */
const KEEP_BYTES = 64 << 20;

interface Helper {
  worker: Worker;
  base: number;
  failed: boolean;
}

/** One shared memory, the main thread's instance on it, and the helpers started for it. */
interface Generation extends Instance {
  bytes: number;
  helpers: Helper[];
}

class HelperPool implements ProductThreads {
  private broken = false;
  private control: Int32Array | null = null;
  private module: WebAssembly.Module | null = null;
  private current: Generation | null = null;
  private splitProducts = 0;
  /** The id of the last split product (HEADER.next's high bits): 1..32767, never 0. */
  private id = 0;
  /** Which chunks of the product under way are copied out (run). */
  private readonly copied = new Uint8Array(MAX_CHUNKS);
  private loadChecked = 0;
  /** Whether waiting threads spin before sleeping (DL4NLP_THREAD_SPIN). */
  private spin: Spin = "auto";
  /** The index of the header words (HEADER) in the control block, after the helpers' slots. */
  private get header(): number {
    return this.count * SLOT.size;
  }

  constructor(readonly count: number) {}

  threads(): number {
    return this.broken ? 1 : this.count + 1;
  }

  instanceWith(bytes: number): Instance | null {
    if (this.broken) return null;
    const c = this.current;
    if (c !== null && c.bytes >= bytes && !(c.bytes > KEEP_BYTES && bytes * 4 < c.bytes)) {
      return this.available().length > 0 ? c : null; // null while the helpers start: this product on one thread
    }
    this.retire();
    this.current = this.startGeneration(Math.ceil((bytes * 1.25) / 65536));
    return null;
  }

  stats(): { ready: number; splitProducts: number; memory: SharedArrayBuffer | null } {
    const memory = (this.current?.memory.buffer as SharedArrayBuffer | undefined) ?? null;
    return { ready: this.available().length, splitProducts: this.splitProducts, memory };
  }

  setSpin(spin: Spin): void {
    if (spin !== this.spin) this.loadChecked = 0; // the next product sets HEADER.spinUs anew
    this.spin = spin;
  }

  wake(): void {
    const ctl = this.control as Int32Array;
    const now = Date.now();
    if (now - this.loadChecked > LOAD_CHECK_MS) {
      this.loadChecked = now;
      const spare = this.spin === "on" || (this.spin === "auto" && loadavg()[0] < availableParallelism() + 0.5);
      Atomics.store(ctl, this.header + HEADER.spinUs, spare ? SPIN_US : 0);
    }
    // woken without a job, a helper spins for it; where it may not spin it would only sleep again
    if (this.spinMs() === 0) return;
    for (const h of this.available()) Atomics.notify(ctl, h.base + SLOT.job);
  }

  run(instance: Instance, split: SplitProduct, copyOut: (i0: number, rows: number) => void): void {
    this.splitProducts++;
    this.id = (this.id % 0x7fff) + 1;
    const id = this.id;
    const ctl = this.control as Int32Array;
    const header = this.header;
    openProduct(ctl, header, id, split);
    for (const h of this.available()) {
      Atomics.add(ctl, h.base + SLOT.job, 1);
      Atomics.notify(ctl, h.base + SLOT.job);
    }
    const { packTasks, computeTasks } = taskCounts(split);
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    const spinMs = this.spinMs();
    // C's chunks copied out as soon as they are computed, this thread's own between its tasks (the helpers go on
    // meanwhile), the rest as they finish: the copying overlaps the helpers' multiplying
    const copied = this.copied.fill(0, 0, computeTasks);
    const rowsOf = (i: number) => Math.min(split.chunkRows, split.rows - i * split.chunkRows);
    const copyDone = () => {
      for (let i = 0; i < computeTasks; i++) {
        if (copied[i] === 0 && Atomics.load(ctl, chunkWord(header, i)) === id) {
          copied[i] = 1;
          copyOut(i * split.chunkRows, rowsOf(i));
        }
      }
    };
    let done = runTasks(ctl, header, instance, 0, id, split, spinMs, deadline, copyDone);
    for (let i = 0; i < computeTasks && done; i++) {
      if (copied[i] === 1) continue;
      done = waitUntil(ctl, chunkWord(header, i), (v) => v === id, deadline, spinMs);
      if (done) copyOut(i * split.chunkRows, rowsOf(i));
    }
    done &&= waitUntil(ctl, header + HEADER.finished, (v) => v === packTasks + computeTasks, deadline, spinMs);
    if (!done || Atomics.load(ctl, header + HEADER.failed) === id) {
      // a helper failed or took too long: no more helpers on this memory, and the whole product here (the same sums)
      if (!done) Atomics.store(ctl, header + HEADER.next, 0); // nothing of it left to claim
      for (const h of this.current?.helpers ?? []) h.failed = true;
      computeAll(instance, split);
      copyOut(0, split.rows);
    }
    if (this.current !== null && this.current.bytes > MAX_KEEP_BYTES) this.retire();
  }

  /** Lets the current memory go: its helpers end (and with them their references to it). */
  private retire(): void {
    for (const h of this.current?.helpers ?? []) void h.worker.terminate();
    this.current = null;
  }

  private spinMs(): number {
    return Atomics.load(this.control as Int32Array, this.header + HEADER.spinUs) / 1000;
  }

  private available(): Helper[] {
    const ctl = this.control;
    if (ctl === null || this.current === null) return [];
    return this.current.helpers.filter((h) => !h.failed && Atomics.load(ctl, h.base + SLOT.ready) === 1);
  }

  /** A shared memory of `pages` and helpers on it (they start in the background); null where threads cannot run. */
  private startGeneration(pages: number): Generation | null {
    const script = workerScript();
    const sizes = kernelBlockSizes();
    if (sizes === null || script === null) {
      this.broken = true;
      return null;
    }
    const helpers: Helper[] = [];
    try {
      // the variant the one-thread kernels use (fused multiply-adds or not), so a split product has the same sums
      const bytes = sizes.fma ? GEMM_SHARED_FMA_WASM_BASE64 : GEMM_SHARED_WASM_BASE64;
      this.module ??= new WebAssembly.Module(Buffer.from(bytes, "base64"));
      // a fresh control block per generation: a helper of an older one that is still ending cannot touch it
      // (the helpers' slots, then the header words, HEADER)
      const control = new SharedArrayBuffer((this.count * SLOT.size + HEADER.size + MAX_CHUNKS) * 4);
      this.control = new Int32Array(control);
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      const instance = instanceOn(this.module, memory);
      for (let index = 0; index < this.count; index++) {
        const worker = new Worker(script, {
          workerData: { module: this.module, memory, control, index, count: this.count },
          // no resourceLimits: a helper needs little JavaScript heap (its work is in the shared WebAssembly memory), but
          // in a process started from a V8 start-up snapshot (the kernels the dl4nlp tools and Jupyter start) a worker
          // with an old-generation limit cannot be deserialized and aborts the whole process (Node 20: "Fatal
          // JavaScript OOM in GC during deserialization"); test/tools/kernel/snapshot-folders.test.ts
        });
        const helper: Helper = { worker, base: index * SLOT.size, failed: false };
        worker.on("error", () => {
          helper.failed = true;
        });
        worker.on("exit", () => {
          helper.failed = true;
        });
        worker.unref();
        helpers.push(helper);
      }
      return { ...instance, bytes: pages * 65536, helpers };
    } catch {
      // no threads here (address-space or memory limits, no SharedArrayBuffer): one thread, as before
      this.broken = true;
      for (const h of helpers) void h.worker.terminate();
      return null;
    }
  }
}

/** gemm-worker.js beside this module (the built package), or in lib/dist when running from the TypeScript sources. */
function workerScript(): string | null {
  for (const file of [
    join(__dirname, "gemm-worker.js"),
    join(__dirname, "..", "..", "dist", "tensor", "kernels", "gemm-worker.js"),
  ]) {
    if (existsSync(file)) return file;
  }
  return null;
}
