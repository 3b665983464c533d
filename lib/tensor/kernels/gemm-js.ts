import type { Strided } from "./strided";

// The JavaScript matrix-product kernels, for tiny products and wherever WebAssembly SIMD is missing. C = A·B, C dense
// m×n and overwritten; A and B read through their strides (strided.ts). Dispatch and bias: gemm.ts.

/** k is processed in blocks of KC so a packed B block (KC×NC) stays in L2 and a packed A strip (2×KC) in L1. */
const KC = 256;
const NC = 512;

const MR = 2;
const NR = 4;
const pa = new Float64Array(MR * KC);
const pb = new Float64Array(KC * (NC + NR));

/** The JavaScript kernel for large products: both operands packed into panels, k blocked for the cache. */
export function gemmBlocked(A: Strided, B: Strided, c: Float64Array): void {
  const { rows: m, cols: k, data: a, rowStride: ars, colStride: acs } = A;
  const { cols: n, data: b, rowStride: brs, colStride: bcs } = B;
  c.fill(0, 0, m * n); // the blocks of k below accumulate
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const panels = Math.ceil(nc / NR);
      // pack B[pc..pc+kc, jc..jc+nc] into panels of NR columns: pb[panel*kc*NR + p*NR + s], zero-padded
      for (let q = 0; q < panels; q++) {
        const base = q * kc * NR;
        const j0 = jc + q * NR;
        const w = Math.min(NR, n - j0);
        for (let p = 0; p < kc; p++) {
          const src = (pc + p) * brs + j0 * bcs;
          const dst = base + p * NR;
          for (let s = 0; s < NR; s++) pb[dst + s] = s < w ? b[src + s * bcs] : 0;
        }
      }
      for (let i0 = 0; i0 < m; i0 += MR) {
        const h = Math.min(MR, m - i0);
        // pack A[i0..i0+MR, pc..pc+kc] as pa[p*MR + r], zero-padded
        for (let p = 0; p < kc; p++) {
          const src = i0 * ars + (pc + p) * acs;
          const dst = p * MR;
          for (let r = 0; r < MR; r++) pa[dst + r] = r < h ? a[src + r * ars] : 0;
        }
        for (let q = 0; q < panels; q++) {
          kernel2x4(kc, pa, pb, q * kc * NR, c, i0, jc + q * NR, n, h, Math.min(NR, n - jc - q * NR));
        }
      }
    }
  }
}

/**
 * The 2×4 micro-kernel: 8 accumulators in locals, one rank-1 update per step of k. 2×4 rather than 4×4 because
 * V8 keeps scalar doubles in at most 15 xmm registers: 8 accumulators, 4 B values and 1 A value fit, a 4×4 block
 * does not and spills.
 */
function kernel2x4(
  kc: number,
  pa: Float64Array,
  pb: Float64Array,
  pbOff: number,
  c: Float64Array,
  i0: number,
  j0: number,
  n: number,
  h: number,
  w: number,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let ia = 0;
  let ib = pbOff;
  const end = kc * 2;
  for (; ia < end; ia += 2, ib += 4) {
    const b0 = pb[ib];
    const b1 = pb[ib + 1];
    const b2 = pb[ib + 2];
    const b3 = pb[ib + 3];
    const a0 = pa[ia];
    const a1 = pa[ia + 1];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
  }
  const acc = [c00, c01, c02, c03, c10, c11, c12, c13];
  for (let r = 0; r < h; r++) for (let s = 0; s < w; s++) c[(i0 + r) * n + j0 + s] += acc[r * 4 + s]; // C was zeroed by gemmBlocked
}

/**
 * Small products without packing: 2 rows × 4 columns of C in locals, A and B read through their strides;
 * leftover rows and columns by plain dot products.
 */
export function gemmSmall(A: Strided, B: Strided, c: Float64Array): void {
  const { rows: m, cols: k, data: a, rowStride: ars, colStride: acs } = A;
  const { cols: n, data: b, rowStride: brs, colStride: bcs } = B;
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  for (let i = 0; i < m2; i += 2) {
    const a0 = i * ars;
    const a1 = a0 + ars;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let ia0 = a0;
      let ia1 = a1;
      let ib = j * bcs;
      for (let p = 0; p < k; p++) {
        const b0 = b[ib];
        const b1 = b[ib + bcs];
        const b2 = b[ib + 2 * bcs];
        const b3 = b[ib + 3 * bcs];
        const x0 = a[ia0];
        const x1 = a[ia1];
        c00 += x0 * b0;
        c01 += x0 * b1;
        c02 += x0 * b2;
        c03 += x0 * b3;
        c10 += x1 * b0;
        c11 += x1 * b1;
        c12 += x1 * b2;
        c13 += x1 * b3;
        ia0 += acs;
        ia1 += acs;
        ib += brs;
      }
      const o = i * n + j;
      c[o] = c00;
      c[o + 1] = c01;
      c[o + 2] = c02;
      c[o + 3] = c03;
      c[o + n] = c10;
      c[o + n + 1] = c11;
      c[o + n + 2] = c12;
      c[o + n + 3] = c13;
    }
    if (n4 < n) {
      // the last 1-3 columns together: 2 rows × 3 columns, a missing column repeats the last one and is not written
      const r = n - n4;
      const o1 = r > 1 ? bcs : 0;
      const o2 = r > 2 ? 2 * bcs : o1;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let ia = a0;
      let ib = n4 * bcs;
      for (let p = 0; p < k; p++) {
        const b0 = b[ib];
        const b1 = b[ib + o1];
        const b2 = b[ib + o2];
        const x0 = a[ia];
        const x1 = a[ia + ars];
        s00 += x0 * b0;
        s01 += x0 * b1;
        s02 += x0 * b2;
        s10 += x1 * b0;
        s11 += x1 * b1;
        s12 += x1 * b2;
        ia += acs;
        ib += brs;
      }
      const o = i * n + n4;
      c[o] = s00;
      c[o + n] = s10;
      if (r > 1) {
        c[o + 1] = s01;
        c[o + n + 1] = s11;
      }
      if (r > 2) {
        c[o + 2] = s02;
        c[o + n + 2] = s12;
      }
    }
  }
  for (let i = m2; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s0 = 0;
      for (let p = 0; p < k; p++) s0 += a[i * ars + p * acs] * b[p * brs + j * bcs];
      c[i * n + j] = s0;
    }
  }
}
