/**
 * Plotly figures whose labels do not fit the size they are drawn at on a slide (a browser script, type imports only;
 * built by tsc and inlined by deck.ts right after the drawing script): a figure is laid out at the slide's size
 * (`PLOT_SIZE`), so a confusion matrix of 40 classes or a bar chart of 60 words got its tick labels drawn over each
 * other. Measured, never assumed from where the figure came from (a library figure or a cell's own Plotly spec):
 *
 * - tick labels of each axis (`.xtick`, `.y2tick`, … : any angle, as the rotated boxes they are drawn in), the text
 *   Plotly writes in a heatmap's cells and on bars, and layout annotations: two of a kind that overlap;
 * - tick labels and annotations that reach outside the figure's box (cut; a legend's entries are not looked at: a
 *   long legend scrolls inside the figure, its hidden entries lie outside the box by design).
 *
 * A figure with overlapping labels is laid out again larger along the direction they are crowded in (its plot area
 * grown by the factor that separates the worst pair, at most `maxWidth`×`maxHeight` of `#dl4nlp-plot-labels`); one with
 * cut labels gets `automargin` on its axes. A figure then wider than the slide scrolls sideways with the cue like a
 * wide SVG figure (it is marked `.wide-figure`: the slide is not shrunk for it), a taller one makes the slide scroll.
 * What still overlaps or is cut is reported (`window.dl4nlpSlidesPlots`: slide, cell, how many labels), and
 * `dl4nlp slides` prints it as a warning.
 *
 * Runs before the slides are split or fitted: it replaces `window.dl4nlpPlotsDrawn` by a promise that resolves, with
 * the same number, once every figure is legible, so split-slides, deck-init and fit-slides measure the final sizes.
 * Each slide holding a figure is shown for the measurement and hidden again in the same task.
 *
 * Pages (`dl4nlp html`, option `page`) inline the same script after their drawing script (html/plotly.ts): a figure
 * squeezed to the column (html/browser/plot-draw.ts) whose labels then crowd or are cut is laid out larger the same
 * way, its height scaled back with its width towards its own (`data-own` of the drawing script), and its output box
 * scrolls sideways; the drawing script calls `window.dl4nlpPlotLabels.refit` after each resize of the column.
 */
import type { PlotCrowding, PlotLabels, PlotLabelsApi } from "./wide-types";

