import { asVar, input, type Var } from "../autograd/var";
import type { Rng } from "../tensor/rng";
import { transpose } from "../tensor/shape";
import { asMatrix, type DataMatrix } from "../tensor/matrix-input";
import { Tensor, formatShape } from "../tensor/tensor";
import { type LayerActivation, activationName } from "./activate";
import type { SlidesNet } from "./backprop-slides";
import { type Dense, dense } from "./dense";
import { copyLayerWeights, type WeightsLayout } from "./layer-weights";
import { type InitName, type Initializer, initializerByName } from "./init";
import { activationByName } from "./activations";
import { checkInputWidth, type Model } from "./model";
import { count } from "../tensor/plural";
import { expectOptions, isData, received } from "../tensor/received";

/**
 * A multi-layer perceptron: dense layers applied in order, one sample per row.
 * @example
 * const net = mlp([4, 16, 3], { activations: ["relu", "softmax"], init: "he", rng: new Rng(1) });
 * net.predict(X); // batch×3 probabilities
 */
export class MLP implements Model {
  constructor(readonly layers: readonly Dense[]) {
    if (layers.length === 0) throw new RangeError("MLP: needs at least one layer");
    for (let k = 1; k < layers.length; k++) {
      if (layers[k].inSize !== layers[k - 1].outSize) {
        throw new RangeError(
          `MLP: layer ${k - 1} outputs ${count(layers[k - 1].outSize, "value")} but layer ${k} takes ${layers[k].inSize}`,
        );
      }
    }
  }

  /** [inputs, hidden..., outputs]. */
  get sizes(): number[] {
    return [this.layers[0].inSize, ...this.layers.map((l) => l.outSize)];
  }

  /** Inputs per sample (the Model's inputSize): sizes[0]. */
  get inputSize(): number {
    return this.layers[0].inSize;
  }

  /** The activation names, one per layer. */
  get activationNames(): string[] {
    return this.layers.map((l) => activationName(l.activation));
  }

  /**
   * Forward pass through every layer, recorded in the graph: X a Var, or a Tensor or number[][] taken as an input
   * (`input(X)`).
   */
  forward(X: Var | DataMatrix): Var {
    let h = asVar("MLP.forward", X);
    checkInputWidth("MLP.forward", "X", this, h.value);
    for (const layer of this.layers) h = layer.forward(h);
    return h;
  }

  /** [W1, b1, W2, b2, ...], the Vars an optimizer updates in place. */
  parameters(): Var[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** The outputs for a batch X (batch×inputs), without keeping the graph. */
  predict(data: DataMatrix): Tensor {
    const X = asMatrix("MLP.predict", "X", data);
    if (X.shape[1] !== this.sizes[0]) {
      throw new RangeError(`MLP.predict: X is ${formatShape(X.shape)}, the network takes batch×${this.sizes[0]}`);
    }
    return this.forward(input(X)).value;
  }

  /**
   * Sets the weights of layer `layer` (0-based) by hand, in place: W (in×out, or out×in with `{ layout: "slides" }`)
   * and b (any shape with `out` values), checking the shapes.
   */
  setWeights(
    layer: number,
    W: Tensor | readonly (readonly number[])[],
    b: Tensor | readonly number[],
    options: WeightsLayout = {},
  ): void {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.layers.length) {
      throw new RangeError(`MLP.setWeights: layer ${received(layer)} does not exist (0..${this.layers.length - 1})`);
    }
    copyLayerWeights(`MLP.setWeights (layer ${layer})`, this.layers[layer], W, b, options);
  }

  /** The network in the slides' form for `backpropSlides`: W^(k) out×in (transposed copies), b^(k) columns. */
  toSlides(): SlidesNet {
    return {
      W: this.layers.map((l) => transpose(l.W.value)),
      b: this.layers.map((l) => new Tensor([l.outSize, 1], l.b.value.data.slice())),
      activations: this.layers.map((l) => l.activation),
    };
  }
}

/** Options of `mlp`. */
export interface MLPOptions {
  /** One per layer (sizes.length − 1): Activation objects or names ("relu", "tanh", "sigmoid", "identity", "softmax", ...). */
  activations?: readonly LayerActivation[];
  /** Without `activations`: the activation of every hidden layer (default "relu"). */
  hidden?: LayerActivation;
  /** Without `activations`: the activation of the output layer (default "identity"). */
  output?: LayerActivation;
  /** A name of `initializers` ("xavier" by default, "xavierNormal", "he", "heUniform", "uniform", "zeros") or an Initializer. */
  init?: InitName | Initializer;
  /** The seeded generator for the random initialisers (required unless init is "zeros"). */
  rng?: Rng;
}

/**
 * An MLP from layer sizes [inputs, hidden..., outputs] and activations.
 * @example
 * mlp([2, 2, 1], { activations: ["relu", "identity"], init: "zeros" }); // then setWeights by hand
 */
export function mlp(sizes: readonly number[], options: MLPOptions = {}): MLP {
  const usage = "mlp([inputs, ...hidden, outputs], options) makes a network: call net.forward(x) on the data";
  expectOptions("mlp", options, ["activations", "hidden", "output", "init", "rng"] satisfies (keyof MLPOptions)[], usage);
  const data = (v: unknown) => (isData(v) ? `: ${usage}` : "");
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new RangeError(
      `mlp: sizes needs at least [inputs, outputs], got ${received(sizes)}${Array.isArray(sizes) ? "" : data(sizes)}`,
    );
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`mlp: sizes[${i}] must be an integer >= 1, got ${received(n)}${data(n)}`);
  });
  const depth = sizes.length - 1;
  const acts =
    options.activations ??
    Array.from({ length: depth }, (_, k) => (k < depth - 1 ? (options.hidden ?? "relu") : (options.output ?? "identity")));
  if (!Array.isArray(acts))
    throw new TypeError(
      `mlp: activations must be an array of names, one per layer (e.g. ["relu", "identity"]), got ${received(acts)}`,
    );
  if (acts.length !== depth) {
    throw new RangeError(`mlp: ${count(depth, "layer")} for sizes [${sizes}] but ${count(acts.length, "activation")}`);
  }
  acts.forEach((a, k) => {
    if (a !== "softmax") activationByName(a, `mlp (layer ${k + 1})`);
  });
  const init = initializerByName(options.init ?? "xavier", options.rng, "mlp");
  const layers = acts.map((activation, k) => dense(sizes[k], sizes[k + 1], { activation, init, label: `${k + 1}` }));
  return new MLP(layers);
}
