import { GEMM_FMA_WASM_BASE64, GEMM_WASM_BASE64 } from "./gemm-wasm-bytes";
import { type Instance, instanceOn } from "./gemm-instance";
import { MAX_CHUNKS, type SplitProduct } from "./gemm-threads-slot";
import { type StepBuffers, activeStep } from "./scratch";
import type { Strided } from "./strided";
import { base64Bytes, wasmWanted } from "./wasm-module";

/**
 * C (m×n) = A (m×k) · B (k×n) (+ the bias row of n values to every row, if given; and relu(C) into `reluOut` while C
 * is copied out, if given) on the WebAssembly SIMD kernels of gemm.wat; false when they are not available
 * here (no WebAssembly SIMD, or the product needs more than MAX_BYTES of memory), and the
 * caller falls back to the JavaScript kernel. m = A.rows, k = A.cols = B.rows, n = B.cols; operands read through
their strides (strided.ts).
 *
 * Why WebAssembly: V8 compiles scalar float64 JavaScript to one multiply and one add per instruction, with a bounds
 * check on every typed-array read; the best register-blocked JavaScript kernel reached 4-4.5 GFLOP/s here. f64x2
 * SIMD does two of each per instruction with no checks, 11-14 GFLOP/s on the same machine.
 *
 * Why the memory is never grown: growing a WebAssembly.Memory detaches its old ArrayBuffer, and the first detach in a
 * process makes V8 add a "detached?" check to every optimised typed-array access from then on: plain Float64Array
 * loops everywhere in the process ran 2.4× slower after one `memory.grow` (measured on Node 20). Creating a new
 * memory does not detach anything, so a product that needs more room gets a new memory and instance instead.
 */
export function gemmWasm(
  A: Strided,
  B: Strided,
  c: Float64Array,
  bias: Float64Array | null = null,
  reluOut: Float64Array | null = null,
): boolean {
  const kernel = loadKernel();
  if (kernel === null) return false;
  const m = A.rows;
  const step = activeStep();
  if (productThreads !== null && m * A.cols * B.cols >= PARALLEL_MIN && m >= 16) {
    const threads = productThreads.threads();
    let pin = pinOf(step, "gemm-wasm threads");
    let layout = layoutOf(A, B, kernel, threads, pin);
    const instance = threads > 1 && layout.bytes <= MAX_BYTES ? productThreads.instanceWith(layout.bytes) : null;
    if (instance !== null && pin !== null && pin.instance !== instance) {
      pin = null; // a new memory: nothing of this step in it
      layout = layoutOf(A, B, kernel, threads, null);
    }
    if (instance !== null) {
      productThreads.wake(); // helpers that may spin wake while the operands are copied in
      copyB(instance.memory, layout, B, bias);
      copyA(instance.memory, layout, A);
      const { cOff, np, n } = layout;
      productThreads.run(instance, splitOf(layout, threads), (i0, rows) =>
        copyOut(instance, cOff, np, c, i0, i0 + rows, n, reluOut),
      );
      pinIfFirst(step, "gemm-wasm threads", instance, pin, A, layout);
      return true;
    }
  }
  let pin = pinOf(step, "gemm-wasm one");
  let layout = layoutOf(A, B, kernel, 1, pin);
  if (layout.bytes > MAX_BYTES) return false;
  const instance = instanceWith(kernel, layout.bytes);
  if (instance === null) return false;
  if (pin !== null && pin.instance !== instance) {
    pin = null; // a new memory: nothing of this step in it
    layout = layoutOf(A, B, kernel, 1, null);
  }
  copyA(instance.memory, layout, A);
  copyB(instance.memory, layout, B, bias);
  run(instance, callOf(layout, 0, m, 0));
  copyOut(instance, layout.cOff, layout.np, c, 0, m, layout.n, reluOut);
  pinIfFirst(step, "gemm-wasm one", instance, pin, A, layout);
  releaseIfLarge();
  return true;
}

