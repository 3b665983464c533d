import { asMatrix } from "../tensor/matrix-input";
import { Tensor, formatShape } from "../tensor/tensor";
import { expectOptions, received } from "../tensor/received";

/**
 * Loss: L(ŷ, y) with its gradient ∂L/∂ŷ. ŷ and y are batch×outputs (one sample per row; a vector is one sample).
 * @example
 * mse().value(Tensor.from([[1], [3]]), Tensor.from([[0], [1]])); // (1 + 4) / 2 = 2.5
 */
export interface Loss {
  /** Short name used in messages and legends ("mse", "categoricalCrossEntropy"). */
  readonly name: string;
  /** The formula in LaTeX. */
  readonly latex: string;
  /** L(ŷ, y), reduced to one number. ŷ and y: Tensors (batch×outputs, or a vector), or the same as arrays. */
  value(yhat: LossInput, y: LossInput): number;
  /** ∂L/∂ŷ, same shape as ŷ (of the reduced value, so a mean divides by the count). */
  grad(yhat: LossInput, y: LossInput): Tensor;
  /** Both in one pass (what training needs); optional, `lossOp` falls back to value and grad. */
  valueAndGrad?(yhat: LossInput, y: LossInput): { value: number; grad: Tensor };
}

/** What a loss takes for ŷ and y: a Tensor (batch×outputs, or a vector), or rows of numbers (number[][]) or a vector (number[]). */
export type LossInput = Tensor | readonly number[] | readonly (readonly number[])[];

/** A loss as the library writes it, on Tensors only; lossFactory makes it take arrays too (a Loss). */
export interface TensorLoss {
  readonly name: string;
  readonly latex: string;
  value(yhat: Tensor, y: Tensor): number;
  grad(yhat: Tensor, y: Tensor): Tensor;
  valueAndGrad?(yhat: Tensor, y: Tensor): { value: number; grad: Tensor };
}

/**
 * `v` as a Tensor for the loss `name`: a Tensor as it is, number[] as a vector, number[][] as a matrix (asMatrix: a
 * ragged row or a non-number named).
 */
export function lossTensor(name: string, what: string, v: LossInput): Tensor {
  if (v instanceof Tensor) return v;
  if (Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === "number")) return Tensor.from(v as number[]);
  return asMatrix(name, what, v);
}

/** The Loss taking arrays as well as Tensors, from one written on Tensors. */
function takingArrays(loss: TensorLoss): Loss {
  const { name } = loss;
  const both = loss.valueAndGrad?.bind(loss);
  return madeHere({
    name,
    latex: loss.latex,
    value: (yhat, y) => loss.value(lossTensor(name, "yhat", yhat), lossTensor(name, "y", y)),
    grad: (yhat, y) => loss.grad(lossTensor(name, "yhat", yhat), lossTensor(name, "y", y)),
    ...(both
      ? { valueAndGrad: (yhat: LossInput, y: LossInput) => both(lossTensor(name, "yhat", yhat), lossTensor(name, "y", y)) }
      : {}),
  });
}

/** The methods of every Loss the library made, as it made them. */
const libraryLosses = new WeakMap<object, Pick<Loss, "value" | "grad" | "valueAndGrad">>();

function madeHere<L extends Loss>(loss: L): L {
  libraryLosses.set(loss, { value: loss.value, grad: loss.grad, valueAndGrad: loss.valueAndGrad });
  return loss;
}

/**
 * Whether `loss` is one the library made, with its methods unchanged: its value and gradient keep nothing of ŷ or y
 * and return arrays of their own (fit then reuses a step's arrays in the next, see tensor/kernels/scratch.ts).
 */
export function isLibraryLoss(loss: Loss): boolean {
  const m = libraryLosses.get(loss);
  return m !== undefined && m.value === loss.value && m.grad === loss.grad && m.valueAndGrad === loss.valueAndGrad;
}

/** Options of every loss. */
export interface LossOptions {
  /**
   * Base of the logarithm for the losses that take one: "e" (default, nats), 2 (bits) or 10.
   * The slide's walk-through loss 0.74 is only reproduced with base 10.
   */
  base?: "e" | 2 | 10;
  /**
   * "mean" (default) or "sum". Element-wise losses (MAE, MSE, binary cross-entropy, hinge, perceptron, 0/1) average
   * or sum over every element; per-sample losses (categorical and softmax cross-entropy, multi-class hinge, the
   * slide's cross-entropy with negative samples, KL) sum over the classes of a row, then average or sum over rows.
   */
  reduction?: "mean" | "sum";
}

