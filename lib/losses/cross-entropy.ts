import { allocUninit } from "../tensor/kernels/alloc";
import { Tensor } from "../tensor/tensor";
import {
  type TensorLoss,
  type LossFactory,
  type LossOptions,
  lossFactory,
  asBatch,
  checkDistributions,
  checkPair,
  checkProbabilities,
  logScale,
  reductionOf,
  termLoss,
  xlogy,
} from "./loss";

/** ∂/∂p of t·ln(p), 0 where t = 0. */
function dxlogy(t: number, p: number): number {
  return t === 0 ? 0 : t / p;
}

/** −[t ln p + (1 − t) ln(1 − p)], the binary cross-entropy term. */
function bceTerm(p: number, t: number): number {
  return -(xlogy(t, p) + xlogy(1 - t, 1 - p));
}

/** Its derivative −t/p + (1 − t)/(1 − p). */
function bceDterm(p: number, t: number): number {
  return -dxlogy(t, p) + dxlogy(1 - t, 1 - p);
}

const probabilities = (name: string) => (p: Tensor, t: Tensor, yhat: Tensor, y: Tensor) => {
  checkProbabilities(name, "yhat", p, yhat.shape);
  checkProbabilities(name, "y", t, y.shape);
};

/** ŷ in [0, 1] and each row of y a distribution (one-hot or soft): CE and KL. */
const probabilitiesAgainstDistributions = (name: string) => (p: Tensor, t: Tensor, yhat: Tensor, y: Tensor) => {
  checkProbabilities(name, "yhat", p, yhat.shape);
  checkDistributions(name, "y", t, y.shape);
};

/**
 * Binary cross-entropy BCE = −(y log ŷ + (1 − y) log(1 − ŷ)), averaged over the elements; ŷ, y in [0, 1].
 * Gradient −y/ŷ + (1 − y)/(1 − ŷ). A certain wrong prediction (ŷ = 0 with y = 1) gives Infinity, not a clipped value.
 * @example
 * binaryCrossEntropy().value(Tensor.from([[0.8]]), Tensor.from([[1]])); // −ln 0.8 = 0.223144
 */
export const binaryCrossEntropy: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  const name = "binaryCrossEntropy";
  return termLoss({
    name,
    latex: "\\mathrm{BCE} = -\\big(y \\log \\hat{y} + (1 - y) \\log(1 - \\hat{y})\\big)",
    kind: "elementwise",
    options,
    scale: logScale(options.base),
    validate: probabilities(name),
    term: bceTerm,
    dterm: bceDterm,
  });
});

/**
 * Binary cross-entropy from logits s (ŷ = σ(s)), stable: max(s, 0) − s y + ln(1 + e^−|s|); gradient σ(s) − y.
 * @example
 * binaryCrossEntropyWithLogits().value(Tensor.from([[800]]), Tensor.from([[0]])); // 800, no overflow
 */
export const binaryCrossEntropyWithLogits: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  const name = "binaryCrossEntropyWithLogits";
  return termLoss({
    name,
    latex: "\\mathrm{BCE}(\\sigma(s), y) = \\max(s, 0) - s\\,y + \\log(1 + e^{-|s|})",
    kind: "elementwise",
    options,
    scale: logScale(options.base),
    validate: (_p, t, _yhat, y) => checkProbabilities(name, "y", t, y.shape),
    term: (s, t) => Math.max(s, 0) - s * t + Math.log1p(Math.exp(-Math.abs(s))),
    dterm: (s, t) => (s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s))) - t,
  });
});

/**
 * Categorical cross-entropy CE = −Σ_c y_c log ŷ_c per sample, averaged over samples; rows of y are distributions
 * (one-hot or soft), ŷ in [0, 1]. Gradient −y/ŷ.
 * @example
 * categoricalCrossEntropy().value(Tensor.from([[0.375167, 0.326154, 0.298679]]), Tensor.from([[1, 0, 0]])); // 0.980385
 */
export const categoricalCrossEntropy: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  const name = "categoricalCrossEntropy";
  return termLoss({
    name,
    latex: "\\mathrm{CE} = -\\sum_{c} y_c \\log \\hat{y}_c",
    kind: "row",
    options,
    scale: logScale(options.base),
    validate: probabilitiesAgainstDistributions(name),
    term: (p, t) => -xlogy(t, p),
    dterm: (p, t) => -dxlogy(t, p),
  });
});

/**
 * The slide's "cross-entropy considering also negative samples": L = −Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)],
 * summed over the classes of a sample, averaged over samples. Gradient −y/ŷ + (1 − y)/(1 − ŷ).
 * `slideSignError: true` gives the slide's derivative −(y/ŷ + (1 − y)/(1 − ŷ)) instead (an erratum, kept to
 * reproduce the slide's −2.63, −1.47, −1.43). The slide's value 0.74 needs `base: 10`.
 * @example
 * crossEntropyWithNegatives({ base: 10 }).value(Tensor.from([[0.38, 0.32, 0.30]]), Tensor.from([[1, 0, 0]])); // 0.742609
 */