/**
 * relu's backward from its output y = relu(z) on the kernels' SIMD instructions (gemm.wat `reluBackward`): out[i] =
 * g[i] where y[i] > 0, 0 where y[i] = 0, y[i] where it is NaN, the values of activations.ts `reluBackwardInto`; false
 * when the kernels are not here or the arrays are shorter than RELU_BACKWARD_MIN (then the caller's JavaScript pass
 * runs). y and g are copied in and out is copied back (memcpy each), after the A pinned in this step (a later product
 * of the step still finds it). Iris's 150×16 relu layer: 2.8 µs against 4.7 µs for the JavaScript pass unrolled by
 * four (medians of 15 interleaved rounds, CPU time, load ~12).
 */
export function reluBackwardWasm(y: Float64Array, g: Float64Array, out: Float64Array): boolean {
  const n = out.length;
  if (n < RELU_BACKWARD_MIN) return false;
  const kernel = loadKernel();
  if (kernel === null) return false;
  const pin = pinOf(activeStep(), "gemm-wasm one");
  const base = pin === null ? 0 : pin.end;
  const stride = roundUp(n, 8);
  const bytes = (base + 3 * stride) * 8;
  if (bytes > MAX_BYTES) return false;
  const instance = instanceWith(kernel, bytes);
  if (instance === null) return false;
  const { memory } = instance;
  memory.set(y, base);
  memory.set(g, base + stride);
  instance.reluBackward(base * 8, (base + stride) * 8, (base + 2 * stride) * 8, roundUp(n, 2));
  out.set(memory.subarray(base + 2 * stride, base + 2 * stride + n));
  releaseIfLarge();
  return true;
}

/**
 * Below this many values relu's backward stays in JavaScript: copying in and out costs more than the SIMD pass saves
 * (per call: 128 values 312 ns in JavaScript, 359 ns here; 256 values 529 and 385 ns; microbenchmark, medians).
 */
const RELU_BACKWARD_MIN = 256;

/**
 * The A operand of a training step's first product (fit's batch X in X·W of the first layer), left in the kernels'
 * memory for the step's later products: the first layer's weight gradient Xᵀ·G reads the same values (transposed:
 * the same span of the same array) and skips copying them (64×784 values per step of 784-128-10, read from main
 * memory). Only inside one step of fit (the step's `notes`, dropped when it ends: the library's model and loss, no
 * user code, the batch not written during the step); the step's other products lay their parts out after it. One
 * for products on this thread, one for split products (their memory is another).
 */
interface PinnedA {
  instance: Instance;
  data: Float64Array;
  /** A's span in values (first to last element read), and where the next product's parts may start (doubles). */
  span: number;
  end: number;
}
type Path = "gemm-wasm one" | "gemm-wasm threads";

/** The A pinned in this step by products on this path, or null (none yet, or no step under way). */
function pinOf(step: StepBuffers | null, path: Path): PinnedA | null {
  return step === null ? null : ((step.notes.get(path) as PinnedA | undefined) ?? null);
}

/** After the first product of a step on this path (none pinned yet): pins its A, which the layout put at 0. */
function pinIfFirst(
  step: StepBuffers | null,
  path: Path,
  instance: Instance,
  pin: PinnedA | null,
  A: Strided,
  layout: Layout,
): void {
  if (step !== null && pin === null)
    step.notes.set(path, { instance, data: A.data, span: layout.aLen, end: roundUp(layout.aLen, 8) });
}

