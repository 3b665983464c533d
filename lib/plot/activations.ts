import { activationByName, type activations } from "../nn/activations";
import { baseLayout, colorOf, courseStyle } from "./style";
import { type Figure, linspace, type Trace } from "./types";
import { figureOptions, countOption, rangeOption } from "./input";

/** What the figure needs of an activation: its name, value f(z) and derivative f'(z) (nn's Activation objects fit). */
export interface ActivationLike {
  name: string;
  /** f(z) for a number (a function taking a Tensor and returning one with `data` works too). */
  f(z: number): unknown;
  /** f'(z). */
  df(z: number): unknown;
  /** LaTeX of the formula, shown in the legend when given. */
  latex?: string;
}

/** The library's activation names (the keys of nn's `activations`). */
export type ActivationName = keyof typeof activations;

function byName(a: ActivationLike | ActivationName): ActivationLike {
  if (typeof a !== "string") return a;
  try {
    return activationByName(a);
  } catch (e) {
    throw new RangeError(`activationFigure: ${(e as Error).message}`);
  }
}

export interface ActivationFigureOptions {
  /** z range, default [-5, 5]. */
  range?: [number, number];
  /** Number of sample points, default 201. */
  points?: number;
  /** Draw the derivatives (dashed), default true. */
  derivatives?: boolean;
  title?: string;
}

/**
 * Activation functions f(z) (solid) with their derivatives f'(z) (dashed, same colour), sampled on a grid of z; one or
 * two share a plot, more get one panel each (three per row). Each is an activation object or the library's name of
 * one ("relu", "sigmoid", ... as in `activations`); an unknown name is a RangeError listing the known ones.
 * @example activationFigure(["sigmoid", "tanh", "relu"])
 * @example activationFigure([activations.sigmoid, myActivation])
 */
export function activationFigure(
  acts: ActivationLike | ActivationName | readonly (ActivationLike | ActivationName)[],
  options: ActivationFigureOptions = {},
): Figure {
  options = figureOptions("activationFigure", options, ["range", "points", "derivatives", "title"]);
  const given = Array.isArray(acts)
    ? (acts as readonly (ActivationLike | ActivationName)[])
    : [acts as ActivationLike | ActivationName];
  if (given.length === 0) throw new RangeError("activationFigure: no activation given");
  const list = given.map(byName);
  const [lo, hi] = rangeOption("activationFigure", "range", options.range, () => [-5, 5]);
  const z = linspace(lo, hi, countOption("activationFigure", "points", options.points, 2, 100_000, 201));
  const data: Trace[] = [];
  // more than two activations: one small panel each (its own y range), so a bounded curve (sigmoid, tanh) is not
  // squashed flat by an unbounded one (ReLU, softplus) on a shared axis
  const panels = list.length > 2;
  const cols = panels ? Math.min(3, list.length) : 1;
  const rows = Math.ceil(list.length / cols);
  const gap = 0.07;
  const cell = (i: number) => {
    const [r, c] = [Math.floor(i / cols), i % cols];
    const w = (1 - gap * (cols - 1)) / cols;
    const h = (1 - gap * 1.6 * (rows - 1)) / rows;
    const x0 = c * (w + gap);
    const y1 = 1 - r * (h + gap * 1.6);
    return { x: [x0, x0 + w] as [number, number], y: [y1 - h, y1] as [number, number], r, c };
  };
  const axisName = (i: number) => (panels && i > 0 ? String(i + 1) : "");
  list.forEach((act, i) => {
    const axes = panels ? { xaxis: `x${axisName(i)}`, yaxis: `y${axisName(i)}` } : {};
    data.push({
      type: "scatter",
      mode: "lines",
      name: act.name,
      x: z,
      y: z.map((v) => scalar(act.f(v), `${act.name}.f`)),
      line: { color: colorOf(i), width: courseStyle.lineWidth },
      legendgroup: act.name,
      showlegend: !panels,
      ...axes,
    });
    if (options.derivatives !== false) {
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${act.name}′`,
        x: z,
        y: z.map((v) => scalar(act.df(v), `${act.name}.df`)),
        line: { color: colorOf(i), width: courseStyle.lineWidth - 0.5, dash: "dash" },
        legendgroup: act.name,
        showlegend: !panels,
        ...axes,
      });
    }
  });
  const title =
    options.title ?? (list.length === 1 ? `${list[0].name} and its derivative` : "Activation functions and derivatives");
  if (!panels) return { data, layout: baseLayout(title, "z", "f(z), f′(z) (dashed)") };
  const layout = baseLayout(`${title} (dashed)`, undefined, undefined, {
    width: courseStyle.size.wide,
    height: 100 + 250 * rows,
    margin: { l: 50, r: 20, t: 70, b: 50 },
    annotations: list.map((act, i) => {
      const { x, y } = cell(i);
      return {
        text: `<b>${act.name}</b>`,
        x: (x[0] + x[1]) / 2,
        y: y[1],
        xref: "paper",
        yref: "paper",
        showarrow: false,
        yanchor: "bottom",
        font: { color: colorOf(i) },
      };
    }),
  });
  list.forEach((_, i) => {
    const { x, y, r } = cell(i);
    const n = axisName(i);
    layout[`xaxis${n}`] = {
      domain: x,
      anchor: `y${n}`,
      range: [lo, hi],
      gridcolor: courseStyle.grid,
      zerolinecolor: courseStyle.zeroLine,
      ...(r === rows - 1 ? { title: { text: "z" } } : {}),
    };
    layout[`yaxis${n}`] = { domain: y, anchor: `x${n}`, gridcolor: courseStyle.grid, zerolinecolor: courseStyle.zeroLine };
  });
  return { data, layout };
}

/** A number from an activation's result: a number, or a one-element tensor-like `{data}`. */
function scalar(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "data" in v) return Number((v as { data: ArrayLike<number> }).data[0]);
  throw new TypeError(`activationFigure: ${what} returned ${typeof v}, expected a number`);
}
