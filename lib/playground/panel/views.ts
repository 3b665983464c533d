// The panel's drawings on canvases: the decision boundary with the points, unit responses, loss curves, the hidden
// space h, and the perceptron's line. Pixels come from ../grid.ts (pure, shared with the static image).
import type { Tensor } from "../../tensor/tensor";
import type { Bounds } from "../grid";
import { classCss } from "../palette";

/** The labels' font, as the canvas reports it back. */
const FONT = "10px sans-serif";

/**
 * Sets a canvas's font only when it differs: Chromium parses the CSS font on every assignment, which cost more than
 * the rest of the loss curves together (profiled).
 */
function setFont(ctx: CanvasRenderingContext2D, font: string): void {
  if (ctx.font !== font) ctx.font = font;
}

/** Canvas coordinates of a data point. */
function toPx(b: Bounds, w: number, h: number, x: number, y: number): [number, number] {
  return [((x - b.x0) / (b.x1 - b.x0)) * w, ((b.y1 - y) / (b.y1 - b.y0)) * h];
}

/** One small g×g canvas and its ImageData per grid side, shared by every heat map of that side on the page. */
const scratch = new Map<number, { canvas: HTMLCanvasElement; image: ImageData }>();
/**
 * Draws g×g RGBA pixels stretched over the whole canvas (smoothed, as a heat map). The pixels are copied into an
 * ImageData kept per g and put on a g×g canvas kept per g, then scaled: nothing is allocated per call.
 */
export function drawPixels(ctx: CanvasRenderingContext2D, pixels: Uint8ClampedArray<ArrayBufferLike>, g: number): void {
  let small = scratch.get(g);
  if (!small) {
    const c = document.createElement("canvas");
    c.width = g;
    c.height = g;
    small = { canvas: c, image: new ImageData(g, g) };
    scratch.set(g, small);
  }
  small.image.data.set(pixels);
  small.canvas.getContext("2d")!.putImageData(small.image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small.canvas, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/**
 * A transparent canvas of the given size with the data points and the axes drawn once (they stay put while the
 * network trains), to be laid over each frame's heat map with one drawImage instead of hundreds of arcs.
 */
export function pointsLayer(
  width: number,
  height: number,
  b: Bounds,
  sets: readonly { X: Tensor; labels: readonly number[]; test: boolean }[],
  names: readonly [string, string],
): HTMLCanvasElement {
  const layer = document.createElement("canvas");
  layer.width = width;
  layer.height = height;
  const ctx = layer.getContext("2d")!;
  for (const s of sets) drawPoints(ctx, b, s.X, s.labels, s.test);
  drawAxes(ctx, b, names);
  return layer;
}

/** Points as dots in their class colour: training points with a white ring, test points with a dark one. */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  b: Bounds,
  X: Tensor,
  labels: readonly number[],
  test: boolean,
  radius = 3.5,
): void {
  const { width, height } = ctx.canvas;
  for (let i = 0; i < X.rows; i++) {
    const [px, py] = toPx(b, width, height, X.data[2 * i], X.data[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    ctx.fillStyle = classCss(labels[i]);
    ctx.fill();
    ctx.lineWidth = test ? 1.5 : 1;
    ctx.strokeStyle = test ? "#222" : "#fff";
    ctx.stroke();
  }
}

/** Axis ticks at the bounds' ends, small, in the corners. */
export function drawAxes(ctx: CanvasRenderingContext2D, b: Bounds, names: readonly [string, string]): void {
  const { height } = ctx.canvas;
  ctx.fillStyle = "rgba(0,0,0,0.65)";
  setFont(ctx, FONT);
  ctx.textBaseline = "bottom";
  ctx.fillText(`${names[0]} ${b.x0.toFixed(1)} … ${b.x1.toFixed(1)}`, 4, height - 2);
  ctx.save();
  ctx.translate(10, height - 4);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "top";
  ctx.fillText(`${names[1]} ${b.y0.toFixed(1)} … ${b.y1.toFixed(1)}`, 90, -8);
  ctx.restore();
}

/** One entry of the loss curves. */
export interface LossPoint {
  epoch: number;
  train: number;
  test: number | null;
}

/**
 * Train (solid) and test (dashed) loss against epochs, the y axis from 0 to the largest loss seen; returns the
 * caption ("loss (max …); epoch …"), which the panel shows as text beside the canvas: text drawn on a canvas
 * cost a third of a frame in Chromium (profiled). At most one point per two pixels of width is drawn (the last one
 * always), so a long run costs no more than a short one.
 */
export function drawLossCurves(ctx: CanvasRenderingContext2D, points: readonly LossPoint[]): string {
  const { width, height } = ctx.canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = "#bbb";
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
  if (points.length === 0) return "loss";
  let top = 1e-9;
  for (const p of points) {
    if (Number.isFinite(p.train) && p.train > top) top = p.train;
    if (p.test !== null && Number.isFinite(p.test) && p.test > top) top = p.test;
  }
  const last = Math.max(1e-9, points[points.length - 1].epoch);
  const every = Math.max(1, Math.ceil(points.length / (width / 2)));
  const line = (get: (p: LossPoint) => number | null, color: string, dash: number[]) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    let started = false;
    for (let i = 0; i < points.length; i++) {
      if (i % every !== 0 && i !== points.length - 1) continue;
      const p = points[i];
      const v = get(p);
      if (v === null || !Number.isFinite(v)) continue;
      const x = 4 + (p.epoch / last) * (width - 8);
      const y = height - 4 - (v / top) * (height - 16);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line((p) => p.train, "#333", []);
  line((p) => p.test, classCss(0), [5, 3]);
  return `loss (max ${top.toPrecision(3)}); epoch ${points[points.length - 1].epoch.toFixed(1)}`;
}

/** The line w0 + w1 x + w2 y = 0 across the bounds (nothing when w1 = w2 = 0). */
export function drawLine(
  ctx: CanvasRenderingContext2D,
  b: Bounds,
  w: readonly number[],
  style: { color: string; dash: number[]; width: number },
): void {
  const [w0, w1, w2] = w;
  const { width, height } = ctx.canvas;
  let p: [number, number][];
  if (Math.abs(w2) > Math.abs(w1)) {
    p = [b.x0, b.x1].map((x) => [x, -(w0 + w1 * x) / w2]);
  } else if (w1 !== 0) {
    p = [b.y0, b.y1].map((y) => [-(w0 + w2 * y) / w1, y]);
  } else return;
  ctx.beginPath();
  ctx.setLineDash(style.dash);
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width;
  const [a, c] = p.map(([x, y]) => toPx(b, width, height, x, y));
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(c[0], c[1]);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** A ring around one point (the perceptron's current sample). */
export function ringPoint(ctx: CanvasRenderingContext2D, b: Bounds, x: number, y: number): void {
  const { width, height } = ctx.canvas;
  const [px, py] = toPx(b, width, height, x, y);
  ctx.beginPath();
  ctx.arc(px, py, 9, 0, 2 * Math.PI);
  ctx.strokeStyle = "#000";
  ctx.lineWidth = 2;
  ctx.stroke();
}
