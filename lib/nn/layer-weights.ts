import { asMatrix } from "../tensor/matrix-input";
import { count } from "../tensor/plural";
import { received } from "../tensor/received";
import { transpose } from "../tensor/shape";
import { Tensor, formatShape, tensorOfNested } from "../tensor/tensor";
import type { Dense } from "./dense";

/** How W is laid out: inputs×outputs (the library's), or outputs×inputs as on the slides. */
export interface WeightsLayout {
  layout?: "inputsByOutputs" | "slides";
}

/**
 * Copies W (in×out, or out×in with `{ layout: "slides" }`) and b (any shape with `out` values) into `layer`'s
 * parameters in place (incrementing their `version`), after checking kinds and shapes; errors name `fn`, the function
 * the user called (`Dense.setWeightsInPlace`, `MLP.setWeights (layer 1)`).
 */
export function copyLayerWeights(fn: string, layer: Dense, W: unknown, b: unknown, options: WeightsLayout = {}): void {
  if (options === null || typeof options !== "object")
    throw new TypeError(`${fn}: options must be an object { layout }, got ${received(options)}`);
  const { layout = "inputsByOutputs" } = options;
  if (layout !== "inputsByOutputs" && layout !== "slides")
    throw new RangeError(`${fn}: layout must be "inputsByOutputs" or "slides", got ${received(layout)}`);
  let w = asMatrix(fn, "W", W);
  if (layout === "slides") w = transpose(w);
  const bt = b instanceof Tensor ? b : tensorOfNested(fn, "b", b);
  const want = layer.W.value.shape;
  if (w.shape[0] !== want[0] || w.shape[1] !== want[1]) {
    const given = layout === "slides" ? `${formatShape(w.shape)} after transposing the slides' form` : formatShape(w.shape);
    throw new RangeError(`${fn}: W must be ${formatShape(want)} (inputs×outputs), got ${given}`);
  }
  if (bt.size !== layer.outSize)
    throw new RangeError(`${fn}: b must have ${count(layer.outSize, "value")}, got ${formatShape(bt.shape)}`);
  layer.W.value.data.set(w.data);
  layer.b.value.data.set(bt.data);
  layer.W.value.bumpVersion();
  layer.b.value.bumpVersion();
}
