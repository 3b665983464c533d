import { baseLayout, colorOf, courseStyle } from "./style";
import { type Figure, linspace, type Trace } from "./types";

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
 * Activation functions f(z) (solid) with their derivatives f'(z) (dashed, same colour), sampled on a grid of z.
 * @example activationFigure([activations.sigmoid, activations.tanh, activations.relu])
 */
export function activationFigure(
  acts: ActivationLike | readonly ActivationLike[],
  options: ActivationFigureOptions = {},
): Figure {
  const list = Array.isArray(acts) ? (acts as readonly ActivationLike[]) : [acts as ActivationLike];
  if (list.length === 0) throw new RangeError("activationFigure: no activation given");
  const [lo, hi] = options.range ?? [-5, 5];
  const z = linspace(lo, hi, options.points ?? 201);
  const data: Trace[] = [];
  list.forEach((act, i) => {
    data.push({
      type: "scatter",
      mode: "lines",
      name: act.name,
      x: z,
      y: z.map((v) => scalar(act.f(v), `${act.name}.f`)),
      line: { color: colorOf(i), width: courseStyle.lineWidth },
      legendgroup: act.name,
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
      });
    }
  });
  const title =
    options.title ?? (list.length === 1 ? `${list[0].name} and its derivative` : "Activation functions and derivatives");
  return { data, layout: baseLayout(title, "z", "f(z), f′(z) (dashed)") };
}

/** A number from an activation's result: a number, or a one-element tensor-like `{data}`. */
function scalar(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "data" in v) return Number((v as { data: ArrayLike<number> }).data[0]);
  throw new TypeError(`activationFigure: ${what} returned ${typeof v}, expected a number`);
}
