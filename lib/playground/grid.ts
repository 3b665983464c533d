import type { Dense } from "../nn/dense";
import { activationByName, applyActivation } from "../nn/activations";
import { linear } from "../tensor/matmul";
import { Tensor } from "../tensor/tensor";
import { DIVERGING_TABLE, FADE_TABLES, LEVELS } from "./palette";
import type { OutputName } from "./settings";

/** The square of input space a panel shows: [x0, x1] × [y0, y1]. */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The bounds around every point (train and test), padded by 15 % of the range (at least 0.5) on each side. */
export function boundsOf(points: readonly Tensor[]): Bounds {
  const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const X of points) {
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < 2; j++) {
        const v = X.data[2 * i + j];
        if (v < lo[j]) lo[j] = v;
        if (v > hi[j]) hi[j] = v;
      }
    }
  }
  const pad = (j: number) => Math.max(0.5, 0.15 * (hi[j] - lo[j]));
  return { x0: lo[0] - pad(0), x1: hi[0] + pad(0), y0: lo[1] - pad(1), y1: hi[1] + pad(1) };
}

/** g×g points covering the bounds, row-major from the top-left (largest y) corner, one cell centre per row. */
export function gridInputs(b: Bounds, g: number): Tensor {
  const X = new Tensor([g * g, 2]);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      const i = r * g + c;
      X.data[2 * i] = b.x0 + ((c + 0.5) / g) * (b.x1 - b.x0);
      X.data[2 * i + 1] = b.y1 - ((r + 0.5) / g) * (b.y1 - b.y0);
    }
  }
  return X;
}

/**
 * The output of every layer for the rows of X, [h1, h2, ..., output]: each layer's linear X·W + b and its activation,
 * the library's own ops, without building an autograd graph (a 100×100 grid every frame).
 */
export function layerOutputs(net: { layers: readonly Dense[] }, X: Tensor): Tensor[] {
  const outs: Tensor[] = [];
  let h = X;
  for (const layer of net.layers) {
    h = applyActivation(activationByName(layer.activation), linear(h, layer.W.value, layer.b.value));
    outs.push(h);
  }
  return outs;
}

/** Writes the RGB triple at `level` of a colour table as one opaque pixel. */
function put(pixels: Uint8ClampedArray, i: number, table: Uint8ClampedArray, level: number): void {
  const k = 3 * Math.max(0, Math.min(LEVELS - 1, Math.round(level)));
  pixels[4 * i] = table[k];
  pixels[4 * i + 1] = table[k + 1];
  pixels[4 * i + 2] = table[k + 2];
  pixels[4 * i + 3] = 255;
}

/**
 * The network's score for a binary output in [−1, 1]: 2p − 1 for a sigmoid, the value for tanh, 2v − 1 (clipped)
 * for an identity output trained on 0/1.
 */
export function binaryScore(output: OutputName, v: number): number {
  const s = output === "tanh-mse" ? v : 2 * v - 1;
  return Math.max(-1, Math.min(1, s));
}

/**
 * RGBA pixels (g×g) of the decision boundary: for one output, orange (class 0) through white to blue (class 1) by
 * the score; for several (logits), the colour of the most likely class faded by its softmax probability.
 */
export function boundaryPixels(output: OutputName, out: Tensor, pixels = new Uint8ClampedArray(out.rows * 4)): Uint8ClampedArray {
  const k = out.cols;
  const half = (LEVELS - 1) / 2;
  for (let i = 0; i < out.rows; i++) {
    if (k === 1) {
      put(pixels, i, DIVERGING_TABLE, (binaryScore(output, out.data[i]) + 1) * half);
      continue;
    }
    let best = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (out.data[i * k + c] > max) {
        max = out.data[i * k + c];
        best = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(out.data[i * k + c] - max);
    put(pixels, i, FADE_TABLES[best], ((1 / sum - 1 / k) / (1 - 1 / k)) * (LEVELS - 1));
  }
  return pixels;
}

/**
 * RGBA pixels of one unit's response (column j of h) on a g×g grid, every `stride`-th row and column only:
 * (⌈g/stride⌉)² pixels, for the small maps of the neuron view, scaled by the largest |value| among them (at least
 * 1e-9). Written into `pixels` when given (reused frame after frame), else into a new array.
 */
export function unitPixels(
  h: Tensor,
  j: number,
  g: number,
  stride = 1,
  pixels: Uint8ClampedArray = new Uint8ClampedArray(Math.ceil(g / stride) ** 2 * 4),
): Uint8ClampedArray {
  const k = h.cols;
  const side = Math.ceil(g / stride);
  const d = h.data;
  let scale = 1e-9;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = Math.abs(d[(r * stride * g + c * stride) * k + j]);
      if (v > scale) scale = v;
    }
  }
  const half = (LEVELS - 1) / 2;
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = d[(r * stride * g + c * stride) * k + j];
      put(pixels, r * side + c, DIVERGING_TABLE, (v / scale + 1) * half);
    }
  }
  return pixels;
}
