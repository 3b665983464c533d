import { Tensor, formatShape } from "../tensor/tensor";
import { received } from "../tensor/received";

/** A slide value: a number, nested arrays of numbers, or a Tensor (compared element-wise). */
export type SlideValue = number | readonly number[] | readonly (readonly number[])[] | Tensor;

/** The record of one check of a slide's number against the value computed here. */
export interface SlideCheck {
  label: string;
  /** The values as printed on the slide (flattened). */
  slide: number[];
  /** The values computed here (flattened). */
  exact: number[];
  /** Whether every |slide − exact| <= tol. */
  ok: boolean;
  /** The largest |slide − exact|. */
  maxDiff: number;
  tol: number;
  /** "0.70 on the slide, 0.704746 here". */
  text: string;
}

/** A slide value that the computation does not reproduce within the tolerance. Named so a headless run fails on it. */
export class SlideCheckError extends Error {
  override name = "SlideCheckError";
  constructor(
    message: string,
    readonly check: Partial<SlideCheck>,
  ) {
    super(message);
  }
}

/** Options of `slideCheck` and `erratum`. */
export interface SlideCheckOptions {
  /** Largest allowed |slide − exact| per element (default 0.005: the slides round to 2 decimals). */
  tol?: number;
  /** Decimals of the slide value in the text (default: as written, at least 2). */
  slideDigits?: number;
  /** Decimals of the exact value in the text (default 6). */
  digits?: number;
}

/**
 * Checks a slide's printed number against the exact value computed here: |slide − exact| <= tol element-wise.
 * Returns the record (its `text` reads "0.70 on the slide, 0.704746 here"); throws SlideCheckError when off.
 * @example
 * slideCheck("neural unit output y", 0.70, neuralUnit(w, b, x).y).text; // "y: 0.70 on the slide, 0.704746 here ✓"
 */
export function slideCheck(
  label: string,
  slideValue: SlideValue,
  exactValue: SlideValue,
  options: SlideCheckOptions = {},
): SlideCheck {
  const tol = options.tol ?? 0.005;
  if (typeof tol !== "number" || !(tol >= 0))
    throw new RangeError(`slideCheck "${label}": tol must be a number >= 0, got ${received(tol)}`);
  const [slide, slideShape] = flatten(slideValue);
  const [exact, exactShape] = flatten(exactValue);
  if (slide.length !== exact.length) {
    throw new SlideCheckError(
      `slideCheck "${label}": the slide value has shape ${slideShape} but the computed value has shape ${exactShape}`,
      { label, slide, exact },
    );
  }
  const maxDiff = maxAbsDiff(slide, exact);
  const ok = maxDiff <= tol + FLOAT_SLACK;
  const text = `${label}: ${fmt(slideValue, slide, slideFormatter(slide, options.slideDigits))} on the slide, ${fmt(
    exactValue,
    exact,
    (v) => exactText(v, options.digits),
  )} here ${ok ? "✓" : `✗ (off by ${exactText(maxDiff, options.digits)} > ${tol})`}`;
  const check: SlideCheck = { label, slide, exact, ok, maxDiff, tol, text };
  if (!ok) throw new SlideCheckError(`slide check failed: ${text}`, check);
  return check;
}

/** The record of a slide erratum: what the slide prints, what the wrong formula gives, the correct value, and why. */
export interface Erratum {
  label: string;
  slide: number[];
  /** The value of the slide's (wrong) formula, when given: it must reproduce the slide value within tol. */
  reproduced: number[] | null;
  correct: number[];
  explanation: string;
  /** Largest |slide − correct|: larger than tol, or it would not be an erratum. */
  maxDiff: number;
  tol: number;
  /** "ŷ: slide 0.74, correct 1.729929 — the slide uses log10 (reproduced: 0.742609)". */
  text: string;
}

/**
 * Records a slide erratum: the slide value differs from the correct one (else it is no erratum: SlideCheckError),
 * and, when `reproducedBy` (the value of the slide's wrong formula) is given, the slide value IS that value within tol
 * (else SlideCheckError). Notebooks display `text`, which shows both. `reproducedAs` says how the slide's value comes
 * about when it is no formula ("cutting off after three decimals gives"; default "its formula gives").
 * @example
 * erratum("J", 0.74, 1.729929, "the slide uses log10", { reproducedBy: 0.742609 });
 */
