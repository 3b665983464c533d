import type { Layout } from "./types";

/**
 * The course style, in one place: fonts, colours and sizes shared by every figure of the lecture notebooks and slides.
 * Colours are the Okabe–Ito palette (readable with colour-vision deficiencies) in a fixed order: class 0, class 1, ...
 */
export const courseStyle = {
  /** Font family and sizes (px). */
  font: { family: "Source Sans Pro, Helvetica Neue, Arial, sans-serif", size: 14, titleSize: 18, color: "#222222" },
  /** One colour per class or series, in order. */
  palette: ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"],
  /** Light versions of the palette for regions behind data points (decision regions). */
  lightPalette: ["#BFDCEC", "#F4D6BF", "#BFE6DB", "#F2DDE9", "#F8E6BF", "#D5ECF9", "#FBF8D0", "#BFBFBF"],
  /** Marker symbols per class, so classes differ in shape as well as colour. */
  symbols: ["circle", "x", "square", "diamond", "triangle-up", "star", "cross", "hexagon"],
  /** Diverging scale for signed values (negative blue, zero white, positive red): weights, gradients. */
  diverging: [
    [0, "#2166AC"],
    [0.5, "#F7F7F7"],
    [1, "#B2182B"],
  ] as [number, string][],
  /** Sequential scale for magnitudes: losses, counts. */
  sequential: "Viridis",
  /** Default figure size (px); `wide` for side-by-side subplots. */
  size: { width: 640, height: 440, wide: 960 },
  markerSize: 9,
  lineWidth: 2.5,
  background: "#FFFFFF",
  grid: "#E5E5E5",
} as const;

/** Colour of class or series `i` (wraps around). */
export function colorOf(i: number): string {
  const p = courseStyle.palette;
  return p[((i % p.length) + p.length) % p.length];
}

/** Light colour of class `i`, for regions. */
export function lightColorOf(i: number): string {
  const p = courseStyle.lightPalette;
  return p[((i % p.length) + p.length) % p.length];
}

/** Marker symbol of class `i`. */
export function symbolOf(i: number): string {
  const s = courseStyle.symbols;
  return s[((i % s.length) + s.length) % s.length];
}

/** The base layout of every course figure, with a title and axis titles; `extra` is merged on top (shallow). */
export function baseLayout(title: string, xTitle?: string, yTitle?: string, extra: Partial<Layout> = {}): Layout {
  const f = courseStyle.font;
  const axis = (text?: string) => ({
    ...(text ? { title: { text } } : {}),
    gridcolor: courseStyle.grid,
    zerolinecolor: "#BBBBBB",
  });
  return {
    title: { text: title, font: { size: f.titleSize } },
    font: { family: f.family, size: f.size, color: f.color },
    width: courseStyle.size.width,
    height: courseStyle.size.height,
    paper_bgcolor: courseStyle.background,
    plot_bgcolor: courseStyle.background,
    margin: { l: 60, r: 30, t: 60, b: 55 },
    xaxis: axis(xTitle),
    yaxis: axis(yTitle),
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    ...extra,
  };
}

/** Axis settings for a subplot placed in `domain` (fraction of the width), anchored to its partner axis. */
export function subplotAxis(title: string, domain: [number, number], anchor: string): Record<string, unknown> {
  return { title: { text: title }, domain, anchor, gridcolor: courseStyle.grid, zerolinecolor: "#BBBBBB" };
}

/** Formats a number for labels: up to `digits` decimals, no trailing zeros, −0 shown as 0. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(Number(v.toFixed(digits)));
  return s === "-0" ? "0" : s;
}