/** 1/ln(base): multiply a natural-log quantity by it to get the quantity in the chosen base. */
export function logScale(base: LossOptions["base"] = "e"): number {
  if (base === "e") return 1;
  if (base === 2 || base === 10) return 1 / Math.log(base);
  throw new RangeError(`loss: log base must be "e", 2 or 10, got ${received(base)}`);
}

/** Checks the reduction option. */
export function reductionOf(name: string, options: LossOptions): "mean" | "sum" {
  const r = options.reduction ?? "mean";
  if (r !== "mean" && r !== "sum") throw new RangeError(`${name}: reduction must be "mean" or "sum", got ${received(r)}`);
  return r;
}

/** A scalar or vector seen as one sample (1×n), a matrix as is; anything else is an error naming the loss. */
export function asBatch(name: string, what: string, t: Tensor): Tensor {
  if (t.rank === 2) return t;
  if (t.rank === 1) return t.reshape([1, t.shape[0]]);
  if (t.rank === 0) return t.reshape([1, 1]);
  throw new RangeError(`${name}: ${what} must be a matrix (batch×outputs) or a vector, got ${formatShape(t.shape)}`);
}

/** Both as batches with equal shapes and at least one value, or an error naming the loss and both shapes. */
export function checkPair(name: string, yhat: Tensor, y: Tensor): [Tensor, Tensor] {
  const p = asBatch(name, "yhat", yhat);
  const t = asBatch(name, "y", y);
  if (p.shape[0] !== t.shape[0] || p.shape[1] !== t.shape[1]) {
    // class indices where one-hot rows are expected (a student's Tensor.from(labels)): say how to turn them into targets
    const k = p.shape[1];
    const labels = y.rank <= 1 && y.size === p.shape[0] && k > 1 && y.data.every((v) => Number.isInteger(v) && v >= 0 && v < k);
    throw new RangeError(
      `${name}: yhat ${formatShape(yhat.shape)} and y ${formatShape(y.shape)} have different shapes` +
        (labels ? `; y looks like class indices: compare with one-hot rows, oneHot(labels, ${k})` : ""),
    );
  }
  if (p.size === 0) throw new RangeError(`${name}: empty batch (yhat ${formatShape(yhat.shape)})`);
  for (let i = 0; i < p.size; i++) {
    if (Number.isNaN(p.data[i])) throw new RangeError(`${name}: yhat${at(p, i)} is NaN (shape ${formatShape(yhat.shape)})`);
    if (Number.isNaN(t.data[i])) throw new RangeError(`${name}: y${at(t, i)} is NaN (shape ${formatShape(y.shape)})`);
  }
  return [p, t];
}

/** `[r, c]` of a flat index of a batch, for messages. */
export function at(t: Tensor, i: number): string {
  const c = t.shape[1];
  return `[${Math.floor(i / c)}, ${i % c}]`;
}

/** Throws unless every value lies in [0, 1]: "binaryCrossEntropy: yhat must hold probabilities in [0, 1]; yhat[1, 0] = 1.3 (4×1)". */
export function checkProbabilities(name: string, what: string, t: Tensor, shape: readonly number[]): void {
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (!(v >= 0 && v <= 1)) {
      throw new RangeError(
        `${name}: ${what} must hold probabilities in [0, 1]; ${what}${at(t, i)} = ${v} (${formatShape(shape)})`,
      );
    }
  }
}

/** Throws unless every row sums to 1 (within 1e-6): a probability distribution per sample. */
export function checkDistributions(name: string, what: string, t: Tensor, shape: readonly number[]): void {
  checkProbabilities(name, what, t, shape);
  const [rows, cols] = t.shape;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += t.data[r * cols + j];
    if (Math.abs(s - 1) > 1e-6) {
      throw new RangeError(
        `${name}: row ${r} of ${what} sums to ${s}, not 1 (${formatShape(shape)}); expected a distribution per sample`,
      );
    }
  }
}

/** Throws unless every value is +1 or −1. */
export function checkSigns(name: string, what: string, t: Tensor, shape: readonly number[]): void {
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (v !== 1 && v !== -1)
      throw new RangeError(`${name}: ${what} must be +1 or -1; ${what}${at(t, i)} = ${v} (${formatShape(shape)})`);
  }
}

/** The class index of each row of a one-hot matrix, or an error naming the loss, the row and the shape. */
export function oneHotIndices(name: string, y: Tensor, shape: readonly number[]): number[] {
  const [rows, cols] = y.shape;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let idx = -1;
    for (let j = 0; j < cols; j++) {
      const v = y.data[r * cols + j];
      if (v === 1 && idx === -1) idx = j;
      else if (v !== 0) {
        idx = -2;
        break;
      }
    }
    if (idx < 0) {
      const row = Array.from(y.data.subarray(r * cols, r * cols + cols));
      throw new RangeError(`${name}: y must be one-hot (one 1 per row, else 0); row ${r} is [${row}] (${formatShape(shape)})`);
    }
    out.push(idx);
  }
  return out;
}

