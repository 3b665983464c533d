import { UPDATE_WASM_BASE64 } from "./update-wasm-bytes";
import { base64Bytes, wasmWanted } from "./wasm-module";

/**
 * The optimizers' updates (θ, g and the optimizer's state in, the new θ and state out, the gradient's finiteness
 * checked in the same pass) on the WebAssembly SIMD kernels of update.wat, for the parameters of a step that are large
 * enough to pay for copying their arrays into the kernels' memory and back (`updateKernelMinimum`). Results are the
 * JavaScript loops' of lib/optim to the bit (the kernels do the same operations in the same order, no fused
 * multiply-add).
 *
 * Two phases, so that a gradient with a NaN or ±Infinity anywhere leaves every parameter unchanged: `run` copies every
 * large parameter's arrays in and computes its new values inside the memory, telling which gradients were finite;
 * only then, when all were, `copyOut` writes each parameter's new θ and state back (nothing was written before).
 *
 * Measured (784-128-10's 101,770 parameters, one thread, this 2-core AMD EPYC, CPU time; issue 18, session 10):
 * copying θ and g in and θ out (~0.9 ns per value) costs about as much as the JavaScript check alone (~0.8); the f64x2
 * update with its check (~0.5) is a quarter of the JavaScript loops' 2.2. A step: SGD 317 → 137 µs, Adam 871 → 548
 * (Adam copies m and v in and out too: 7 copies of its 3 ns per value).
 */
export type UpdateKernel = "sgd" | "sgdDecay" | "momentum" | "nesterov" | "adagrad" | "rmsprop" | "adam";

/** How many state buffers each kernel updates (after θ and g, before the count of values). */
const STATE_BUFFERS: Record<UpdateKernel, number> = {
  sgd: 0,
  sgdDecay: 0,
  momentum: 1,
  nesterov: 1,
  adagrad: 1,
  rmsprop: 1,
  adam: 2,
};

/** One parameter's update: its arrays, and the kernel with its scalars (in update.wat's order). */
export interface UpdateJob {
  theta: Float64Array;
  g: Float64Array;
  /** The optimizer's state buffers the kernel updates (as many as it takes), or null before the first update (zeros). */
  state: readonly Float64Array[] | null;
  kernel: UpdateKernel;
  scalars: readonly number[];
}

/** Where a job's arrays lie in the kernels' memory (offsets in doubles): θ, g, then the state buffers. */
interface Placed {
  job: UpdateJob;
  offsets: number[];
}

/**
 * The jobs' updates computed in the kernels' memory: for each job, whether its gradient was finite; null when the
 * kernels are not available here (no WebAssembly SIMD, DL4NLP_WASM=0) or the memory cannot be had (then use the
 * JavaScript loops). Nothing outside the memory is written; `copyOut(i, ...)` then writes job i's results.
 *
 * The jobs whose arrays fit in the memory limit (64 MiB: 4 M values of SGD, 2 M of Adam) run, from the first on: the
 * answer may be shorter than `jobs`, and the rest are the caller's (the JavaScript loops). A step of a larger model
 * would otherwise make a new memory of its size at every step (or keep one that large for the rest of the session).
 */
export function runUpdates(jobs: readonly UpdateJob[]): boolean[] | null {
  const kernels = loadKernels();
  if (kernels === null) return null;
  placed.length = 0;
  let doubles = 0;
  for (const job of jobs) {
    const offsets: number[] = [];
    const padded = roundUp(job.theta.length, 8); // whole iterations of 4 values, 64-byte aligned
    const buffers = 2 + STATE_BUFFERS[job.kernel];
    if ((doubles + buffers * padded) * 8 > memoryLimit) break;
    for (let b = 0; b < buffers; b++) {
      offsets.push(doubles);
      doubles += padded;
    }
    placed.push({ job, offsets });
  }
  const instance = instanceWith(kernels, doubles * 8);
  if (instance === null) return null;
  const { memory, exports } = instance;
  const finite: boolean[] = [];
  for (const { job, offsets } of placed) {
    const n = job.theta.length;
    const count = roundUp(n, 4);
    memory.set(job.theta, offsets[0]);
    memory.set(job.g, offsets[1]);
    // the padding: zeros in g, so the check sees only the gradient's own values (θ's and the state's are dropped)
    memory.fill(0, offsets[1] + n, offsets[1] + count);
    for (let b = 2; b < offsets.length; b++) {
      if (job.state === null) memory.fill(0, offsets[b], offsets[b] + n);
      else memory.set(job.state[b - 2], offsets[b]);
    }
    const args = [...offsets.map((o) => o * 8), count, ...job.scalars];
    finite.push(exports[job.kernel](...args) === 1);
  }
  return finite;
}