export const crossEntropyWithNegatives: LossFactory<LossOptions & { slideSignError?: boolean }> = lossFactory(
  (options: LossOptions & { slideSignError?: boolean }): TensorLoss => {
    const name = options.slideSignError ? "crossEntropyWithNegatives (slide's sign error)" : "crossEntropyWithNegatives";
    return termLoss({
      name,
      latex: "L = -\\sum_{i} \\big[y_i \\log \\hat{y}_i + (1 - y_i) \\log(1 - \\hat{y}_i)\\big]",
      kind: "row",
      options,
      scale: logScale(options.base),
      validate: probabilities(name),
      term: bceTerm,
      dterm: options.slideSignError ? (p, t) => -(dxlogy(t, p) + dxlogy(1 - t, 1 - p)) : bceDterm,
    });
  },
  ["slideSignError"],
);

/**
 * Kullback-Leibler divergence KL(P‖Q) = Σ_x P(x) log(P(x)/Q(x)) per sample with P = y (target), Q = ŷ; rows are
 * in [0, 1], rows of y distributions. Gradient w.r.t. ŷ: −y/ŷ.
 * @example
 * klDivergence().value(Tensor.from([[0.5, 0.5]]), Tensor.from([[0.5, 0.5]])); // 0
 */
export const klDivergence: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  const name = "klDivergence";
  return termLoss({
    name,
    latex: "\\mathrm{KL}(P \\,\\|\\, Q) = \\sum_{x} P(x) \\log \\frac{P(x)}{Q(x)}",
    kind: "row",
    options,
    scale: logScale(options.base),
    validate: probabilitiesAgainstDistributions(name),
    term: (q, pt) => (pt === 0 ? 0 : pt * (Math.log(pt) - Math.log(q))),
    dterm: (q, pt) => -dxlogy(pt, q),
  });
});

/**
 * Softmax cross-entropy from logits s (ŷ = softmax(s) per row), stable by log-sum-exp:
 * per sample Σ_c y_c (logsumexp(s) − s_c); gradient (Σ_c y_c) softmax(s) − y, i.e. softmax(s) − y for one-hot y.
 * @example
 * softmaxCrossEntropy().value(Tensor.from([[-0.232, -0.372, -0.46]]), Tensor.from([[1, 0, 0]])); // 0.980385
 */
export const softmaxCrossEntropy: LossFactory<LossOptions> = lossFactory((options: LossOptions): TensorLoss => {
  const name = "softmaxCrossEntropy";
  const reduction = reductionOf(name, options);
  const scale = logScale(options.base);
  const rowwise = (yhat: Tensor, y: Tensor, withGrad: boolean): { value: number; grad: Float64Array } => {
    const s = asBatch(name, "yhat", yhat);
    const t = asBatch(name, "y", y);
    if (s.shape[0] !== t.shape[0] || s.shape[1] !== t.shape[1] || s.size === 0) checkPair(name, yhat, y); // throws
    const [rows, cols] = s.shape;
    // the shifted exponentials e^(s − max) of a row go into grad, then become (softmax · Σy − y) · scale in the same
    // row pass (no second pass over the batch for the mean's 1/rows)
    const grad = allocUninit(s.size);
    const k = scale / (reduction === "sum" ? 1 : rows);
    const total =
      cols === 3 && withGrad
        ? softmaxCrossEntropyRowsOf3(s.data, t.data, grad, rows, k)
        : softmaxCrossEntropyRows(s.data, t.data, grad, rows, cols, k, withGrad);
    // checkPair's and checkDistributions' conditions were tested in the same pass (the loss runs every training
    // step); on a failure the validators run in full to throw their precise message
    const valid = rowsValid;
    if (!valid) {
      checkPair(name, yhat, y);
      checkDistributions(name, "y", t, y.shape);
    }
    return { value: total * k, grad };
  };
  return {
    name,
    latex: "\\mathrm{CE}(\\operatorname{softmax}(\\mathbf{s}), \\mathbf{y}) = \\log \\sum_{j} e^{s_j} - \\sum_{c} y_c s_c",
    value: (yhat, y) => rowwise(yhat, y, false).value,
    grad: (yhat, y) => new Tensor(yhat.shape, rowwise(yhat, y, true).grad),
    valueAndGrad: (yhat, y) => {
      const r = rowwise(yhat, y, true);
      return { value: r.value, grad: new Tensor(yhat.shape, r.grad) };
    },
  };
});