/**
 * Where a product's parts lie in the kernels' memory (offsets in doubles, each part 64-byte aligned) and which kernel
 * computes it:
 * - "direct", the unpacked kernel, while B is small (directKernel): A copied as it is (any strides), B copied
 *   with its rows padded to a multiple of 4 columns (transposed on the way when it is a transposed view), so every
 *   load of B is two whole lanes; for such small products packing does not pay for itself (Iris's 150×4·4×16 and
 *   64×128·128×10 run 1.4-1.7× faster unpacked; Iris 3× faster than in JavaScript);
 * - "packed", the BLIS-style kernel: both operands packed into panels blocked for the caches; A and B copied as they
 *   are, C padded to whole tiles of the packed kernel (MR×NR, gemm.wat's exports), and packing buffers for A (MR×KC)
 *   and B (KC×NC) per thread.
 * A split product (`threads` > 1) is computed in chunks of C's rows (splitOf), whole tiles (MR rows; 4 for the
 * unpacked kernel), each exactly as the
 * one-thread product computes those rows (same kernel, same order of the sums), so the result does not depend on the
 * number of threads or on which thread ran which chunk. Split packed products pack all of B once (`sharedB`: k × np
 * doubles, in tasks of a few NR-column panels that any thread runs before the chunks start) unless B is large
 * (SHARED_B_MAX): every chunk packing B again would cost as much as ~6 rows of the product each (packing all of B,
 * 64×784·784×128: 63 of 700 µs). Larger Bs are packed by each chunk, in fewer, longer chunks (splitOf).
 */
/**
 * B of at most this many values is packed once for all chunks: 2²⁰ (8 MiB; 1024²). Above, a second copy of B would
 * push the memory of products such as 1400² past the 64 MiB kept between products (gemm-threads.ts).
 */
const SHARED_B_MAX = 1 << 20;
interface Layout {
  kind: "direct" | "packed";
  m: number;
  n: number;
  k: number;
  np: number;
  /** The rows of C's tiles (MR of the packed kernel, 4 for the unpacked one): chunks are whole tiles. */
  tileRows: number;
  /** The columns of B's packed panels (NR; 4 for the unpacked kernel): pack tasks are whole panels. */
  tileCols: number;
  /** A's and B's strides in the memory. */
  ars: number;
  acs: number;
  brs: number;
  bcs: number;
  /** Where A lies (doubles), its span in values, and whether it is there already (a pinned A: not copied). */
  aOff: number;
  aLen: number;
  aThere: boolean;
  bOff: number;
  cOff: number;
  biasOff: number;
  /** The packing of all of B shared by the threads (split packed products), else -1. */
  sharedB: number;
  /**
   * Each thread's packing buffers (packed only): A's (MR×KC) at paOff + t·bufferStep, B's (KC×NC, unless sharedB) at
   * pbOff + t·bufferStep, thread t = 0 the calling thread.
   */
  paOff: number;
  pbOff: number;
  bufferStep: number;
  bytes: number;
}

function layoutOf(A: Strided, B: Strided, kernel: Kernel, threads: number, pin: PinnedA | null): Layout {
  const { rows: m, cols: k, rowStride: ars, colStride: acs } = A;
  const n = B.cols;
  const direct = directKernel(m, k, roundUp(n, 4));
  // C's padding: whole tiles of the kernel that computes it (the unpacked one: rows of 4 columns)
  const [tileRows, tileCols] = direct ? [4, 4] : [kernel.mr, kernel.nr];
  const np = roundUp(n, tileCols);
  const aLen = (m - 1) * ars + (k - 1) * acs + 1;
  const bLen = direct ? k * np : (k - 1) * B.rowStride + (n - 1) * B.colStride + 1;
  // after a pinned A, which is this product's A when it reads the same span of the same array
  const aThere = pin !== null && pin.data === A.data && pin.span === aLen;
  const aOff = pin === null || aThere ? 0 : pin.end;
  const bOff = pin === null ? roundUp(aLen, 8) : aThere ? pin.end : pin.end + roundUp(aLen, 8);
  const cOff = bOff + roundUp(bLen, 8);
  const biasOff = cOff + roundUp(m, tileRows) * np;
  let next = biasOff + roundUp(np, 8);
  const sharedB = !direct && threads > 1 && k * np <= SHARED_B_MAX ? next : -1;
  if (sharedB >= 0) next += roundUp(k * np, 8);
  const bufferStep = direct ? 0 : kernel.mr * kernel.kc + (sharedB >= 0 ? 0 : kernel.kc * kernel.nc);
  const paOff = next;
  const pbOff = sharedB >= 0 ? sharedB : next + kernel.mr * kernel.kc;
  next += threads * bufferStep;
  const [brs, bcs] = direct ? [np, 1] : [B.rowStride, B.colStride];
  const kind = direct ? "direct" : "packed";
  return {
    kind,
    m,
    n,
    k,
    np,
    tileRows,
    tileCols,
    ars,
    acs,
    brs,
    bcs,
    aOff,
    aLen,
    aThere,
    bOff,
    cOff,
    biasOff,
    sharedB,
    paOff,
    pbOff,
    bufferStep,
    bytes: next * 8,
  };
}

