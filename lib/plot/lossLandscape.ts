import { baseLayout, colorOf, courseStyle } from "./style";
import { type Figure, linspace, type MatrixLike, type Trace, toRows, maxOf, minOf } from "./types";
import { figureOptions, oneOf, countOption, rangeOption } from "./input";

/** A sequence of weight pairs (w₁, w₂) visited by an optimizer, e.g. SGD, momentum or Adam from the same start. */
export interface DescentPath {
  name: string;
  /** One [w₁, w₂] per step, start first. */
  points: MatrixLike;
}

export interface LossLandscapeOptions {
  /** Range of w₁ and w₂, default from the paths padded, else [-2, 2]. */
  w1Range?: [number, number];
  w2Range?: [number, number];
  /** Grid points per axis, default 40. */
  resolution?: number;
  /** "surface" (3-D), "contour" (2-D, the paths easiest to read) or "both" side by side (default). */
  view?: "surface" | "contour" | "both";
  /** Paths drawn on the landscape: a list, or a record name → points. */
  paths?: readonly DescentPath[] | Readonly<Record<string, MatrixLike>>;
  /** Same as w1Range / w2Range. */
  x?: [number, number];
  y?: [number, number];
  /** Axis titles (same as axisTitles). */
  xTitle?: string;
  yTitle?: string;
  /** Logarithmic colour/contour levels: log10(loss), for landscapes with a deep narrow valley. Default false. */
  logScale?: boolean;
  axisTitles?: [string, string];
  title?: string;
}

/**
 * The loss L(w₁, w₂) of two weights over a grid, as a 3-D surface and/or contour lines, with optimizer paths on it
 * (markers at each step, a star at the end).
 */
export function lossLandscapeFigure(loss: (w1: number, w2: number) => number, options: LossLandscapeOptions = {}): Figure {
  options = figureOptions("lossLandscapeFigure", options, [
    "w1Range",
    "w2Range",
    "resolution",
    "view",
    "paths",
    "x",
    "y",
    "xTitle",
    "yTitle",
    "logScale",
    "axisTitles",
    "title",
  ]);
  const given = options.paths ?? [];
  const list: DescentPath[] = Array.isArray(given)
    ? [...(given as readonly DescentPath[])]
    : Object.entries(given as Record<string, MatrixLike>).map(([name, points]) => ({ name, points }));
  const paths = list.map((p) => ({ name: p.name, pts: toRows(p.points) }));
  for (const p of paths) {
    if (p.pts.some((r) => r.length !== 2))
      throw new RangeError(`lossLandscapeFigure: path "${p.name}" must be a list of [w₁, w₂]`);
  }
  const all = paths.flatMap((p) => p.pts);
  const auto = (k: 0 | 1): [number, number] => {
    if (all.length === 0) return [-2, 2];
    const v = all.map((r) => r[k]);
    const lo = minOf(v);
    const hi = maxOf(v);
    const d = Math.max(hi - lo, 1);
    return [lo - 0.3 * d, hi + 0.3 * d];
  };
  const r1 = rangeOption("lossLandscapeFigure", "w1Range", options.w1Range ?? options.x, () => auto(0));
  const r2 = rangeOption("lossLandscapeFigure", "w2Range", options.w2Range ?? options.y, () => auto(1));
  const n = countOption("lossLandscapeFigure", "resolution", options.resolution, 2, 1000, 40);
  const g1 = linspace(r1[0], r1[1], n);
  const g2 = linspace(r2[0], r2[1], n);
  const tf = options.logScale ? (v: number) => Math.log10(Math.max(v, 1e-12)) : (v: number) => v;
  const z = g2.map((b) => g1.map((a) => tf(loss(a, b))));
  const view = oneOf("lossLandscapeFigure", "view", options.view, ["surface", "contour", "both"], "both");
  const t1 = options.xTitle ?? options.axisTitles?.[0] ?? "w₁";
  const t2 = options.yTitle ?? options.axisTitles?.[1] ?? "w₂";
  const zTitle = options.logScale ? "log₁₀ L" : "L";
  const data: Trace[] = [];
  // a path's line with its markers, the same on the surface (3-D, with its height) and on the contours
  const pathLine = (p: (typeof paths)[number], i: number, width: number, size: number) => ({
    mode: "lines+markers",
    name: p.name,
    legendgroup: p.name,
    x: p.pts.map((r) => r[0]),
    y: p.pts.map((r) => r[1]),
    line: { color: colorOf(i), width },
    marker: { color: colorOf(i), size },
  });
  const surface = view !== "contour";
  const contour = view !== "surface";
  if (surface) {
    data.push({
      type: "surface",
      name: "loss surface",
      x: g1,
      y: g2,
      z,
      colorscale: courseStyle.sequential,
      showscale: !contour,
      opacity: 0.9,
      scene: "scene",
    });
    paths.forEach((p, i) => {
      const z = p.pts.map((r) => tf(loss(r[0], r[1])));
      data.push({ type: "scatter3d", ...pathLine(p, i, 5, 3), z, scene: "scene", showlegend: !contour });
    });
  }
  if (contour) {
    const axes = surface ? { xaxis: "x", yaxis: "y" } : {};
    data.push({
      type: "contour",
      name: "loss contours",
      x: g1,
      y: g2,
      z,
      colorscale: courseStyle.sequential,
      ncontours: 25,
      contours: { coloring: "lines", showlabels: false },
      colorbar: { title: { text: zTitle } },
      ...axes,
    });
    paths.forEach((p, i) => {
      const last = p.pts[p.pts.length - 1];
      data.push({ type: "scatter", ...pathLine(p, i, 2, 5), ...axes });
      if (last) {
        data.push({
          type: "scatter",
          mode: "markers",
          name: `${p.name} end`,
          legendgroup: p.name,
          showlegend: false,
          x: [last[0]],
          y: [last[1]],
          marker: { color: colorOf(i), size: 14, symbol: "star", line: { color: "#000", width: 1 } },
          ...axes,
        });
      }
    });
  }
  const title =
    options.title ?? (paths.length ? `Loss landscape and ${paths.map((p) => p.name).join(" vs ")}` : "Loss landscape");
  const scene = { xaxis: { title: { text: t1 } }, yaxis: { title: { text: t2 } }, zaxis: { title: { text: zTitle } } };
  if (view === "surface") return { data, layout: baseLayout(title, undefined, undefined, { scene, height: 560 }) };
  if (view === "contour") return { data, layout: baseLayout(title, t1, t2) };
  const layout = baseLayout(title, undefined, undefined, {
    width: courseStyle.size.wide + 100,
    height: 520,
    scene: { ...scene, domain: { x: [0, 0.48], y: [0, 1] } },
    xaxis: { title: { text: t1 }, domain: [0.56, 0.92], anchor: "y", range: r1 },
    yaxis: { title: { text: t2 }, domain: [0, 1], anchor: "x", range: r2 },
    legend: { orientation: "h", y: -0.12 },
  });
  return { data, layout };
}