/** Whether the last `softmaxCrossEntropyRows` found every logit a number and every target row a distribution. */
let rowsValid = true;

/**
 * The row pass of softmaxCrossEntropy over logits `sd` and targets `td` (rows×cols): returns Σ_r Σ_c y_c (lse_r − s_c)
 * (unscaled), and with `withGrad` writes (softmax(s) · Σy − y) · k into `grad` (else only the shifted exponentials).
 * Sets `rowsValid` false when a logit is NaN, a target lies outside [0, 1] or a target row does not sum to 1.
 * A function of plain arrays and numbers, outside the factory's closure: V8 optimises it once for every loss made.
 */
function softmaxCrossEntropyRows(
  sd: Float64Array,
  td: Float64Array,
  grad: Float64Array,
  rows: number,
  cols: number,
  k: number,
  withGrad: boolean,
): number {
  let total = 0;
  let valid = true;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const end = o + cols;
    let max = Number.NEGATIVE_INFINITY;
    let ysum = 0;
    for (let j = o; j < end; j++) {
      const v = sd[j];
      if (v > max) max = v;
      else if (Number.isNaN(v)) valid = false;
      const tj = td[j];
      if (!(tj >= 0 && tj <= 1)) valid = false;
      ysum += tj;
    }
    let sum = 0;
    for (let j = o; j < end; j++) {
      // e^0 = 1 exactly: the row's largest logit costs no call of Math.exp (a third of them with three classes)
      const x = sd[j] - max;
      const e = x === 0 ? 1 : Math.exp(x);
      grad[j] = e;
      sum += e;
    }
    const lse = max + Math.log(sum);
    if (Math.abs(ysum - 1) > 1e-6) valid = false;
    if (withGrad) {
      const q = ysum / sum;
      for (let j = o; j < end; j++) {
        const tj = td[j];
        if (tj !== 0) total += tj * (lse - sd[j]);
        grad[j] = (grad[j] * q - tj) * k;
      }
    } else {
      for (let j = o; j < end; j++) {
        const tj = td[j];
        if (tj !== 0) total += tj * (lse - sd[j]);
      }
    }
  }
  rowsValid = valid;
  return total;
}

/**
 * `softmaxCrossEntropyRows` with the gradient for rows of three classes (Iris, the course's three-class examples): the
 * same operations in the same order, each row's values in locals instead of three loops of three (whose set-up and
 * exit cost as much as the row's arithmetic outside the two Math.exp and one Math.log). The same bits: tested against
 * the general pass on values of every kind (losses.test.ts). 150×3: 11.0 µs against 13.8 µs (microbenchmark, medians
 * of 15 rounds, CPU time, load ~7: only the ratio counts).
 */
function softmaxCrossEntropyRowsOf3(sd: Float64Array, td: Float64Array, grad: Float64Array, rows: number, k: number): number {
  let total = 0;
  let valid = true;
  for (let o = 0; o < rows * 3; o += 3) {
    const v0 = sd[o];
    const v1 = sd[o + 1];
    const v2 = sd[o + 2];
    const t0 = td[o];
    const t1 = td[o + 1];
    const t2 = td[o + 2];
    let max = Number.NEGATIVE_INFINITY;
    if (v0 > max) max = v0;
    else if (Number.isNaN(v0)) valid = false;
    if (v1 > max) max = v1;
    else if (Number.isNaN(v1)) valid = false;
    if (v2 > max) max = v2;
    else if (Number.isNaN(v2)) valid = false;
    if (!(t0 >= 0 && t0 <= 1) || !(t1 >= 0 && t1 <= 1) || !(t2 >= 0 && t2 <= 1)) valid = false;
    let ysum = 0;
    ysum += t0;
    ysum += t1;
    ysum += t2;
    // e^0 = 1 exactly, as in the general pass
    const x0 = v0 - max;
    const x1 = v1 - max;
    const x2 = v2 - max;
    const e0 = x0 === 0 ? 1 : Math.exp(x0);
    const e1 = x1 === 0 ? 1 : Math.exp(x1);
    const e2 = x2 === 0 ? 1 : Math.exp(x2);
    let sum = 0;
    sum += e0;
    sum += e1;
    sum += e2;
    const lse = max + Math.log(sum);
    if (Math.abs(ysum - 1) > 1e-6) valid = false;
    const q = ysum / sum;
    if (t0 !== 0) total += t0 * (lse - v0);
    grad[o] = (e0 * q - t0) * k;
    if (t1 !== 0) total += t1 * (lse - v1);
    grad[o + 1] = (e1 * q - t1) * k;
    if (t2 !== 0) total += t2 * (lse - v2);
    grad[o + 2] = (e2 * q - t2) * k;
  }
  rowsValid = valid;
  return total;
}