/**
 * A split product's tasks (gemm-threads-slot.ts): with B packed once, packing tasks of a few panels each (two per
 * thread); then chunks of C's rows of about CHUNK_MACS multiply-adds each, at least one per thread and at most 8 per
 * thread, 2 where each chunk packs B itself (fewer, longer chunks read and pack B's blocks fewer times; more, shorter
 * ones let the threads end closer together, and let a thread that starts late take less).
 */
function splitOf(layout: Layout, threads: number): SplitProduct {
  const { m, k, n, np, ars, tileRows, tileCols } = layout;
  const most = (layout.kind === "packed" && layout.sharedB < 0 ? 2 : 8) * threads;
  const wanted = Math.min(MAX_CHUNKS, Math.max(threads, Math.min(most, Math.floor((m * k * n) / CHUNK_MACS))));
  const chunkRows = Math.min(roundUp(m, tileRows), roundUp(Math.ceil(m / wanted), tileRows));
  const { kernel, args, pack } = callOf(layout, 0, chunkRows, 0);
  const [aArg, cArg, paArg, pbArg] =
    kernel === "gemmDirect" ? [2, 6, -1, -1] : kernel === "gemmPrepacked" ? [3, 6, 7, -1] : [3, 9, 10, 11];
  return {
    kernel,
    args,
    rows: m,
    chunkRows,
    aArg,
    aStep: ars * 8,
    cArg,
    cStep: np * 8,
    paArg,
    pbArg,
    bufferStep: layout.bufferStep * 8,
    pack: pack ?? null,
    packWidth: Math.max(tileCols, roundUp(Math.ceil(np / (2 * threads)), tileCols)),
    np,
  };
}

/**
 * A chunk of a split product: about this many multiply-adds, 2²⁰ (~100-150 µs on one core; 64×784·784×128 in 6
 * chunks of 12 rows). Epochs of 784-128-10 measured no slower than with 2¹⁹ (12 chunks of 8 rows there), within noise.
 */
const CHUNK_MACS = 1 << 20;

/** A into the kernels' memory, as it is (any strides), unless it is there already. */
function copyA(memory: Float64Array, layout: Layout, A: Strided): void {
  if (!layout.aThere) copyIn(memory, layout.aOff, A.data, layout.aLen);
}

/** B and the bias row (zeros without one, padded to np: the kernels start C's sums from it) into the memory. */
function copyB(memory: Float64Array, layout: Layout, B: Strided, bias: Float64Array | null): void {
  const { n, k, np, bOff, biasOff } = layout;
  const { data: b, rowStride: brs, colStride: bcs } = B;
  if (layout.kind === "packed") copyIn(memory, bOff, b, (k - 1) * brs + (n - 1) * bcs + 1);
  else if (bcs === 1 && brs === n && np === n) copyIn(memory, bOff, b, k * n);
  else {
    for (let p = 0; p < k; p++) {
      const row = bOff + p * np;
      for (let j = 0; j < n; j++) memory[row + j] = b[p * brs + j * bcs];
      for (let j = n; j < np; j++) memory[row + j] = 0;
    }
  }
  if (bias === null) memory.fill(0, biasOff, biasOff + np);
  else {
    copyIn(memory, biasOff, bias, n);
    memory.fill(0, biasOff + n, biasOff + np);
  }
}

