import { tokens } from "../theme/tokens";
import type { Layout } from "./types";
import { maxOf, minOf } from "./types";

/**
 * The course style of every figure of the lecture notebooks and slides: fonts, colours and sizes, all taken from the
 * theme tokens (lib/theme/tokens.ts) that pages and decks use too.
 */
export const courseStyle = {
  /** Font family and sizes (px). */
  font: {
    family: tokens.font.family,
    size: tokens.size.figure.font,
    titleSize: tokens.size.figure.title,
    color: tokens.color.text,
  },
  /** One colour per class or series, in order. */
  palette: tokens.palette,
  /** Light versions of the palette for regions behind data points (decision regions). */
  lightPalette: tokens.lightPalette,
  /** Marker symbols per class, so classes differ in shape as well as colour. */
  symbols: tokens.symbols,
  /** Diverging scale for signed values (negative blue, zero white, positive red): weights, gradients. */
  diverging: tokens.diverging,
  /** Sequential scale for counts, 0 white and the largest dark: confusion matrices. */
  counts: tokens.counts,
  /** Sequential scale for magnitudes: losses. */
  sequential: tokens.sequential,
  /** Default figure size (px); `wide` for side-by-side subplots. */
  size: { width: tokens.size.figure.width, height: tokens.size.figure.height, wide: tokens.size.figure.wide },
  markerSize: tokens.size.markerSize,
  lineWidth: tokens.size.lineWidth,
  background: tokens.color.background,
  grid: tokens.color.grid,
  zeroLine: tokens.color.zeroLine,
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
    zerolinecolor: courseStyle.zeroLine,
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
  return { title: { text: title }, domain, anchor, gridcolor: courseStyle.grid, zerolinecolor: courseStyle.zeroLine };
}

/** Formats a number for labels: up to `digits` decimals, no trailing zeros, −0 shown as 0. */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = String(Number(v.toFixed(digits)));
  return s === "-0" ? "0" : s;
}

/**
 * A logarithmic axis for `values` (non-positive and non-finite ones ignored) whose tick labels do not crowd: over a
 * decade or more, labels only at powers of ten (1, 10, 100, ... written as 10^k past 10⁴); over less than a decade,
 * at most five plain labels.
 */
export function logAxis(values: readonly (number | null)[]): Record<string, unknown> {
  const positive = values.filter((v): v is number => v !== null && Number.isFinite(v) && v > 0);
  const decades = positive.length > 0 ? Math.log10(maxOf(positive) / minOf(positive)) : 0;
  if (decades >= 1) return { type: "log", dtick: 1, exponentformat: "power", minor: { showgrid: false } };
  return { type: "log", nticks: 5, tickformat: ".2~g" };
}

/**
 * `text` as Plotly draws it literally: Plotly reads its labels, legend names and hover texts as its own small HTML
 * (`<b>`, `<br>`, `<sub>`, entities), so NLP's token classes `<s>`, `</s>` or `a&amp;b` vanished or changed and took the
 * plot's margins with them. Escapes `&`, `<` and `>` as entities, which Plotly turns back into the characters.
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The most categories a categorical axis names one by one; above that, every k-th (categoryAxis). */
export const MOST_LABELLED_CATEGORIES = 40;

/**
 * A categorical axis that names each of `names` in order (Plotly alone thins labels it finds crowded: a 24-class
 * confusion matrix showed only every other class name). Above MOST_LABELLED_CATEGORIES names it labels every k-th,
 * k = ⌈n / 40⌉, and `note` says so for the figure's title (hover still names each). Throws a RangeError naming a
 * name given twice (a category axis would draw the two as one), for `op` (the builder) and `what` ("class name").
 * `slotPx`, the width of one category on a horizontal axis: names wider than it are written upright. Names are drawn
 * literally (plotlyText).
 */
export function categoryAxis(
  names: readonly string[],
  op: string,
  what: string,
  slotPx = Number.POSITIVE_INFINITY,
): { axis: Record<string, unknown>; note?: string } {
  const first = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    const before = first.get(name);
    if (before !== undefined)
      throw new RangeError(`${op}: ${what} "${name}" is given twice (${before} and ${i}): each must be different`);
    first.set(name, i);
  }
  const step = Math.ceil(names.length / MOST_LABELLED_CATEGORIES);
  const shown = names.filter((_, i) => i % step === 0);
  // upright when a name is wider than its slot (about 8 px a character): Plotly's own slant overlaps neighbours
  const longest = maxOf(
    shown.map((n) => n.length),
    0,
  );
  const upright = longest * 8 > slotPx * step - 4 ? { tickangle: -90 } : {};
  const ticktext = shown.map(plotlyText);
  const axis = { type: "category", tickmode: "array", tickvals: shown, ticktext, automargin: true, ...upright };
  if (step === 1) return { axis };
  const nth = step === 2 ? "2nd" : step === 3 ? "3rd" : `${step}th`;
  return { axis, note: `every ${nth} ${what.replace(/ name$/, "")} labelled (of ${names.length}); hover for each` };
}

/**
 * The smallest text (px) a figure writes its values in (a confusion matrix's counts, the values over bars): a value
 * whose cell or bar cannot hold it at this size is not written (hover still shows it), rather than drawn over its
 * neighbours or shrunk until unreadable.
 */
export const LEGIBLE_VALUE_PX = 11;

/**
 * Whether `texts` fit, one per slot `slotPx` wide, at `fontPx`: digits, signs and points are about 0.6 em wide; 4 px
 * of air. For the values a figure writes in its cells or over its bars.
 */
export function valuesFit(texts: readonly string[], slotPx: number, fontPx: number): boolean {
  const longest = maxOf(
    texts.map((t) => t.length),
    0,
  );
  return longest * 0.6 * fontPx + 4 <= slotPx;
}
