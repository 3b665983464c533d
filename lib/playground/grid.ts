import { input } from "../autograd/var";
import type { MLP } from "../nn/mlp";
import { Tensor } from "../tensor/tensor";
import { divergingRgb, fade } from "./palette";
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

/** The output of every layer for the rows of X (no graph kept): [h1, h2, ..., output]. */
export function layerOutputs(net: MLP, X: Tensor): Tensor[] {
  const outs: Tensor[] = [];
  let h = X;
  for (const layer of net.layers) {
    h = layer.forward(input(h)).value;
    outs.push(h);
  }
  return outs;
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
  for (let i = 0; i < out.rows; i++) {
    let rgb: [number, number, number];
    if (k === 1) rgb = divergingRgb(binaryScore(output, out.data[i]));
    else {
      let best = 0;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) if (out.data[i * k + c] > max) [max, best] = [out.data[i * k + c], c];
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(out.data[i * k + c] - max);
      rgb = fade(best, (1 / sum - 1 / k) / (1 - 1 / k));
    }
    pixels[4 * i] = rgb[0];
    pixels[4 * i + 1] = rgb[1];
    pixels[4 * i + 2] = rgb[2];
    pixels[4 * i + 3] = 255;
  }
  return pixels;
}

/** RGBA pixels of one unit's response (column j of h), scaled by the largest |value| over the grid (at least 1e-9). */
export function unitPixels(h: Tensor, j: number, pixels = new Uint8ClampedArray(h.rows * 4)): Uint8ClampedArray {
  const k = h.cols;
  let scale = 1e-9;
  for (let i = 0; i < h.rows; i++) scale = Math.max(scale, Math.abs(h.data[i * k + j]));
  for (let i = 0; i < h.rows; i++) {
    const rgb = divergingRgb(h.data[i * k + j] / scale);
    pixels.set(rgb, 4 * i);
    pixels[4 * i + 3] = 255;
  }
  return pixels;
}