/**
 * A call of gemm.wat computing rows i0..i0+rows of C on thread t's packing buffers: the export and its arguments (byte
 * offsets); for a product with B packed once for all (sharedB), gemmPrepacked, and packBPanels' arguments for all of B.
 */
export interface KernelCall {
  kernel: "gemm" | "gemmDirect" | "gemmPrepacked";
  args: number[];
  pack?: number[];
}

function callOf(layout: Layout, i0: number, rows: number, t: number): KernelCall {
  const { n, k, np, ars, acs, brs, bcs, aOff, bOff, cOff, biasOff } = layout;
  const a = (aOff + i0 * ars) * 8;
  const c = (cOff + i0 * np) * 8;
  if (layout.kind === "direct") {
    return { kernel: "gemmDirect", args: [rows, k, a, ars, acs, bOff * 8, c, np * 8, biasOff * 8] };
  }
  const pa = (layout.paOff + t * layout.bufferStep) * 8;
  if (layout.sharedB >= 0) {
    const pb = layout.sharedB * 8;
    return {
      kernel: "gemmPrepacked",
      args: [rows, n, k, a, ars, acs, c, pa, pb, biasOff * 8],
      pack: [bOff * 8, brs, bcs, k, n, 0, np, pb],
    };
  }
  const pb = (layout.pbOff + t * layout.bufferStep) * 8;
  return { kernel: "gemm", args: [rows, n, k, a, ars, acs, bOff * 8, brs, bcs, c, pa, pb, biasOff * 8] };
}

function run(instance: Instance, call: KernelCall): void {
  instance[call.kernel](...call.args);
}

/** The first `length` values of `src` into the kernels' memory at `offset` (one memcpy). */
function copyIn(memory: Float64Array, offset: number, src: Float64Array, length: number): void {
  memory.set(length === src.length ? src : src.subarray(0, length), offset);
}

/**
 * Rows i0..i1 of C (n columns) from the kernels' result at `offset`, whose rows are np ≥ n values apart, and, when
 * `reluOut` is given, relu(C) = max(C, 0) into it (NaN stays NaN): a dense layer's bias + relu epilogue. relu is
 * computed in the kernels' memory once C's rows are out (gemm.wat `reluInPlace`, f64x2.max: no compare per value
 * here) and copied out the same way. Iris's 150×4·4×16 + b + relu (tensor/matmul.ts `linearRelu`): 10.8 µs, against
 * 13.5 µs for the product then a JavaScript relu pass (activations.ts `reluInto`) and 16.0 µs with a Math.max per
 * value in this copy (session 9's epilogue); medians of 15 interleaved rounds, CPU time, load ~8: only ratios count.
 */
function copyOut(
  instance: Instance,
  offset: number,
  np: number,
  c: Float64Array,
  i0: number,
  i1: number,
  n: number,
  reluOut: Float64Array | null,
): void {
  copyRows(instance.memory, offset, np, c, i0, i1, n);
  if (reluOut === null) return;
  instance.reluInPlace((offset + i0 * np) * 8, (i1 - i0) * np);
  copyRows(instance.memory, offset, np, reluOut, i0, i1, n);
}

/** Rows i0..i1 of C (n columns) from `offset`, rows np ≥ n values apart (one memcpy when np = n). */
function copyRows(memory: Float64Array, offset: number, np: number, c: Float64Array, i0: number, i1: number, n: number): void {
  if (np === n) {
    c.set(memory.subarray(offset + i0 * n, offset + i1 * n), i0 * n);
    return;
  }
  // C's rows are padded to whole tiles (np > n): wide rows one memcpy each, narrow ones value by value (a subarray
  // costs ~0.2 µs: Iris's 150×3 took 12.9 µs copied by memcpy, 3.7 µs in the loop)
  if (n >= ROW_MEMCPY_MIN) {
    for (let i = i0; i < i1; i++) c.set(memory.subarray(offset + i * np, offset + i * np + n), i * n);
    return;
  }
  for (let i = i0; i < i1; i++) {
    const row = offset + i * np;
    const o = i * n;
    for (let j = 0; j < n; j++) c[o + j] = memory[row + j];
  }
}