/**
 * Builds a loss that is a sum of element-wise terms ℓ(ŷ_ij, y_ij), from the term and its derivative, reduced
 * over all elements ("elementwise") or summed per row then reduced over rows ("row").
 *
 * Every loss is one `lossFactory(... termLoss({ name, latex, kind, options, term, dterm }))` declaration, formula
 * beside derivative; that the declarations share their shape is the design (`duplicates` lists them as pairs).
 */
export function termLoss(spec: {
  name: string;
  latex: string;
  kind: "elementwise" | "row";
  options: LossOptions;
  /** Multiplies term and derivative (1/ln(base) for the log losses). */
  scale?: number;
  validate?: (p: Tensor, t: Tensor, yhat: Tensor, y: Tensor) => void;
  term: (p: number, t: number) => number;
  dterm: (p: number, t: number) => number;
}): TensorLoss {
  const reduction = reductionOf(spec.name, spec.options);
  const scale = spec.scale ?? 1;
  const prepare = (yhat: Tensor, y: Tensor): { p: Tensor; t: Tensor; divisor: number } => {
    const [p, t] = checkPair(spec.name, yhat, y);
    spec.validate?.(p, t, yhat, y);
    const divisor = reduction === "sum" ? 1 : spec.kind === "row" ? p.shape[0] : p.size;
    return { p, t, divisor };
  };
  return {
    name: spec.name,
    latex: spec.latex,
    value(yhat, y) {
      const { p, t, divisor } = prepare(yhat, y);
      let s = 0;
      for (let i = 0; i < p.size; i++) s += spec.term(p.data[i], t.data[i]);
      return (s * scale) / divisor;
    },
    grad(yhat, y) {
      const { p, t, divisor } = prepare(yhat, y);
      const out = new Float64Array(p.size);
      const k = scale / divisor;
      for (let i = 0; i < p.size; i++) out[i] = spec.dterm(p.data[i], t.data[i]) * k;
      return new Tensor(yhat.shape, out);
    },
    valueAndGrad(yhat, y) {
      const { p, t, divisor } = prepare(yhat, y);
      const out = new Float64Array(p.size);
      const k = scale / divisor;
      let s = 0;
      for (let i = 0; i < p.size; i++) {
        s += spec.term(p.data[i], t.data[i]);
        out[i] = spec.dterm(p.data[i], t.data[i]) * k;
      }
      return { value: s * k, grad: new Tensor(yhat.shape, out) };
    },
  };
}

/** How a loss factory is called, for the message of `mse(yHat, y)` (a factory given the data). */
function lossUsage(name: string): string {
  return `${name}() makes a loss: call it as ${name}().value(yHat, y) (its gradient: .grad(yHat, y)), or pass loss: ${name}() to fit`;
}

/** y·ln(p) with the convention 0·ln(0) = 0 (a zero target contributes nothing, even where p = 0). */
export function xlogy(t: number, p: number): number {
  return t === 0 ? 0 : t * Math.log(p);
}

/**
 * A loss that is both a factory and a ready Loss with the default options: `mse.value(ŷ, y)` and
 * `crossEntropyWithNegatives({ base: 10 }).value(ŷ, y)` both work, and `loss: mse` can be passed to `fit`.
 */
export type LossFactory<O extends LossOptions = LossOptions> = ((options?: O) => Loss) & Loss;

/**
 * Makes a LossFactory from a function of the options. The options must be an object of known keys (`reduction`,
 * `base` and the loss's `own`): another kind of value or an unknown key (a typo) is an error naming the loss.
 */
export function lossFactory<O extends LossOptions>(
  make: (options: O) => TensorLoss,
  own: readonly string[] = [],
): LossFactory<O> {
  const standard = takingArrays(make({} as O));
  const known = ["reduction", "base", ...own];
  const factory = (options?: O): Loss => {
    if (options !== undefined) expectOptions(standard.name, options, known, lossUsage(standard.name));
    return takingArrays(make(options ?? ({} as O)));
  };
  Object.defineProperty(factory, "name", { value: standard.name });
  return madeHere(
    Object.assign(factory, {
      latex: standard.latex,
      value: standard.value,
      grad: standard.grad,
      valueAndGrad: standard.valueAndGrad,
    }) as LossFactory<O>,
  );
}
