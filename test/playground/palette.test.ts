// The Playground's colours survive colour-blindness: each class colour, and both ends of the heat map, stay far apart
// (CIE76 ΔE ≥ 40 in CIELAB) after simulating protanopia, deuteranopia and tritanopia with the matrices of Machado,
// Oliveira and Fernandes (2009, severity 1.0, applied in linear RGB).
import { describe, expect, it } from "vitest";
import { CLASS_COLORS, DIVERGING_TABLE, LEVELS } from "../../lib/playground/palette";

type Rgb = readonly [number, number, number];
const MACHADO: Record<string, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};

/** sRGB (0-255) → linear RGB, through a vision-deficiency matrix, → CIELAB (D65). */
function labSeenAs(rgb: Rgb, matrix: number[][] | null): [number, number, number] {
  let lin = rgb.map(toLinear);
  if (matrix) lin = matrix.map((row) => Math.min(1, Math.max(0, row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2])));
  const [r, g, b] = lin;
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = xyz.map(f);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

const deltaE = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe("the Playground palette for colour-blind viewers", () => {
  const vision = [["normal vision", null] as const, ...Object.entries(MACHADO)];
  it.each(vision)("%s: the three class colours are pairwise ΔE ≥ 40 apart", (_, matrix) => {
    for (let a = 0; a < CLASS_COLORS.length; a++) {
      for (let b = a + 1; b < CLASS_COLORS.length; b++) {
        expect(deltaE(labSeenAs(CLASS_COLORS[a], matrix), labSeenAs(CLASS_COLORS[b], matrix))).toBeGreaterThanOrEqual(40);
      }
    }
  });

  it.each(vision)("%s: the heat map's two ends (class 0 certain, class 1 certain) are ΔE ≥ 40 apart", (_, matrix) => {
    const end = (i: number): Rgb => [DIVERGING_TABLE[3 * i], DIVERGING_TABLE[3 * i + 1], DIVERGING_TABLE[3 * i + 2]];
    expect(deltaE(labSeenAs(end(0), matrix), labSeenAs(end(LEVELS - 1), matrix))).toBeGreaterThanOrEqual(40);
    // and the boundary (the middle of the table) is white, or within 2 of it
    for (const i of [Math.floor((LEVELS - 1) / 2), Math.ceil((LEVELS - 1) / 2)]) {
      for (const c of end(i)) expect(c).toBeGreaterThanOrEqual(253);
    }
  });
});