/** Rows of C at least this wide are copied out with one memcpy each: 64 values (the loop is faster below ~30-60). */
const ROW_MEMCPY_MIN = 64;

/**
 * Whether the WebAssembly kernels run in this process. False without WebAssembly SIMD
 * or with the environment variable DL4NLP_WASM=0 (read at the first product), which keeps every product in
 * JavaScript: to compare the two, or to rule the kernel out when hunting a bug.
 */
export function wasmKernelAvailable(): boolean {
  return loadKernel() !== null;
}

/**
 * The ArrayBuffer of the kernels' current memory: null before the first product and after one that needed more than
 * 64 MiB (released). For tests of the no-detach and release rules.
 */
export function wasmMemoryBuffer(): ArrayBuffer | null {
  return current === null ? null : (current.memory.buffer as ArrayBuffer);
}

/** The largest memory one product may use: 1 GiB, beyond which the JavaScript kernel runs instead. */
const MAX_BYTES = 1 << 30;
/** The largest memory kept between products: 64 MiB (a 1024² product needs ~30 MiB). */
const KEEP_BYTES = 64 << 20;
/**
 * Whether the unpacked kernel computes an m×k·k×n product (np = n rounded up to 4): while B has at most 16,384 values
 * (128 KiB), or 2,048 (16 KiB) once A has 256 rows or more. Measured against the packed kernel (CPU time, one thread):
 * with B up to 8,192 values the unpacked one 1.1-1.5× faster where m is small (Iris's products, 64×128·128×10,
 * 64×128·128×128) and where B is tiny (2000×32·32×32); from 8,192 to 32,768 values within ±12 % either way; the packed
 * one faster with many rows (1.1× at 512×128·128×32 and 1000×64·64×64, 1.3-1.4× at 784×64·64×128, the weight gradient
 * Xᵀ·G of 784-128-10, whose B rows of 1 KiB fall into the same few L1 sets) and with large B (1.3-1.4× at
 * 64×784·784×128 and 256³: the unpacked kernel reads B 4 columns at a time, a cache line per row).
 */
function directKernel(m: number, k: number, np: number): boolean {
  return k * np <= (m >= 256 ? 2048 : 16384);
}

/**
 * Products of at least this many multiply-adds (with 16 rows or more) are split over the helper threads when a pool is
 * registered: 2²² (a 64×784·784×128 layer, ~0.5 ms on one thread); below, waking the threads costs more than it saves.
 */
const PARALLEL_MIN = 1 << 22;

/**
 * Helper threads for large products, registered by Node-only code (gemm-threads.ts, via lib/index.ts) so that the
 * numerical core never reaches worker_threads and bundles for the browser as it is. Null: every product on this thread.
 */
export interface ProductThreads {
  /** Threads a product may be split over, this one included. */
  threads(): number;
  /**
   * The kernels on a shared memory of at least `bytes` that ready helpers also see (never grown), or null: then this
   * product runs on one thread (helpers for such a memory may be starting meanwhile).
   */
  instanceWith(bytes: number): Instance | null;
  /**
   * Wakes the ready helpers (where they may spin): jobs follow (waking takes tens of microseconds, as long as copying a
   * product in).
   */
  wake(): void;
  /**
   * Computes the split product on `instance` (operands copied in): its tasks claimed by this thread and the ready
   * helpers alike, and `copyOut(i0, rows)` for every chunk of C's rows as it is done, on this thread; returns once
   * every chunk is copied out (a helper that has not started by then takes none).
   */
  run(instance: Instance, split: SplitProduct, copyOut: (i0: number, rows: number) => void): void;
}

