import type { Page } from "playwright-core";

/**
 * How the browser tests of crowded figures measure labels as drawn, on their own (not with the product's measurement in
 * lib/tools/slides/browser/plot-labels.ts): a text element's box on the screen as the quad it is drawn in (rotation
 * included), and whether two quads are apart (their shadows on one edge's normal overlap by at most 1 px: a glyph box
 * has some air). `installLabelGeometry(page)` defines them in the page as `window.labelGeometry`, for the tests'
 * `page.evaluate` functions (which cannot import).
 */
export type Pt = [number, number];

export interface LabelGeometry {
  /** The four corners of a text's box on the screen, or null for an empty or undrawn text. */
  quadOf(t: SVGGraphicsElement): Pt[] | null;
  /** Whether two convex quads are apart (separating axes, 1 px of slack). */
  apart(a: Pt[], b: Pt[]): boolean;
}

/** Defines `window.labelGeometry` in the page (call after each navigation). */
export async function installLabelGeometry(page: Page): Promise<void> {
  await page.evaluate(() => {
    const quadOf = (t: SVGGraphicsElement): [number, number][] | null => {
      const b = t.getBBox();
      const m = t.getScreenCTM();
      if (!m || !(b.width > 0) || !(t.textContent ?? "").trim()) return null;
      return [
        [b.x, b.y],
        [b.x + b.width, b.y],
        [b.x + b.width, b.y + b.height],
        [b.x, b.y + b.height],
      ].map(([x, y]) => {
        const p = new DOMPoint(x, y).matrixTransform(m);
        return [p.x, p.y] as [number, number];
      });
    };
    const apart = (a: [number, number][], b: [number, number][]) =>
      [a, b].some((q) =>
        q.some((p, i) => {
          const r = q[(i + 1) % 4];
          const n = [p[1] - r[1], r[0] - p[0]];
          const len = Math.hypot(n[0], n[1]);
          // a degenerate edge separates nothing
          if (!(len > 0)) return false;
          const sa = a.map(([x, y]) => (x * n[0] + y * n[1]) / len);
          const sb = b.map(([x, y]) => (x * n[0] + y * n[1]) / len);
          return Math.max(...sa) <= Math.min(...sb) + 1 || Math.max(...sb) <= Math.min(...sa) + 1;
        }),
      );
    (window as unknown as { labelGeometry: unknown }).labelGeometry = { quadOf, apart };
  });
}
