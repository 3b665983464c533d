import { matmul as mm, matmulTransposeA, matmulTransposeB } from "../../tensor/matmul";
import { transpose as tr } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";
import { type Var, op } from "../var";
import { type Operand, asVar } from "./util";

/**
 * A·B, (m×k)·(k×n) → m×n; ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G, computed by the fused kernels without materialising a
 * transpose. A vector on the left is a 1×k row, on the right a k×1 column (as in the tensor matmul).
 */
export function matmul(a: Operand, b: Operand): Var {
  const x = asVar(a, "ad.matmul", "a");
  const y = asVar(b, "ad.matmul", "b");
  const out = mm(x.value, y.value);
  return op("matmul", out, [x, y], (g) => {
    const a2 = as2D(x.value, "left");
    const b2 = as2D(y.value, "right");
    const g2 = g.reshape([a2.shape[0], b2.shape[1]]);
    return [
      x.needsGrad ? matmulTransposeB(g2, b2).reshape(x.shape) : null,
      y.needsGrad ? matmulTransposeA(a2, g2).reshape(y.shape) : null,
    ];
  });
}

/** Aᵀ; the backward transposes the gradient back. */
export function transpose(a: Operand): Var {
  const x = asVar(a, "ad.transpose", "a");
  return op("transpose", tr(x.value), [x], (g) => [x.value.rank === 1 ? g.reshape(x.shape) : tr(g)]);
}

function as2D(t: Tensor, side: "left" | "right"): Tensor {
  if (t.rank === 2) return t;
  return t.reshape(side === "left" ? [1, t.size] : [t.size, 1]);
}
