import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { GEMM_SHARED_WASM_BASE64 } from "./gemm-shared-wasm-bytes";
import { SLOT } from "./gemm-threads-slot";
import {
  type Instance,
  type KernelCall,
  type ProductThreads,
  kernelBlockSizes,
  productThreadsRegistered,
  setProductThreads,
} from "./gemm-wasm";

/**
 * Large products on all cores (Node only): C's rows split into bands, one per thread, each computed by the same
 * WebAssembly kernel on one shared memory, so the result is the one-thread result to the last bit. Registered by
 * lib/index.ts (the Node entry); the numerical core never imports this file, so it bundles for the browser unchanged.
 *
 * - Threads: `DL4NLP_THREADS` (a whole number ≥ 1; 1 keeps every product on the calling thread), else the machine's
 *   available parallelism, at most 8. Read when dl4nlp is loaded.
 * - Helpers start at the first large product (which runs on one thread meanwhile), so a notebook of small products
 *   never starts one; they are unref'd, so they never keep a process (a kernel, a script) alive.
 * - Small products (under 2²² multiply-adds) stay on the calling thread: waking helpers costs tens of microseconds.
 * - Where helpers cannot start (an address-space limit such as prlimit --as, a memory cap) or one fails, products run
 *   on one thread, as before.
 * - The shared memory is never grown (see gemm-wasm.ts: a grown memory detaches its buffer and slows every
 *   typed-array loop in the process); a product that needs more gets a new one, and one above 64 MiB is let go after
 *   its product.
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

/** How long finish() waits for a helper before running its band here and giving helpers up: 60 s. */
const HELPER_TIMEOUT_MS = 60_000;
/** Memories above this are let go after their product (as gemm-wasm.ts does on one thread): 64 MiB. */
const KEEP_BYTES = 64 << 20;

interface Helper {
  worker: Worker;
  port: MessagePort;
  base: number;
  failed: boolean;
}

class HelperPool implements ProductThreads {
  private helpers: Helper[] | null = null;
  private broken = false;
  private control: Int32Array | null = null;
  private module: WebAssembly.Module | null = null;
  private current: (Instance & { bytes: number }) | null = null;
  private generation = 0;
  /** The helpers handed a job by start(), in job order. */
  private busy: Helper[] = [];
  private splitProducts = 0;

  constructor(readonly count: number) {}

  ready(): number {
    if (this.broken) return 0;
    if (this.helpers === null) {
      this.startHelpers();
      return 0; // this product on one thread while they start
    }
    return this.available().length;
  }

  instanceWith(bytes: number): Instance | null {
    if (this.current !== null && this.current.bytes >= bytes) return this.current;
    if (this.module === null) return null;
    const pages = Math.ceil((bytes * 1.25) / 65536);
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    } catch {
      return null;
    }
    const exports = new WebAssembly.Instance(this.module, { env: { memory } }).exports as Record<string, Instance["packed"]>;
    this.generation++;
    for (const h of this.helpers ?? []) h.port.postMessage({ memory, generation: this.generation });
    this.current = {
      memory: new Float64Array(memory.buffer),
      packed: exports.gemm,
      direct: exports.gemmDirect,
      bytes: pages * 65536,
    };
    return this.current;
  }

  stats(): { ready: number; splitProducts: number; memory: SharedArrayBuffer | null } {
    const memory = (this.current?.memory.buffer as SharedArrayBuffer | undefined) ?? null;
    return { ready: this.broken ? 0 : this.available().length, splitProducts: this.splitProducts, memory };
  }

  start(jobs: KernelCall[]): void {
    this.splitProducts++;
    const ctl = this.control as Int32Array;
    const helpers = this.available();
    this.busy = helpers.slice(0, jobs.length);
    jobs.forEach((job, i) => {
      const h = helpers[i];
      ctl[h.base + SLOT.memory] = this.generation;
      ctl[h.base + SLOT.kernel] = job.kernel === "gemm" ? SLOT.packed : SLOT.direct;
      ctl[h.base + SLOT.argCount] = job.args.length;
      ctl.set(job.args, h.base + SLOT.args);
      Atomics.add(ctl, h.base + SLOT.job, 1);
      Atomics.notify(ctl, h.base + SLOT.job);
    });
  }

  finish(): number[] {
    const undone: number[] = [];
    this.busy.forEach((h, i) => {
      if (!this.waitFor(h)) undone.push(i);
    });
    this.busy = [];
    if (this.current !== null && this.current.bytes > KEEP_BYTES) this.release();
    return undone;
  }

  /** Lets the current memory go, in the helpers too. */
  private release(): void {
    this.current = null;
    this.generation++;
    const ctl = this.control as Int32Array;
    const helpers = this.available();
    for (const h of helpers) {
      h.port.postMessage({ memory: null, generation: this.generation });
      ctl[h.base + SLOT.memory] = this.generation;
      ctl[h.base + SLOT.kernel] = SLOT.release;
      Atomics.add(ctl, h.base + SLOT.job, 1);
      Atomics.notify(ctl, h.base + SLOT.job);
    }
    for (const h of helpers) this.waitFor(h);
  }

  /** Waits until helper h has finished its job; false (and the helper is given up) if it failed or took too long. */
  private waitFor(h: Helper): boolean {
    const ctl = this.control as Int32Array;
    const job = Atomics.load(ctl, h.base + SLOT.job);
    const deadline = Date.now() + HELPER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(ctl, h.base + SLOT.done);
      if (done === job) break;
      if (Date.now() > deadline) {
        h.failed = true;
        return false;
      }
      Atomics.wait(ctl, h.base + SLOT.done, done, 100);
    }
    if (ctl[h.base + SLOT.status] !== 0) {
      h.failed = true;
      return false;
    }
    return true;
  }

  private available(): Helper[] {
    const ctl = this.control;
    if (ctl === null || this.helpers === null) return [];
    return this.helpers.filter((h) => !h.failed && Atomics.load(ctl, h.base + SLOT.ready) === 1);
  }

  private startHelpers(): void {
    this.helpers = [];
    const sizes = kernelBlockSizes();
    const script = workerScript();
    if (sizes === null || script === null) {
      this.broken = true;
      return;
    }
    try {
      this.module = new WebAssembly.Module(Buffer.from(GEMM_SHARED_WASM_BASE64, "base64"));
      const control = new SharedArrayBuffer(this.count * SLOT.size * 4);
      this.control = new Int32Array(control);
      for (let index = 0; index < this.count; index++) {
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(script, {
          workerData: { module: this.module, control, index, port: port2 },
          transferList: [port2],
          // a helper needs little JavaScript heap: its work is in the shared WebAssembly memory
          resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
          stdout: false,
          stderr: false,
        });
        const helper: Helper = { worker, port: port1, base: index * SLOT.size, failed: false };
        worker.on("error", () => {
          helper.failed = true;
        });
        worker.on("exit", () => {
          helper.failed = true;
        });
        worker.unref();
        port1.unref();
        this.helpers.push(helper);
      }
    } catch {
      // no threads here (address-space or memory limits, no SharedArrayBuffer): one thread, as before
      this.broken = true;
      for (const h of this.helpers) void h.worker.terminate();
      this.helpers = [];
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
