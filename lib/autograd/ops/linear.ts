import { linear as tlinear, matmulTransposeA, matmulTransposeB } from "../../tensor/matmul";
import { sum as tsum } from "../../tensor/reduce";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/**
 * X·W + b, (m×k)·(k×n) + (1×n) → m×n, as one node: a dense layer's pre-activation, the slides' a = b + W h.
 * ∂L/∂X = G·Wᵀ, ∂L/∂W = Xᵀ·G, ∂L/∂b = Σ over rows of G. Same values as addBias(matmul(X, W), b), one pass fewer.
 * @example
 * const a = ad.linear(input(X), W, b); // op "linear"
 */
export function linear(x: Operand, w: Operand, b: Operand): Var {
  const xv = asVar(x);
  const wv = asVar(w);
  const bv = asVar(b);
  return op("linear", tlinear(xv.value, wv.value, bv.value), [xv, wv, bv], (g) => [
    xv.needsGrad ? matmulTransposeB(g, wv.value) : null,
    wv.needsGrad ? matmulTransposeA(xv.value, g) : null,
    bv.needsGrad ? tsum(g, 0).reshape(bv.shape) : null,
  ]);
}
