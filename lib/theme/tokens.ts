/**
 * The course's theme tokens, in one place: the colours, fonts and sizes that figures (lib/plot), site pages
 * (tools/html) and slide decks (tools/slides) take theirs from. Pure data (no Node built-ins), so the library still
 * bundles for the browser. Class colours are the Okabe–Ito palette (readable with colour-vision deficiencies) in a
 * fixed order: class 0, class 1, ...
 */
export const tokens = {
  font: {
    /** Text of pages, slides and figures; the system fallbacks keep the look when Source Sans 3 is not installed. */
    family: '"Source Sans 3", "Source Sans Pro", "Segoe UI", Helvetica, Arial, sans-serif',
    mono: '"DejaVu Sans Mono", "Fira Code", Menlo, Consolas, monospace',
  },
  color: {
    text: "#1f2328",
    muted: "#57606a",
    /** Headings, the page header, rules under slide titles. */
    heading: "#123a66",
    strong: "#0d2c4f",
    accent: "#c0392b",
    link: "#1f5fbf",
    background: "#ffffff",
    border: "#d0d7de",
    codeBackground: "#f6f8fa",
    codeBorder: "#e1e4e8",
    inlineCodeBackground: "#f3f5f7",
    tableHeader: "#f3f5f7",
    error: "#d73a49",
    errorBackground: "#fff4f4",
    errorText: "#8a1c1c",
    noteBackground: "#fffbe6",
    noteBorder: "#d4a72c",
    noteText: "#7d5a00",
    /** Figure grid and zero lines. */
    grid: "#e5e5e5",
    zeroLine: "#bbbbbb",
  },
  /** One colour per class or series, in order (Okabe–Ito). */
  palette: ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"],
  /** Light versions of the palette for regions behind data points (decision regions). */
  lightPalette: ["#BFDCEC", "#F4D6BF", "#BFE6DB", "#F2DDE9", "#F8E6BF", "#D5ECF9", "#FBF8D0", "#BFBFBF"],
  /** Marker symbols per class, so classes differ in shape as well as colour. */
  symbols: ["circle", "x", "square", "diamond", "triangle-up", "star", "cross", "hexagon"],
  /** Diverging scale for signed values (negative blue, zero white, positive red): weights, gradients. */
  diverging: [
    [0, "#2166AC"],
    [0.5, "#F7F7F7"],
    [1, "#B2182B"],
  ] as [number, string][],
  /** Sequential scale for counts (0 white, the largest dark blue): confusion matrices. */
  counts: [
    [0, "#F7FBFF"],
    [0.5, "#6BAED6"],
    [1, "#08306B"],
  ] as [number, string][],
  /** Sequential scale for magnitudes: losses over a plane. */
  sequential: "Viridis",
  /** Sizes in CSS pixels. */
  size: {
    /** Figures: default, and side-by-side subplots. */
    figure: { width: 640, height: 440, wide: 960, font: 14, title: 18 },
    markerSize: 9,
    lineWidth: 2.5,
    /** Site pages: body text and the reading column's largest width (its padding included). */
    page: { font: 17, code: 14, output: 15, column: 980 },
    /** Decks: the slide (16:9; reveal.js scales it to the screen), body text and code. */
    slide: { width: 1280, height: 720, font: 30, code: 20, small: 14 },
  },
} as const;

export type ThemeTokens = typeof tokens;

/** The colour tokens as CSS custom properties (`--dl-text`, `--dl-code-background`, ...) on :root. */
export function cssVariables(): string {
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const colors = Object.entries(tokens.color).map(([k, v]) => `--dl-${kebab(k)}:${v}`);
  return `:root{${colors.join(";")};--dl-font:${tokens.font.family};--dl-mono:${tokens.font.mono}}`;
}