let productThreads: ProductThreads | null = null;

/** Registers (or, with null, removes) the helper threads of large products. */
export function setProductThreads(threads: ProductThreads | null): void {
  productThreads = threads;
}

/** Whether helper threads are registered now. */
export function productThreadsRegistered(): boolean {
  return productThreads !== null;
}

/**
 * The block sizes of gemm.wat, its packed kernel's tile (mr × nr) and whether its fused multiply-add variant runs (for a second instance of the same
 * kernels, e.g. on a shared memory: the same variant, so the same sums).
 */
export function kernelBlockSizes(): { kc: number; nc: number; mr: number; nr: number; fma: boolean } | null {
  const k = loadKernel();
  return k === null ? null : { kc: k.kc, nc: k.nc, mr: k.mr, nr: k.nr, fma: k.fma };
}

/**
 * Whether the kernels may use fused multiply-adds: yes unless DL4NLP_WASM_FMA=0 (read at the first product). Fused,
 * each `acc + x·b` is rounded once instead of twice, so results differ from the unfused kernels' in the last bits
 * (about 1e-15 relative); the products run 1.3× faster here. The switch is for comparing the two.
 */
export function fmaWanted(): boolean {
  return !(typeof process !== "undefined" && process.env?.DL4NLP_WASM_FMA === "0");
}

/**
 * Whether this runtime takes WebAssembly's fused multiply-add (relaxed SIMD: Chrome 114+, Node 22+; Node 20 behind a
 * V8 flag, which the Node entry sets, see relaxed-simd.ts).
 */
export function fmaAvailable(): boolean {
  // a runtime without WebAssembly at all (node --jitless, some locked-down browsers) has no global to ask
  return typeof WebAssembly === "object" && WebAssembly.validate(base64Bytes(GEMM_FMA_WASM_BASE64));
}

interface Kernel {
  module: WebAssembly.Module;
  /** Block sizes of gemm.wat's loops and its packed kernel's tile (mr rows × nr columns of C), read from its exports. */
  kc: number;
  nc: number;
  mr: number;
  nr: number;
  /** The fused multiply-add variant (f64x2.relaxed_madd), else separate multiplies and adds. */
  fma: boolean;
}
let kernel: Kernel | null | undefined;
let current: Instance | null = null;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (!wasmWanted()) return kernel;
  try {
    const fma = fmaWanted() && fmaAvailable();
    const module = new WebAssembly.Module(base64Bytes(fma ? GEMM_FMA_WASM_BASE64 : GEMM_WASM_BASE64));
    const probe = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) } });
    const { KC, NC, MR, NR } = probe.exports as Record<"KC" | "NC" | "MR" | "NR", WebAssembly.Global>;
    kernel = { module, kc: KC.value, nc: NC.value, mr: MR.value, nr: NR.value, fma };
  } catch {
    // no WebAssembly SIMD in this runtime: JavaScript it is
  }
  return kernel;
}

/**
 * Lets a memory above KEEP_BYTES go once its product is done: one 3000×3000 product should not pin ~300 MB for the
 * rest of a notebook session. Smaller memories stay for the next product.
 */
function releaseIfLarge(): void {
  if (current !== null && current.memory.byteLength > KEEP_BYTES) current = null;
}

/** An instance whose memory holds `bytes`, or null when the runtime refuses a memory that large. */
function instanceWith(kernel: Kernel, bytes: number): Instance | null {
  if (current !== null && current.memory.byteLength >= bytes) return current;
  // a new, larger memory rather than memory.grow (see gemmWasm); 25 % headroom so growing sizes reuse it
  const pages = Math.ceil(Math.min(bytes * 1.25, MAX_BYTES) / 65536);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return null; // out of address space or memory: the JavaScript kernel needs none of this
  }
  current = instanceOn(kernel.module, memory);
  return current;
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
