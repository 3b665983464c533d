import { expectTensor, wrongKind } from "./received";
import { Tensor, formatShape, tensorOfNested } from "./tensor";

// Converters to and from mathjs. mathjs takes ~0.35 s to load, so it is required here, inside each function,
// at call time: `import "dl4nlp"` never loads it.

/** Structural type of the mathjs module, as far as this file uses it (keeps mathjs's types out of the .d.ts). */
interface MathjsLike {
  matrix(values: unknown): MathjsMatrix;
  isMatrix(x: unknown): boolean;
  ArrayNode: new (items: unknown[]) => { toTex(): string };
  ConstantNode: new (value: number) => { toTex(): string };
}

/** A mathjs DenseMatrix (the part used here). */
export interface MathjsMatrix {
  size(): number[];
  valueOf(): unknown;
}

function mathjs(): MathjsLike {
  return require("mathjs") as MathjsLike;
}

/** The tensor as a mathjs DenseMatrix (a scalar as a plain number). */
export function toMathjs(t: Tensor): MathjsMatrix | number {
  expectTensor("toMathjs", "t", t);
  if (t.rank === 0) return t.data[0];
  return mathjs().matrix(t.toArray());
}

/** A Tensor from a mathjs matrix, nested arrays or a number. */
export function fromMathjs(m: MathjsMatrix | number | number[] | number[][]): Tensor {
  if (typeof m === "number") return Tensor.from(m);
  if (m === null || typeof m !== "object") throw wrongKind("fromMathjs", "m", "a mathjs matrix, nested arrays or a number", m);
  const values = Array.isArray(m) ? m : m.valueOf();
  const check = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(check);
    else if (typeof v !== "number") {
      throw new TypeError(`fromMathjs: only real numbers are supported, got ${typeof v === "object" ? JSON.stringify(v) : v}`);
    }
  };
  check(values);
  return tensorOfNested("fromMathjs", "m", values);
}

/**
 * LaTeX of the tensor via mathjs: a matrix as \begin{bmatrix}…\end{bmatrix}, values rounded to `digits` decimals
 * (default 4). A vector is printed as a column, as on the slides.
 * @example
 * toLatex(Tensor.from([[0.5, 1], [2, 3]])); // "\\begin{bmatrix}0.5&1\\\\2&3\\end{bmatrix}"
 */
export function toLatex(t: Tensor, opts: { digits?: number } = {}): string {
  expectTensor("toLatex", "t", t);
  const digits = opts.digits ?? 4;
  if (t.rank > 2) throw new RangeError(`toLatex: only scalars, vectors and matrices, got shape ${formatShape(t.shape)}`);
  const math = mathjs();
  const constant = (v: number) => new math.ConstantNode(round(v, digits));
  if (t.rank === 0) return constant(t.data[0]).toTex();
  if (t.rank === 1) return new math.ArrayNode(Array.from(t.data, constant)).toTex();
  const rows = t.to2D().map((r) => new math.ArrayNode(r.map(constant)));
  return new math.ArrayNode(rows).toTex();
}

function round(v: number, digits: number): number {
  if (!Number.isFinite(v)) return v;
  const r = Number(v.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}