/** Writes job i's new θ and state (of the last `runUpdates`) into `theta` and `state`. */
export function copyOut(i: number, theta: Float64Array, state: readonly Float64Array[]): void {
  const { offsets } = placed[i];
  const memory = current?.memory;
  if (memory === undefined) throw new Error("update-wasm copyOut: no runUpdates before");
  const n = theta.length;
  theta.set(memory.subarray(offsets[0], offsets[0] + n));
  for (let b = 2; b < offsets.length; b++) state[b - 2].set(memory.subarray(offsets[b], offsets[b] + n));
}

/** Ends a step: forgets its jobs (the memory, at most the limit, stays for the next step). */
export function endUpdates(): void {
  placed.length = 0;
}

/**
 * Parameters of at least this many values are updated on the kernels; smaller ones in JavaScript, where the calls and
 * copies cost more than the loop (~1.5 µs a step). Measured, one parameter, kernels vs JavaScript, CPU time: 256
 * values 0.66× (SGD) and 0.80× (Adam) as fast, 512 values 1.13× and 1.25×, 1,024 1.66× and 1.56×, 4,096 2.5× and 2.0×.
 */
const DEFAULT_MINIMUM = 512;
let minimum: number | null = DEFAULT_MINIMUM;

/** The smallest parameter (in values) updated on the kernels, or null when every update runs in JavaScript. */
export function updateKernelMinimum(): number | null {
  return minimum === null || loadKernels() === null ? null : minimum;
}

/**
 * For tests and benchmarks: the smallest parameter updated on the kernels (0: every one), null for the JavaScript
 * loops only, undefined for the default. Returns the setting before.
 */
export function setUpdateKernelMinimum(values: number | null | undefined): number | null {
  const before = minimum;
  minimum = values === undefined ? DEFAULT_MINIMUM : values;
  return before;
}

/** The kernels' memory holds at most this many bytes (runUpdates). */
const DEFAULT_MEMORY_LIMIT = 64 << 20;
let memoryLimit = DEFAULT_MEMORY_LIMIT;

/** For tests: the kernels' memory limit in bytes (undefined: the default, 64 MiB). Returns the limit before. */
export function setUpdateMemoryLimit(bytes: number | undefined): number {
  const before = memoryLimit;
  memoryLimit = bytes ?? DEFAULT_MEMORY_LIMIT;
  return before;
}

type KernelFunction = (...args: number[]) => number;
interface Instance {
  memory: Float64Array;
  exports: Record<UpdateKernel, KernelFunction>;
}
const placed: Placed[] = [];
let kernels: WebAssembly.Module | null | undefined;
let current: Instance | null = null;

function loadKernels(): WebAssembly.Module | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  if (!wasmWanted()) return kernels;
  try {
    kernels = new WebAssembly.Module(base64Bytes(UPDATE_WASM_BASE64));
  } catch {
    // no WebAssembly SIMD in this runtime: the JavaScript loops
  }
  return kernels;
}

/**
 * An instance whose memory holds `bytes`, or null when the runtime refuses a memory that large. A new memory rather
 * than memory.grow: growing detaches the old buffer, which slows every typed-array loop in the process (gemm-wasm.ts).
 */
function instanceWith(module: WebAssembly.Module, bytes: number): Instance | null {
  if (current !== null && current.memory.byteLength >= bytes) return current;
  // 25 % headroom (a model that grows a little reuses it), within the limit
  const pages = Math.max(1, Math.ceil(Math.max(bytes, Math.min(bytes * 1.25, memoryLimit)) / 65536));
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Instance["exports"];
    current = { memory: new Float64Array(memory.buffer), exports };
  } catch {
    return null; // out of address space or memory: the JavaScript loops need none of this
  }
  return current;
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
