import { paddedRange } from "./decisionBoundary";
import { expectNumbers, received } from "../tensor/received";
import { baseLayout, colorOf, courseStyle, fmt, symbolOf } from "./style";
import { type Figure, type Frame, type MatrixLike, type Trace, toRows, toVector, type VectorLike } from "./types";
import { count } from "../tensor/plural";
import { figureOptions } from "./input";

/** One step of perceptron training, as in nn's trainPerceptron trace (only these fields are read). */
export interface PerceptronStepLike {
  epoch: number;
  /** Index of the sample visited. */
  index: number;
  /** Loss max(0, −y w·x) of this sample before the update. */
  loss: number;
  /** Weights after the step (augmented: bias first). */
  wAfter: VectorLike;
  /** Whether the weights changed. */
  updated: boolean;
}

export interface PerceptronAnimationOptions {
  /** Index of the bias column in the augmented samples, default 0 (the bias trick: a leading 1). Use -1 for none. */
  biasIndex?: number;
  /** Initial weights, drawn as frame "start" when given. */
  w0?: VectorLike;
  /** Milliseconds per frame when playing, default 600. */
  frameMs?: number;
  title?: string;
}

/**
 * Perceptron training as an animation: the samples, the sample being visited (ringed) and the decision line
 * w₀ + w₁x₁ + w₂x₂ = 0 after each step, one Plotly frame per trace step, with a slider and play/pause buttons.
 * Runs in the browser alone (Plotly frames): no kernel needed. `X` holds the (augmented) samples, `y` the ±1 labels.
 */