export function erratum(
  label: string,
  slideValue: SlideValue,
  correctValue: SlideValue,
  explanation: string,
  options: SlideCheckOptions & { reproducedBy?: SlideValue; reproducedAs?: string } = {},
): Erratum {
  const tol = options.tol ?? 0.005;
  const [slide, slideShape] = flatten(slideValue);
  const [correct, correctShape] = flatten(correctValue);
  if (slide.length !== correct.length) {
    throw new SlideCheckError(
      `erratum "${label}": the slide value has shape ${slideShape} but the correct value has shape ${correctShape}`,
      { label },
    );
  }
  const maxDiff = maxAbsDiff(slide, correct);
  const slideStr = fmt(slideValue, slide, slideFormatter(slide, options.slideDigits));
  const correctStr = fmt(correctValue, correct, (v) => exactText(v, options.digits));
  if (maxDiff <= tol + FLOAT_SLACK) {
    throw new SlideCheckError(
      `erratum "${label}": not an erratum, the slide's ${slideStr} agrees with ${correctStr} within ${tol}`,
      { label, slide, exact: correct },
    );
  }
  let reproduced: number[] | null = null;
  let reproducedStr = "";
  if (options.reproducedBy !== undefined) {
    const [r, rShape] = flatten(options.reproducedBy);
    if (r.length !== slide.length) {
      throw new SlideCheckError(`erratum "${label}": the slide value has shape ${slideShape}, the wrong formula's ${rShape}`, {
        label,
      });
    }
    reproducedStr = fmt(options.reproducedBy, r, (v) => exactText(v, options.digits));
    const d = maxAbsDiff(slide, r);
    if (d > tol + FLOAT_SLACK) {
      throw new SlideCheckError(
        `erratum "${label}": the slide's ${slideStr} is NOT what its formula gives (${reproducedStr}, off by ${exactText(d)} > ${tol})`,
        { label, slide, exact: r },
      );
    }
    reproduced = r;
  }
  const how = options.reproducedAs ?? "its formula gives";
  const text = `${label}: ${slideStr} on the slide${reproduced ? ` (${how} ${reproducedStr})` : ""}, correct ${correctStr}: ${explanation}`;
  return { label, slide, reproduced, correct, explanation, maxDiff, tol, text };
}

/** Rounding slack of float64 so that a difference of exactly tol on paper (0.255 − 0.25) passes. */
const FLOAT_SLACK = 1e-12;

function flatten(v: SlideValue): [number[], string] {
  if (typeof v === "number") return [[v], "scalar"];
  if (v instanceof Tensor) return [Array.from(v.data), formatShape(v.shape)];
  if (v.length > 0 && Array.isArray(v[0])) {
    const rows = v as readonly (readonly number[])[];
    return [rows.flatMap((r) => [...r]), `${rows.length}×${rows[0].length}`];
  }
  return [[...(v as readonly number[])], `${v.length}`];
}

function maxAbsDiff(a: number[], b: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > m) m = d;
  }
  return m;
}

/**
 * How slide numbers are printed: integers as they are ("-3", "[1, 1, -1, 1]"); a single number as written with at
 * least 2 decimals below 1 ("0.70", "18.5", "-2.63"); the numbers of an array with a common count of decimals
 * ("[0.38, 0.32, 0.30]"); or exactly `digits` decimals when given.
 */
function slideFormatter(values: number[], digits?: number): (v: number) => string {
  if (digits !== undefined) return (v) => v.toFixed(digits);
  if (values.every((v) => Number.isInteger(v) || !Number.isFinite(v))) return (v) => String(v);
  const decimals = (v: number) => {
    const s = String(v);
    if (s.includes("e")) return 6;
    const dot = s.indexOf(".");
    return dot < 0 ? 0 : s.length - dot - 1;
  };
  if (values.length === 1) {
    const d = decimals(values[0]);
    return (v) => (Math.abs(v) < 1 && d < 2 ? v.toFixed(2) : String(v));
  }
  const common = Math.min(6, Math.max(...values.map(decimals)));
  return (v) => (Number.isFinite(v) ? v.toFixed(common) : String(v));
}

/** The printed form of a computed number: at most 6 decimals, no trailing zeros ("0.704746", "0.87", "1"). */
function exactText(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(digits);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function fmt(original: SlideValue, flat: number[], f: (v: number) => string): string {
  if (typeof original === "number") return f(flat[0]);
  const cols =
    original instanceof Tensor
      ? original.rank === 2
        ? original.shape[1]
        : flat.length
      : Array.isArray(original[0])
        ? (original[0] as number[]).length
        : flat.length;
  if (cols === flat.length) return `[${flat.map(f).join(", ")}]`;
  const rows: string[] = [];
  for (let i = 0; i < flat.length; i += cols)
    rows.push(
      `[${flat
        .slice(i, i + cols)
        .map(f)
        .join(", ")}]`,
    );
  return `[${rows.join(", ")}]`;
}