(() => {
  interface PlotlyApi {
    relayout(el: HTMLElement, update: Record<string, unknown>): Promise<unknown>;
  }
  interface PlotDiv extends HTMLElement {
    _fullLayout?: { width: number; height: number; _size?: { l: number; r: number; t: number; b: number; w: number; h: number } };
  }
  const w = window as unknown as {
    Plotly?: PlotlyApi;
    dl4nlpPlotlyReady?: Promise<PlotlyApi>;
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpSlidesPlots?: Promise<PlotLabels[]>;
    dl4nlpSlidesFitted?: Promise<number>;
    dl4nlpPlotLabels?: PlotLabelsApi;
  };
  const options = JSON.parse(document.getElementById("dl4nlp-plot-labels")?.textContent ?? "{}") as {
    maxWidth?: number;
    maxHeight?: number;
    slideWidth?: number;
    /** On a page (not a deck): every figure of the page, no slides to show, no report. */
    page?: boolean;
  };
  const MAX_WIDTH = options.maxWidth ?? 2400;
  const MAX_HEIGHT = options.maxHeight ?? 2400;

  type Pt = [number, number];
  /** A label as drawn: the four corners of its box on the screen (rotation included) and its centre. */
  interface Label {
    quad: Pt[];
    centre: Pt;
    /** The quad's bounds: left, top, right, bottom. */
    box: [number, number, number, number];
  }
  /** The box a text element is drawn in, on the screen: its own box through its transforms (rotated labels stay rotated). */
  const labelOf = (t: SVGGraphicsElement): Label | null => {
    if (!(t.textContent ?? "").trim()) return null;
    const cs = getComputedStyle(t);
    if (cs.display === "none" || cs.visibility === "hidden" || Number(cs.opacity) === 0) return null;
    const b = t.getBBox();
    const m = t.getScreenCTM();
    if (!m || !(b.width > 0) || !(b.height > 0)) return null;
    const at = (x: number, y: number): Pt => {
      const p = new DOMPoint(x, y).matrixTransform(m);
      return [p.x, p.y];
    };
    const quad = [at(b.x, b.y), at(b.x + b.width, b.y), at(b.x + b.width, b.y + b.height), at(b.x, b.y + b.height)];
    const centre: Pt = [(quad[0][0] + quad[2][0]) / 2, (quad[0][1] + quad[2][1]) / 2];
    const xs = quad.map((p) => p[0]);
    const ys = quad.map((p) => p[1]);
    return { quad, centre, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
  };
  /**
   * Whether two convex quads overlap by more than `slack` px (separating axes: they are apart when their shadows on
   * one of the edges' normals are apart, or overlap by no more than the slack: glyph boxes include some air).
   */
  const overlap = (a: Pt[], b: Pt[], slack = 1): boolean => {
    for (const q of [a, b]) {
      for (let i = 0; i < 4; i++) {
        const [p, r] = [q[i], q[(i + 1) % 4]];
        const len = Math.hypot(r[0] - p[0], r[1] - p[1]);
        if (!(len > 0)) continue;
        const n: Pt = [-(r[1] - p[1]) / len, (r[0] - p[0]) / len];
        const shadow = (s: Pt[]) => s.map(([x, y]) => x * n[0] + y * n[1]);
        const [sa, sb] = [shadow(a), shadow(b)];
        if (Math.min(Math.max(...sa) - Math.min(...sb), Math.max(...sb) - Math.min(...sa)) <= slack) return false;
      }
    }
    return true;
  };
  const shifted = (q: Pt[], dx: number, dy: number): Pt[] => q.map(([x, y]) => [x + dx, y + dy]);
  /** The factors tried for spreading two labels apart along the direction between them. */
  const FACTORS = [1.15, 1.3, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8, 10];

  type Crowding = PlotCrowding;
  /** Groups of labels that must not overlap among themselves: each axis's ticks, cell and bar texts, annotations. */
  const groupsOf = (plot: HTMLElement): { name: string; texts: SVGGraphicsElement[] }[] => {
    const groups = new Map<string, SVGGraphicsElement[]>();
    const add = (name: string, t: SVGGraphicsElement) => {
      const g = groups.get(name) ?? [];
      g.push(t);
      groups.set(name, g);
    };
    for (const t of Array.from(plot.querySelectorAll<SVGGraphicsElement>("g[class$='tick'] > text"))) {
      const cls = (t.parentElement as Element).getAttribute("class") ?? "";
      // xtick, x2tick, ytick, …: the axis, and whether its labels sit along x or y
      if (/^[xy]\d*tick$/.test(cls)) add(`axis:${cls.replace(/tick$/, "")}`, t);
    }
    for (const t of Array.from(plot.querySelectorAll<SVGGraphicsElement>(".heatmaplayer text, .bartext, .textpoint text")))
      add("points", t);
    for (const t of Array.from(plot.querySelectorAll<SVGGraphicsElement>(".annotation-text-g text"))) add("annotations", t);
    return Array.from(groups, ([name, texts]) => ({ name, texts }));
  };
  /** The layout name of an axis from its id ("x2" → "xaxis2"). */
  const axisName = (id: string) => `${id[0]}axis${id.slice(1)}`;

  const measure = (plot: HTMLElement): Crowding => {
    const box = (plot.querySelector(".svg-container") ?? plot).getBoundingClientRect();
    const result: Crowding = { overlaps: 0, cut: 0, fx: 1, fy: 1, cutAxes: [], labels: 0 };
    for (const { name, texts } of groupsOf(plot)) {
      const labels = texts.map(labelOf).filter((l): l is Label => l !== null);
      result.labels += labels.length;
      // swept along x: only labels whose boxes share some x are compared (a 100×100 heatmap's 10,000 cell texts)
      labels.sort((a, b) => a.box[0] - b.box[0]);
      for (const [i, a] of labels.entries()) {
        for (let j = i + 1; j < labels.length && labels[j].box[0] < a.box[2]; j++) {
          const b = labels[j];
          if (b.box[1] >= a.box[3] || a.box[1] >= b.box[3] || !overlap(a.quad, b.quad)) continue;
          result.overlaps++;
          const [dx, dy] = [b.centre[0] - a.centre[0], b.centre[1] - a.centre[1]];
          // labels of an axis spread along it (x: across, y: down); cell texts along their larger distance
          const alongX = name.startsWith("axis:") ? name[5] === "x" : Math.abs(dx) >= Math.abs(dy);
          const d = alongX ? dx : dy;
          const apartAt = (k: number) => !overlap(a.quad, shifted(b.quad, alongX ? (k - 1) * d : 0, alongX ? 0 : (k - 1) * d));
          const f = Math.abs(d) < 0.5 ? Number.POSITIVE_INFINITY : (FACTORS.find(apartAt) ?? Number.POSITIVE_INFINITY);
          if (alongX) result.fx = Math.max(result.fx, f);
          else result.fy = Math.max(result.fy, f);
        }
      }
    }
    // cut: a tick label or annotation reaching outside the figure's box (a long legend scrolls: not looked at)
    const outside = (l: Label) =>
      l.quad.some(([x, y]) => x < box.left - 1 || x > box.right + 1 || y < box.top - 1 || y > box.bottom + 1);
    for (const t of Array.from(plot.querySelectorAll<SVGGraphicsElement>("g[class$='tick'] > text, .annotation-text-g text"))) {
      const l = labelOf(t);
      if (!l || !outside(l)) continue;
      result.cut++;
      const cls = (t.parentElement as Element).getAttribute("class") ?? "";
      if (/^[xy]\d*tick$/.test(cls)) {
        const axis = axisName(cls.replace(/tick$/, ""));
        if (!result.cutAxes.includes(axis)) result.cutAxes.push(axis);
      }
    }
    return result;
  };

  /** Shows a slide (and its stack) for a measurement; returns how to hide it again. */
  const show = (el: HTMLElement): (() => void) => {
    const saved: [HTMLElement, string][] = [];
    for (let e: HTMLElement | null = el; e && !e.classList.contains("slides"); e = e.parentElement) {
      if (e.tagName === "SECTION" && getComputedStyle(e).display === "none") {
        saved.push([e, e.style.display]);
        e.style.display = "block";
      }
    }
    return () => {
      for (const [e, d] of saved) e.style.display = d;
    };
  };
  const measureShown = (plot: HTMLElement): Crowding => {
    const hide = show(plot);
    try {
      return measure(plot);
    } finally {
      hide();
    }
  };

  /** What was done to each figure, for the reports once the slides are numbered. */
  const done: { plot: HTMLElement; own: [number, number]; drawn: [number, number]; left: Crowding }[] = [];

  const legible = async (plot: PlotDiv, Plotly: PlotlyApi): Promise<void> => {
    const full = plot._fullLayout;
    if (!full) return;
    const own: [number, number] = [full.width, full.height];
    let c = measureShown(plot);
    if (c.overlaps === 0 && c.cut === 0) return;
    const margins = new Set<string>();
    for (let round = 0; round < 4 && (c.overlaps > 0 || c.cut > 0); round++) {
      const layout = plot._fullLayout;
      if (!layout) break;
      const size = layout._size ?? { l: 0, r: 0, t: 0, b: 0, w: layout.width, h: layout.height };
      // the plot area grows by the factor; the margins (labels, titles) stay; never past the largest size
      const grow = (f: number, plotLength: number, whole: number, most: number) =>
        f > 1 ? Math.min(Math.max(most, whole), Math.ceil(whole + plotLength * (Math.min(f, 10) - 1))) : whole;
      const width = grow(c.fx, size.w, layout.width, MAX_WIDTH);
      let height = grow(c.fy, size.h, layout.height, MAX_HEIGHT);
      // a page figure squeezed to the column had its height scaled down with its width: once it is laid out wider
      // again (and scrolls sideways) it gets its own height back, as JupyterLab draws it
      const ownHeight = Number((plot.getAttribute("data-own") ?? "").split(",")[1]);
      if (options.page && width > layout.width && ownHeight > height)
        height = Math.min(ownHeight, Math.max(MAX_HEIGHT, layout.height));
      const update: Record<string, unknown> = {};
      for (const axis of c.cutAxes) {
        if (margins.has(axis)) continue;
        margins.add(axis);
        update[`${axis}.automargin`] = true;
      }
      if (width !== layout.width || height !== layout.height) Object.assign(update, { width, height });
      // nothing left to try: the figure at its largest, or labels no size separates
      if (Object.keys(update).length === 0) break;
      plot.style.width = `${width}px`;
      plot.style.height = `${height}px`;
      await Plotly.relayout(plot, update);
      c = measureShown(plot);
    }
    const end = plot._fullLayout ?? full;
    const drawn: [number, number] = [end.width, end.height];
    if (!options.page && drawn[0] > (options.slideWidth ?? 1232)) plot.classList.add("wide-figure");
    done.push({ plot, own, drawn, left: c });
  };

  const all = async (count: number): Promise<number> => {
    const Plotly = await Promise.resolve(w.dl4nlpPlotlyReady ?? w.Plotly);
    if (!Plotly) return count;
    const selector = options.page ? ".dl4nlp-plot" : ".reveal .dl4nlp-plot";
    for (const plot of Array.from(document.querySelectorAll<PlotDiv>(selector))) {
      try {
        await legible(plot, Plotly);
      } catch (e) {
        console.error(`dl4nlp: labels of figure ${plot.id} not measured:`, e);
      }
    }
    return count;
  };

  const drawn = Promise.resolve(w.dl4nlpPlotsDrawn ?? 0);
  w.dl4nlpPlotsDrawn = drawn.then(all);
  const report = (): PlotLabels[] =>
    done.flatMap(({ plot, own, drawn, left }) => {
      if (left.overlaps === 0 && left.cut === 0) return [];
      const slide = plot.closest<HTMLElement>("[data-slide-number]");
      const cell = plot.closest("[data-cell]");
      return [
        {
          slide: Number(slide?.getAttribute("data-slide-number") ?? 0),
          title: (slide?.querySelector("h1, h2, h3")?.textContent ?? "").replace(/\s+/g, " ").trim(),
          ...(cell ? { cell: Number(cell.getAttribute("data-cell")) } : {}),
          overlapping: left.overlaps,
          cut: left.cut,
          labels: left.labels,
          own,
          drawn,
        },
      ];
    });
  /** Lays a figure out again after the page's column was resized (the drawing script sized it to the column). */
  const refit = async (plot: HTMLElement): Promise<void> => {
    const Plotly = await Promise.resolve(w.dl4nlpPlotlyReady ?? w.Plotly);
    if (!Plotly) return;
    plot.style.width = "";
    plot.style.height = "";
    for (let i = done.length - 1; i >= 0; i--) if (done[i].plot === plot) done.splice(i, 1);
    await legible(plot as PlotDiv, Plotly);
  };
  w.dl4nlpPlotLabels = { measure: (el) => measureShown(el), refit };
  if (options.page) return;
  // reported once the slides are numbered and fitted (deck-init numbers them, fit-slides, inlined later, fits them)
  w.dl4nlpSlidesPlots = w.dl4nlpPlotsDrawn
    .then(() => w.dl4nlpSlidesFitted)
    .then(() => report().sort((a, b) => a.slide - b.slide));
})();