export function perceptronAnimation(
  X: MatrixLike,
  y: readonly number[],
  trace: readonly PerceptronStepLike[],
  options: PerceptronAnimationOptions = {},
): Figure {
  options = figureOptions("perceptronAnimation", options, ["biasIndex", "w0", "frameMs", "title"]);
  const rows = toRows(X);
  expectNumbers("perceptronAnimation", "y", y);
  if (!Array.isArray(trace))
    throw new TypeError(`perceptronAnimation: trace must be trainPerceptron(...).trace, got ${received(trace)}`);
  if (rows.length !== y.length)
    throw new RangeError(`perceptronAnimation: X has ${count(rows.length, "row")} but y has ${count(y.length, "label")}`);
  if (trace.length === 0) throw new RangeError("perceptronAnimation: the trace is empty");
  const bias = options.biasIndex ?? 0;
  const dims = rows[0].map((_, j) => j).filter((j) => j !== bias);
  if (dims.length !== 2) {
    throw new RangeError(
      `perceptronAnimation: samples must have 2 features besides the bias, got ${count(rows[0].length, "column")}`,
    );
  }
  const [a, b] = dims;
  const xr = paddedRange(
    rows.map((r) => r[a]),
    0.3,
  );
  const yr = paddedRange(
    rows.map((r) => r[b]),
    0.3,
  );
  const classes = [...new Set(y)].sort((p, q) => q - p); // +1 first
  const data: Trace[] = classes.map((c, ci) => {
    const pts = rows.filter((_, i) => y[i] === c);
    return {
      type: "scatter",
      mode: "markers",
      name: `y = ${c}`,
      x: pts.map((p) => p[a]),
      y: pts.map((p) => p[b]),
      marker: { color: colorOf(ci), symbol: symbolOf(ci), size: courseStyle.markerSize + 3 },
    };
  });
  const lineIndex = data.length;
  const currentIndex = data.length + 1;
  const historyIndex = data.length + 2;
  const frames: Frame[] = [];
  // the lines of the steps before, faded: the last frame shows the whole path of the run, which is what tells runs
  // with different learning rates apart in a static image (their final lines can coincide)
  const history: { x: (number | null)[]; y: (number | null)[] } = { x: [], y: [] };
  let previous = "";
  const frameFor = (name: string, w: number[], sample: number | null, title: string): Frame => {
    const line = boundaryLine(w, bias, a, b, xr, yr);
    const frame: Frame = {
      name,
      traces: [lineIndex, currentIndex, historyIndex],
      data: [
        { type: "scatter", ...line },
        {
          type: "scatter",
          x: sample === null ? [] : [rows[sample][a]],
          y: sample === null ? [] : [rows[sample][b]],
        },
        { type: "scatter", x: [...history.x], y: [...history.y] },
      ],
      layout: { title: { text: title } },
    };
    const key = JSON.stringify(w);
    if (key !== previous && line.x.length > 0) {
      history.x.push(...line.x, null);
      history.y.push(...line.y, null);
    }
    previous = key;
    return frame;
  };
  const startW = options.w0 ? toVector(options.w0) : null;
  const prefix = options.title ? `${options.title}: ` : "";
  if (startW) frames.push(frameFor("start", startW, null, `${prefix}start<br>w = [${startW.map((v) => fmt(v)).join(", ")}]`));
  trace.forEach((s, k) => {
    const w = toVector(s.wAfter);
    const what = s.updated ? "update" : "no update";
    // two short lines, so the title fits the figure's width on a page and on a slide
    const title = `${prefix}epoch ${s.epoch}, sample x${s.index}<br>loss ${fmt(s.loss)}, ${what}, w = [${w.map((v) => fmt(v)).join(", ")}]`;
    frames.push(frameFor(`step ${k + 1}`, w, s.index, title));
  });
  // the figure shows the LAST frame (the trained line) until it is played: static images, PDFs and printed pages
  // show the result, not the start; play runs all frames from the first
  const first = frames[frames.length - 1];
  data.push({
    ...first.data[0],
    type: "scatter",
    mode: "lines",
    name: "decision line",
    line: { color: courseStyle.font.color, width: courseStyle.lineWidth },
  } as Trace);
  data.push({
    ...first.data[1],
    type: "scatter",
    mode: "markers",
    name: "current sample",
    marker: { size: 26, color: "rgba(0,0,0,0)", line: { color: courseStyle.font.color, width: 2.5 } },
  } as Trace);
  data.push({
    ...first.data[2],
    type: "scatter",
    mode: "lines",
    name: "earlier lines",
    line: { color: courseStyle.zeroLine, width: 1 },
    opacity: 0.6,
    connectgaps: false,
  } as Trace);
  const ms = options.frameMs ?? 600;
  const animateArgs = (names: string[]) => [
    names,
    { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } },
  ];
  const layout = baseLayout(first.layout?.title?.text ?? options.title ?? "Perceptron training", "x₁", "x₂", {
    height: courseStyle.size.height + 80,
    margin: { l: 60, r: 30, t: 80, b: 120 },
    updatemenus: [
      {
        type: "buttons",
        direction: "left",
        x: 0,
        y: -0.18,
        xanchor: "left",
        yanchor: "top",
        showactive: false,
        buttons: [
          {
            label: "▶ play",
            method: "animate",
            args: [
              frames.map((f) => f.name),
              { mode: "immediate", frame: { duration: ms, redraw: true }, transition: { duration: 0 } },
            ],
          },
          // plotly's documented idiom to stop an animation: animate to [null] with zero duration
          {
            label: "❚❚ pause",
            method: "animate",
            args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }],
          },
        ],
      },
    ],
    sliders: [
      {
        active: frames.length - 1,
        x: 0.2,
        len: 0.8,
        y: -0.12,
        yanchor: "top",
        currentvalue: { prefix: "", visible: true },
        steps: frames.map((f) => ({ label: f.name.replace("step ", ""), method: "animate", args: animateArgs([f.name]) })),
      },
    ],
  });
  layout.title = { text: first.layout?.title?.text ?? "" };
  layout.xaxis = { ...layout.xaxis, range: xr };
  layout.yaxis = { ...layout.yaxis, range: yr };
  return { data, layout, frames };
}

/**
 * The segment of the line w_bias + w_a·x_a + w_b·x_b = 0 inside the plot box, as x/y arrays (empty if w is zero).
 */
export function boundaryLine(
  w: readonly number[],
  bias: number,
  a: number,
  b: number,
  xr: [number, number],
  yr: [number, number],
): { x: number[]; y: number[] } {
  const w0 = bias >= 0 ? w[bias] : 0;
  const wa = w[a];
  const wb = w[b];
  if (Math.abs(wb) > 1e-12) {
    return { x: [xr[0], xr[1]], y: [(-w0 - wa * xr[0]) / wb, (-w0 - wa * xr[1]) / wb] };
  }
  if (Math.abs(wa) > 1e-12) {
    const x = -w0 / wa;
    return { x: [x, x], y: [yr[0], yr[1]] };
  }
  return { x: [], y: [] };
}
