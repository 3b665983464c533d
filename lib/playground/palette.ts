/**
 * Colours of the Playground, from the Okabe-Ito palette, which stays distinguishable under deuteranopia, protanopia
 * and tritanopia: class 0 orange, class 1 blue, class 2 bluish green. The heat maps fade each class colour to white
 * with the network's confidence, so the boundary itself is white, never a red/green contrast.
 */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [230, 159, 0],
  [0, 114, 178],
  [0, 158, 115],
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
