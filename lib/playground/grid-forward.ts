// The network over the panel's grid, frame after frame: the pictures' forward pass (never the training path's).
import type { Dense } from "../nn/dense";
import { activationName } from "../nn/activate";
import { activationByName } from "../nn/activations";
import { gemm } from "../tensor/kernels/gemm";
import { rowMajor } from "../tensor/kernels/strided";
import { Tensor } from "../tensor/tensor";
import { count } from "../tensor/plural";

/** Where tanhPicture saturates: beyond ±CLAMP it returns the value at ±CLAMP (0.9999994; tanh there is 0.99990). */
const CLAMP = 4.97;

/**
 * tanh(z) for pictures: the Lambert continued fraction cut after seven terms,
 * z(135135 + 17325z² + 378z⁴ + z⁶) / (135135 + 62370z² + 3150z⁴ + 28z⁶), with z clipped to ±4.97.
 * |tanhPicture(z) − tanh(z)| < 1e-4 for every z (largest at the clip), while one colour level of a heat map is
 * 2/255 ≈ 8e-3. Only the panel's heat maps use it; training and every loss use Math.tanh (the library's exact numbers).
 *
 * Implementation: V8's Math.tanh (fdlibm) costs ~15× this polynomial ratio, and a 100×100 grid through a 2-8-8-1 tanh
 * network is 160 000 of them per frame.
 */
export function tanhPicture(z: number): number {
  const v = Math.min(CLAMP, Math.max(-CLAMP, z));
  const s = v * v;
  return (v * (135135 + s * (17325 + s * (378 + s)))) / (135135 + s * (62370 + s * (3150 + 28 * s)));
}

/**
 * Applies a layer's activation in place to the values of a picture: tanh and sigmoid (σ(z) = (1 + tanh(z/2)) / 2)
 * through tanhPicture (error < 1e-4, 5e-5 for sigmoid), relu and identity exactly, any other activation through
 * its own exact function. The loops are written out so that no call per element remains for the common cases.
 */
export function activateForPicture(activation: Dense["activation"], z: Float64Array): void {
  const name = activationName(activation);
  const n = z.length;
  if (name === "identity") return;
  if (name === "relu") {
    for (let i = 0; i < n; i++) z[i] = Math.max(z[i], 0);
  } else if (name === "tanh" || name === "sigmoid") {
    const half = name === "sigmoid";
    for (let i = 0; i < n; i++) {
      let v = half ? 0.5 * z[i] : z[i];
      v = Math.min(CLAMP, Math.max(-CLAMP, v));
      const s = v * v;
      const t = (v * (135135 + s * (17325 + s * (378 + s)))) / (135135 + s * (62370 + s * (3150 + 28 * s)));
      z[i] = half ? 0.5 + 0.5 * t : t;
    }
  } else {
    const f = activationByName(activation).f;
    for (let i = 0; i < n; i++) z[i] = f(z[i]);
  }
}

/**
 * The output of every layer of a network for the fixed rows of X (the panel's grid), [h1, h2, ..., output], as
 * layerOutputs (grid.ts) but into buffers kept from one frame to the next (no allocation while playing) and with
 * activateForPicture: each layer's X·W + b by the library's product kernel (WebAssembly SIMD where available), then
 * its activation in place. The tensors returned are overwritten by the next run. Throws a RangeError naming the
 * layer when its weights do not fit the previous layer's width.
 */
export class GridForward {
  private readonly outs: Tensor[] = [];

  constructor(readonly X: Tensor) {}

  run(net: { layers: readonly Dense[] }): readonly Tensor[] {
    let h = this.X;
    net.layers.forEach((layer, l) => {
      const W = layer.W.value;
      if (W.rows !== h.cols)
        throw new RangeError(`GridForward: layer ${l + 1} takes ${count(W.rows, "input")}, the layer before gives ${h.cols}`);
      const n = W.cols;
      let out = this.outs[l];
      if (!out || out.cols !== n || out.rows !== h.rows) {
        out = new Tensor([h.rows, n]);
        this.outs[l] = out;
      }
      gemm(rowMajor(h.data, h.rows, h.cols), rowMajor(W.data, W.rows, n), out.data, layer.b.value.data);
      activateForPicture(layer.activation, out.data);
      h = out;
    });
    this.outs.length = net.layers.length;
    return this.outs;
  }
}
