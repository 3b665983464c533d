import { asVar, param, type Var } from "../autograd/var";
import type { Rng } from "../tensor/rng";
import type { DataMatrix } from "../tensor/matrix-input";
import { Tensor, formatShape } from "../tensor/tensor";
import { type LayerActivation, linearActivate } from "./activate";
import { activationByName } from "./activations";
import { type InitName, type Initializer, initializerByName } from "./init";
import type { Model } from "./model";
import { count } from "../tensor/plural";
import { copyLayerWeights, type WeightsLayout } from "./layer-weights";
import { expectOptions, expectTensor, isData, received } from "../tensor/received";

/**
 * A dense (fully connected) layer: Y = f(X·W + b), X batch×in, W in×out, b a 1×out row added to every sample.
 * Forward through the autograd ops (linear = X·W + b, the slides' a = b + W h, then the activation), so the graph
 * can be drawn: one "linear" node and one activation node per layer (for relu both values come from one pass, see
 * `linearActivate`).
 * @example
 * const layer = dense(2, 3, { activation: "relu", init: "he", rng: new Rng(1) });
 * layer.forward(input(X)); // batch×3
 */
export class Dense implements Model {
  /** Weights, in×out. */
  readonly W: Var;
  /** Bias, 1×out. */
  readonly b: Var;
  readonly activation: LayerActivation;

  constructor(W: Tensor, b: Tensor, activation: LayerActivation = "identity", label = "") {
    expectTensor("Dense", "W", W);
    expectTensor("Dense", "b", b);
    if (W.rank !== 2) throw new RangeError(`Dense: W must be a matrix (inputs×outputs), got ${formatShape(W.shape)}`);
    if (b.size !== W.shape[1]) {
      throw new RangeError(
        `Dense: W is ${formatShape(W.shape)} so b needs ${count(W.shape[1], "value")}, got ${formatShape(b.shape)}`,
      );
    }
    if (activation !== "softmax") activationByName(activation, "dense"); // unknown names fail here, not in the first forward
    this.W = param(W, `W${label}`);
    this.b = param(new Tensor([1, W.shape[1]], b.data.slice()), `b${label}`);
    this.activation = activation;
  }

  /** Number of inputs. */
  get inSize(): number {
    return this.W.value.shape[0];
  }
  /** Inputs per sample (the Model's inputSize). */
  get inputSize(): number {
    return this.inSize;
  }
  /** Number of outputs (units). */
  get outSize(): number {
    return this.W.value.shape[1];
  }

  /**
   * f(X·W + b) for a batch X (batch×in): a Var, or a Tensor or number[][] taken as an input (`input(X)`, no
   * gradient). An identity activation adds no node.
   */
  forward(X: Var | DataMatrix): Var {
    const x = asVar("Dense.forward", X);
    if (x.value.rank !== 2 || x.value.shape[1] !== this.inSize) {
      throw new RangeError(
        `Dense.forward: input ${formatShape(x.value.shape)} does not fit W ${formatShape(this.W.value.shape)} (batch×${this.inSize} expected)`,
      );
    }
    return linearActivate(x, this.W, this.b, this.activation);
  }

  /** [W, b]. */
  parameters(): Var[] {
    return [this.W, this.b];
  }

  /**
   * Copies W (in×out; or out×in as on the slides with `{ layout: "slides" }`) and b (any shape with `out` values)
   * into the layer's parameters, in place (incrementing their `version`), after checking the shapes.
   */
  setWeightsInPlace(
    W: Tensor | readonly (readonly number[])[],
    b: Tensor | readonly number[],
    options: WeightsLayout = {},
  ): void {
    copyLayerWeights("Dense.setWeightsInPlace", this, W, b, options);
  }
}

/** Options of `dense`. */
export interface DenseOptions {
  activation?: LayerActivation;
  /** A name of `initializers` ("xavier" by default, "xavierNormal", "he", "heUniform", "uniform", "zeros") or an Initializer. Biases start at 0. */
  init?: InitName | Initializer;
  /** The seeded generator for the random initialisers. */
  rng?: Rng;
  /** Suffix of the parameter labels ("1" gives W1, b1). */
  label?: string;
}

/** A dense layer inSize → outSize with initialised weights and zero bias. */
export function dense(inSize: number, outSize: number, options: DenseOptions = {}): Dense {
  const usage = "dense(inSize, outSize, options) makes a layer: call layer.forward(x) on the data";
  expectOptions("dense", options, ["activation", "init", "rng", "label"] satisfies (keyof DenseOptions)[], usage);
  for (const [n, v] of [
    ["inSize", inSize],
    ["outSize", outSize],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`dense: ${n} must be an integer >= 1, got ${received(v)}${isData(v) ? `: ${usage}` : ""}`);
  }
  const init = initializerByName(options.init ?? "xavier", options.rng, "dense");
  return new Dense(init(inSize, outSize), new Tensor([1, outSize]), options.activation ?? "identity", options.label ?? "");
}
