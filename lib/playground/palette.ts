/**
 * Colours of the Playground, from the Okabe-Ito palette: class 0 orange, class 1 blue, class 2 near-black (Okabe-Ito's
 * bluish green falls too close to the blue under tritanopia). Every pair stays ΔE ≥ 40 apart under simulated
 * protanopia, deuteranopia and tritanopia (test/playground/palette.test.ts). The heat maps fade each class colour to
 * white with the network's confidence, so the boundary itself is white, never a red/green contrast.
 */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [230, 159, 0],
  [0, 114, 178],
  [40, 40, 40],
];

/** CSS colour of a class. */
export function classCss(c: number): string {
  const [r, g, b] = CLASS_COLORS[c % CLASS_COLORS.length];
  return `rgb(${r}, ${g}, ${b})`;
}

/** Weight colours on the diagram: positive blue, negative orange (as the classes they push towards). */
export function weightCss(w: number): string {
  return classCss(w >= 0 ? 1 : 0);
}

/** The colour of class c at strength t in [0, 1] (0 white, 1 a light version of the class colour), as RGB. */
export function fade(c: number, t: number): [number, number, number] {
  const [r, g, b] = CLASS_COLORS[c % CLASS_COLORS.length];
  const k = 0.75 * Math.max(0, Math.min(1, t));
  return [Math.round(255 + (r - 255) * k), Math.round(255 + (g - 255) * k), Math.round(255 + (b - 255) * k)];
}

/** A score in [−1, 1] (negative → class 0, positive → class 1) as RGB. */
export function divergingRgb(score: number): [number, number, number] {
  return score >= 0 ? fade(1, score) : fade(0, -score);
}

/** Levels of the colour tables below. */
export const LEVELS = 256;

/** divergingRgb at LEVELS evenly spaced scores from −1 to 1, as RGB triples (per-pixel lookups in the heat maps). */
export const DIVERGING_TABLE: Uint8ClampedArray = (() => {
  const t = new Uint8ClampedArray(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) t.set(divergingRgb((2 * i) / (LEVELS - 1) - 1), 3 * i);
  return t;
})();

/** fade(c, t) at LEVELS evenly spaced strengths from 0 to 1, per class, as RGB triples. */
export const FADE_TABLES: readonly Uint8ClampedArray[] = CLASS_COLORS.map((_, c) => {
  const t = new Uint8ClampedArray(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) t.set(fade(c, i / (LEVELS - 1)), 3 * i);
  return t;
});
