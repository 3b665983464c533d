import { gemmBlocked, gemmSmall } from "./gemm-js";
import { gemmWasm } from "./gemm-wasm";
import type { Strided } from "./strided";

/**
 * C (m×n) = A (m×k) · B (k×n), plus the bias row (n values) on every row when given; C is dense, row-major and
 * overwritten (its previous contents are ignored, so it need not start zeroed). With `reluOut` (m×n values), relu(C)
 * = max(C, 0) is written there too, in the pass that copies C out of the WebAssembly memory (NaN stays NaN). m = a.rows, k = a.cols = b.rows,
 * n = b.cols; the caller has checked the inner dimension (lib/tensor/matmul.ts). Strides let A·B, Aᵀ·B and A·Bᵀ
 * share the kernels.
 *
 * Which kernel: above TINY multiply-adds the WebAssembly SIMD kernels (gemm-wasm.ts, gemm.wat), when available;
 * otherwise JavaScript (gemm-js.ts): the unpacked 2×4 loop for small products, the packed, k-blocked one for large.
 */
export function gemm(
  a: Strided,
  b: Strided,
  c: Float64Array,
  bias: Float64Array | null = null,
  reluOut: Float64Array | null = null,
): void {
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  if (m === 0 || n === 0) return;
  if (m * n * k > TINY && gemmWasm(a, b, c, bias, reluOut)) return;
  // JavaScript: tiny products, or no WebAssembly here
  if (k === 0)
    c.fill(0, 0, m * n); // an empty sum
  else if (m * n * k <= SMALL || m < 8 || n < 8 || k < 8) gemmSmall(a, b, c);
  else gemmBlocked(a, b, c);
  if (bias !== null) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += bias[j];
  }
  if (reluOut !== null) for (let i = 0; i < m * n; i++) reluOut[i] = Math.max(c[i], 0);
}

/** Below this many multiply-adds (or with a dimension under 8) the unpacked loop is faster than packing. */
const SMALL = 8192;
/**
 * Above this many multiply-adds the WebAssembly SIMD kernels run, when available; below, copying into WebAssembly
 * memory costs more than it saves (4×4: 0.56 µs in JavaScript, 1.06 µs in WebAssembly; 8³ is already faster there).
 */
const TINY = 256;
