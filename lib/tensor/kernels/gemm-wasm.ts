import { GEMM_WASM_BASE64 } from "./gemm-wasm-bytes";
import type { Strided } from "./strided";

/**
 * C (m×n) = A (m×k) · B (k×n) (+ the bias row of n values to every row, if given) on the WebAssembly SIMD kernels of
 * gemm.wat; false when they are not available
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
export function gemmWasm(A: Strided, B: Strided, c: Float64Array, bias: Float64Array | null = null): boolean {
  // B read in place while it fits in L2 (measured: the direct kernel 12-14 GFLOP/s up to 256³ and 64×784·784×128,
  // 4-5 at 512³ and beyond, where packing keeps 13-14)
  if (A.cols * roundUp(B.cols, 4) <= DIRECT_MAX_B) return gemmDirect(A, B, c, bias);
  return gemmPacked(A, B, c, bias);
}

/** The BLIS-style kernel: both operands packed into panels, blocked for the caches. */
function gemmPacked(A: Strided, B: Strided, c: Float64Array, bias: Float64Array | null): boolean {
  const { rows: m, cols: k, data: a, rowStride: ars, colStride: acs } = A;
  const { cols: n, data: b, rowStride: brs, colStride: bcs } = B;
  const kernel = loadKernel();
  if (kernel === null) return false;
  const aLen = (m - 1) * ars + (k - 1) * acs + 1;
  const bLen = (k - 1) * brs + (n - 1) * bcs + 1;
  const mp = roundUp(m, 4);
  const np = roundUp(n, 4);
  // layout in doubles, each part 64-byte aligned: A, B, C (mp×np), packed A (4×KC), packed B (KC×NC), the bias row
  const bOff = roundUp(aLen, 8);
  const cOff = bOff + roundUp(bLen, 8);
  const paOff = cOff + mp * np;
  const pbOff = paOff + 4 * kernel.kc;
  const biasOff = pbOff + kernel.kc * kernel.nc;
  const bytes = (biasOff + np) * 8;
  if (bytes > MAX_BYTES) return false;
  const instance = instanceWith(kernel, bytes);
  if (instance === null) return false;
  const { memory, packed } = instance;
  copyIn(memory, 0, a, aLen);
  copyIn(memory, bOff, b, bLen);
  writeBiasRow(memory, biasOff, bias, n, np);
  packed(m, n, k, 0, ars, acs, bOff * 8, brs, bcs, cOff * 8, paOff * 8, pbOff * 8, biasOff * 8);
  copyOut(memory, cOff, np, c, m, n);
  releaseIfLarge();
  return true;
}

/**
 * The unpacked kernel: A copied as it is (any strides), B copied with its rows padded to a multiple of 4 columns
 * (transposed on the way when it is a transposed view), so every load of B is two whole lanes. Packing does not pay
 * for itself below about 256³: Iris's 150×4·4×16 runs 3× faster than in JavaScript, 64×128·128×10 2.5×.
 */
function gemmDirect(A: Strided, B: Strided, c: Float64Array, bias: Float64Array | null): boolean {
  const { rows: m, cols: k, data: a, rowStride: ars, colStride: acs } = A;
  const { cols: n, data: b, rowStride: brs, colStride: bcs } = B;
  const kernel = loadKernel();
  if (kernel === null) return false;
  const aLen = (m - 1) * ars + (k - 1) * acs + 1;
  const np = roundUp(n, 4);
  // layout in doubles: A, then B (k×np), C (m×np) and the bias row (np) on 16-byte boundaries
  const bOff = roundUp(aLen, 2);
  const cOff = bOff + k * np;
  const biasOff = cOff + m * np;
  const bytes = (biasOff + np) * 8;
  if (bytes > MAX_BYTES) return false;
  const instance = instanceWith(kernel, bytes);
  if (instance === null) return false;
  const { memory, direct } = instance;
  copyIn(memory, 0, a, aLen);
  if (bcs === 1 && brs === n && np === n) copyIn(memory, bOff, b, k * n);
  else {
    for (let p = 0; p < k; p++) {
      const row = bOff + p * np;
      for (let j = 0; j < n; j++) memory[row + j] = b[p * brs + j * bcs];
      for (let j = n; j < np; j++) memory[row + j] = 0;
    }
  }
  writeBiasRow(memory, biasOff, bias, n, np);
  direct(m, k, 0, ars, acs, bOff * 8, cOff * 8, np * 8, biasOff * 8);
  copyOut(memory, cOff, np, c, m, n);
  releaseIfLarge();
  return true;
}

/** The first `length` values of `src` into the kernels' memory at `offset` (one memcpy). */
function copyIn(memory: Float64Array, offset: number, src: Float64Array, length: number): void {
  memory.set(length === src.length ? src : src.subarray(0, length), offset);
}

/** The bias row (zeros without one) padded with zeros to np values at `offset`: the kernels start C's sums from it. */
function writeBiasRow(memory: Float64Array, offset: number, bias: Float64Array | null, n: number, np: number): void {
  if (bias === null) {
    memory.fill(0, offset, offset + np);
    return;
  }
  copyIn(memory, offset, bias, n);
  memory.fill(0, offset + n, offset + np);
}

/** C (m×n) from the kernels' result at `offset`, whose rows are np ≥ n values apart (one memcpy when np = n). */
function copyOut(memory: Float64Array, offset: number, np: number, c: Float64Array, m: number, n: number): void {
  if (np === n) {
    c.set(memory.subarray(offset, offset + m * n));
    return;
  }
  for (let i = 0; i < m; i++) {
    const row = offset + i * np;
    for (let j = 0; j < n; j++) c[i * n + j] = memory[row + j];
  }
}

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
/** Largest B (k × n rounded up to 4, in doubles) the direct kernel reads in place: 1 MiB, half an L2. */
const DIRECT_MAX_B = 131072;

interface Kernel {
  module: WebAssembly.Module;
  /** Block sizes of gemm.wat's loops, read from its exports. */
  kc: number;
  nc: number;
}
interface Instance {
  memory: Float64Array;
  /** gemm.wat's exports "gemm" (packed) and "gemmDirect". */
  packed: (...args: number[]) => void;
  direct: (...args: number[]) => void;
}

let kernel: Kernel | null | undefined;
let current: Instance | null = null;

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (typeof process !== "undefined" && process.env?.DL4NLP_WASM === "0") return kernel;
  try {
    const module = new WebAssembly.Module(wasmBytes());
    const probe = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) } });
    const exports = probe.exports as { KC: WebAssembly.Global; NC: WebAssembly.Global };
    kernel = { module, kc: exports.KC.value, nc: exports.NC.value };
  } catch {
    // no WebAssembly SIMD in this runtime: JavaScript it is
  }
  return kernel;
}

/**
 * The kernel's bytes, embedded as base64 by lib/build/wasm.mjs (no file reading: the same code runs in a browser
 * bundle). atob is a global in Node >= 16 and every browser.
 */
function wasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(GEMM_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
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
  const instance = new WebAssembly.Instance(kernel.module, { env: { memory } });
  const exports = instance.exports as Record<string, Instance["packed"]>;
  current = { memory: new Float64Array(memory.buffer), packed: exports.gemm, direct: exports.gemmDirect };
  return current;
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}
