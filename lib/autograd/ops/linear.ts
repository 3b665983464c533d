import { outsideStep } from "../../tensor/kernels/scratch";
import { linear as tlinear, matmulTransposeA, matmulTransposeB } from "../../tensor/matmul";
import { sum as tsum } from "../../tensor/reduce";
import type { Tensor } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/**
 * X·W + b, (m×k)·(k×n) + (1×n) → m×n, as one node: a dense layer's pre-activation, the slides' a = b + W h.
 * ∂L/∂X = G·Wᵀ, ∂L/∂W = Xᵀ·G, ∂L/∂b = Σ over rows of G. Same values as addBias(matmul(X, W), b), one pass fewer.
 * @example
 * const a = ad.linear(input(X), W, b); // op "linear"
 */
export function linear(x: Operand, w: Operand, b: Operand): Var {
  const xv = asVar(x, "ad.linear", "x");
  const wv = asVar(w, "ad.linear", "w");
  const bv = asVar(b, "ad.linear", "b");
  return linearOf(xv, wv, bv, tlinear(xv.value, wv.value, bv.value));
}

/**
 * The "linear" node of X·W + b whose value z a fused kernel has computed already (`linearRelu` of tensor/matmul.ts,
 * which gives relu(z) in the same pass); the backward of `linear`.
 */
export function linearOf(xv: Var, wv: Var, bv: Var, z: Tensor): Var {
  return op("linear", z, [xv, wv, bv], (g) => [
    xv.needsGrad ? matmulTransposeB(g, wv.value) : null,
    // a weight's gradient is the user's to keep: in an array of its own even inside fit's step (scratch.ts), so
    // backward need not copy it out
    wv.needsGrad
      ? wv.backwardFn === null
        ? outsideStep(() => matmulTransposeA(xv.value, g))
        : matmulTransposeA(xv.value, g)
      : null,
    bv.needsGrad ? biasGradient(g, bv) : null,
  ]);
}

/** ∂L/∂b = Σ over rows of G, in b's shape: a 1×n row as the sum gives it, n values reshaped. */
function biasGradient(g: Tensor, bv: Var): Tensor {
  const row = tsum(g, 0);
  return bv.value.rank === 2 ? row : row.reshape(bv.shape);
}
