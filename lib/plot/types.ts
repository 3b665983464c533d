/**
 * Plotly figure types: the small subset of the plotly.js figure schema (https://plotly.com/javascript/reference/)
 * that the course's builders produce. Kept local (not the 10 MB plotly.js type tree) so notebooks compiled by tslab's
 * TypeScript 5.0 load fast; every object is valid input for `Plotly.newPlot(div, data, layout)`.
 */

/** One value on an axis; null leaves a gap (used to break a line into segments). */
export type Datum = number | string | null;

/** A trace: one series of a figure. `type` selects the trace kind; other fields as in the plotly.js reference. */
export interface Trace {
  /** "scatter" (plotly's default when left out), "heatmap", "contour", "surface", "bar", "scatter3d", ... */
  type?: string;
  /** Legend and hover name. */
  name?: string;
  x?: Datum[];
  y?: Datum[];
  /** Matrix of values for heatmap/contour/surface (rows follow y), or values for scatter3d. */
  z?: Datum[] | Datum[][];
  /** "lines", "markers", "lines+markers", "text", "markers+text", ... (scatter). */
  mode?: string;
  /** Text per point (hover or drawn, see mode and texttemplate). */
  text?: string | string[] | string[][];
  /** Subplot axes: "x2", "y2"; 3-D: scene "scene2". */
  xaxis?: string;
  yaxis?: string;
  scene?: string;
  /** Whether the trace is listed in the legend. */
  showlegend?: boolean;
  /** Any further plotly.js attribute (marker, line, colorscale, contours, hovertemplate, ...). */
  [attribute: string]: unknown;
}

/** An axis (xaxis, yaxis, xaxis2, ...). */
export interface Axis {
  title?: { text: string };
  range?: [number, number];
  type?: "linear" | "log" | "category";
  /** Subplot placement as a fraction of the figure width/height. */
  domain?: [number, number];
  /** Ties the scale to another axis ("x") so circles look round. */
  scaleanchor?: string;
  [attribute: string]: unknown;
}

/** The figure layout: titles, axes, sizes, animation controls. */
export interface Layout {
  title?: { text: string; font?: { size?: number } };
  width?: number;
  height?: number;
  xaxis?: Axis;
  yaxis?: Axis;
  /** Sliders (one step per animation frame). */
  sliders?: unknown[];
  /** Buttons (play / pause of an animation). */
  updatemenus?: unknown[];
  /** Text placed on the figure. */
  annotations?: unknown[];
  [attribute: string]: unknown;
}

/** One animation frame: the traces to swap in, by name. */
export interface Frame {
  /** Name referenced by the slider steps. */
  name: string;
  /** Replacement traces (or partial traces, by index in `traces`). */
  data: Partial<Trace>[];
  /** Indices of the figure's traces that `data` replaces. */
  traces?: number[];
  /** Layout changes for this frame (e.g. the title). */
  layout?: Partial<Layout>;
}

/** A complete Plotly figure, as understood by `Plotly.newPlot` and by the application/vnd.plotly.v1+json MIME type. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  /** Animation frames, if the figure is animated. */
  frames?: Frame[];
}

/** A matrix of numbers given as nested arrays or as anything with `to2D()` (a Tensor). */
export type MatrixLike = readonly (readonly number[])[] | { to2D(): number[][] };

/** A vector given as an array or anything with a `data` array of numbers (a Tensor). */
export type VectorLike = readonly number[] | { data: ArrayLike<number> };

/** Rows of a matrix as plain arrays. */
export function toRows(m: MatrixLike): number[][] {
  if ("to2D" in m && typeof m.to2D === "function") return m.to2D();
  return (m as readonly (readonly number[])[]).map((r) => [...r]);
}

/** Values of a vector as a plain array. */
export function toVector(v: VectorLike): number[] {
  if ("data" in v && !Array.isArray(v)) return Array.from((v as { data: ArrayLike<number> }).data);
  return [...(v as readonly number[])];
}

/** `n` evenly spaced values from `lo` to `hi`, both included. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n < 2) return [lo];
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => lo + i * step);
}

/** The largest of `values` (and of `floor`): a loop, since `Math.max(...values)` overflows the stack past ~100k values. */
export function maxOf(values: readonly number[], floor = Number.NEGATIVE_INFINITY): number {
  let m = floor;
  for (const v of values) if (v > m || Number.isNaN(v)) m = v;
  return m;
}

/** The smallest of `values` (and of `ceiling`): a loop, as maxOf. */
export function minOf(values: readonly number[], ceiling = Number.POSITIVE_INFINITY): number {
  let m = ceiling;
  for (const v of values) if (v < m || Number.isNaN(v)) m = v;
  return m;
}
