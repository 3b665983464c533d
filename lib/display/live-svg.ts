import { colorOf, fmt } from "../plot/style";

/** The epochs a live chart has received (lib/display/live.ts): any series may be shorter than `epoch` or empty. */
export interface LiveSvgHistory {
  epoch: readonly number[];
  loss: readonly number[];
  accuracy: readonly number[];
  valLoss: readonly number[];
  valAccuracy: readonly number[];
}

export interface LiveSvgOptions {
  /** The chart's title, e.g. "Training: epoch 3". */
  title: string;
  /** What the held-out data is called in the legend, default "validation". */
  heldOut?: string;
  /** Log10 scale for the loss panel (values ≤ 0 are skipped). */
  logLoss?: boolean;
}

/** Size of the image in px (a viewBox, so it scales with the output area). */
export const LIVE_SVG_WIDTH = 640;
export const LIVE_SVG_HEIGHT = 300;

/** A panel's plot area in image coordinates. */
interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One series as drawn: its points (epoch, value) with non-finite values already left out. */
interface Series {
  name: string;
  color: string;
  dash: string;
  points: [number, number][];
}

/**
 * The SVG image of a live chart's current state, written by the kernel itself (no browser, no plotly.js): loss
 * (training solid, held-out dashed) on the left panel and, when any accuracy was reported, accuracy (training dotted,
 * held-out dash-dotted) on the right, each a polyline scaled to its data range (x: the epochs, y: min..max of the
 * panel's values, padded when they are all equal), inside a frame with the range ends written at the axes; the
 * title on top and a legend below. NaN, ±Infinity (and, with logLoss, values ≤ 0) are left out of the lines and the
 * ranges; a series with one point is drawn as a dot.
 *
 * Why it exists: the `plotly` package's JupyterLab / Notebook 7 renderer ignores updates of a Plotly output it has
 * drawn, so a live chart's intermediate redraws are published as this image instead (see live.ts); the final redraw
 * is the Plotly figure as everywhere else.
 */
export function liveChartSvg(history: LiveSvgHistory, options: LiveSvgOptions): string {
  const heldOut = options.heldOut ?? "validation";
  const epochAt = (i: number) => history.epoch[i] ?? i + 1;
  const series = (values: readonly number[], name: string, color: string, dash: string, log = false): Series => {
    const points: [number, number][] = [];
    values.forEach((v, i) => {
      if (!Number.isFinite(v) || (log && v <= 0)) return;
      points.push([epochAt(i), log ? Math.log10(v) : v]);
    });
    return { name, color, dash, points };
  };
  const log = options.logLoss === true;
  const lossSeries = [
    series(history.loss, "training loss", colorOf(0), "", log),
    series(history.valLoss, `${heldOut} loss`, colorOf(0), "6 4", log),
  ].filter((s) => s.points.length > 0);
  const accSeries = [
    series(history.accuracy, "training accuracy", colorOf(1), "2 3"),
    series(history.valAccuracy, `${heldOut} accuracy`, colorOf(1), "6 3 2 3"),
  ].filter((s) => s.points.length > 0);
  const hasAcc = history.accuracy.length + history.valAccuracy.length > 0;
  const top = 40;
  const h = LIVE_SVG_HEIGHT - top - 70;
  const left = 60;
  const gap = 70;
  const panelW = hasAcc ? (LIVE_SVG_WIDTH - left - gap - 20) / 2 : LIVE_SVG_WIDTH - left - 20;
  const epochs = [...history.epoch.filter(Number.isFinite)];
  if (epochs.length === 0) epochs.push(1);
  const parts: string[] = [
    `<text class="title" x="${LIVE_SVG_WIDTH / 2}" y="24" text-anchor="middle" font-size="16">${escapeXml(options.title)}</text>`,
  ];
  parts.push(panel({ x: left, y: top, w: panelW, h }, lossSeries, epochs, log ? "log10 loss" : "loss"));
  if (hasAcc) parts.push(panel({ x: left + panelW + gap, y: top, w: panelW, h }, accSeries, epochs, "accuracy"));
  parts.push(legend([...lossSeries, ...accSeries], top + h + 38));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${LIVE_SVG_WIDTH}" height="${LIVE_SVG_HEIGHT}" ` +
    `viewBox="0 0 ${LIVE_SVG_WIDTH} ${LIVE_SVG_HEIGHT}" font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join("")}</svg>`
  );
}

/** The [min, max] of `values`, widened when they are all equal (so a single value sits mid-panel). */
export function paddedRange(values: readonly number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

/** One panel: frame, range labels, axis title, and every series as a polyline (a dot when it has one point). */
function panel(box: Box, series: readonly Series[], epochs: readonly number[], yTitle: string): string {
  const [x0, x1] = paddedRange(epochs);
  const [y0, y1] = paddedRange(series.flatMap((s) => s.points.map((p) => p[1])));
  const sx = (x: number) => box.x + ((x - x0) / (x1 - x0)) * box.w;
  const sy = (y: number) => box.y + box.h - ((y - y0) / (y1 - y0)) * box.h;
  const out = [
    `<rect x="${box.x}" y="${box.y}" width="${r(box.w)}" height="${box.h}" fill="none" stroke="#888"/>`,
    `<text x="${box.x - 4}" y="${box.y + 4}" text-anchor="end">${fmt(y1)}</text>`,
    `<text x="${box.x - 4}" y="${box.y + box.h}" text-anchor="end">${fmt(y0)}</text>`,
    `<text x="${box.x}" y="${box.y + box.h + 14}" text-anchor="middle">${fmt(x0)}</text>`,
    `<text x="${r(box.x + box.w)}" y="${box.y + box.h + 14}" text-anchor="middle">${fmt(x1)}</text>`,
    `<text x="${r(box.x + box.w / 2)}" y="${box.y + box.h + 14}" text-anchor="middle">epoch</text>`,
    `<text x="${box.x - 40}" y="${r(box.y + box.h / 2)}" text-anchor="middle" ` +
      `transform="rotate(-90 ${box.x - 40} ${r(box.y + box.h / 2)})">${escapeXml(yTitle)}</text>`,
  ];
  for (const s of series) {
    const pts = s.points.map(([x, y]) => `${r(sx(x))},${r(sy(y))}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
    if (pts.length === 1) {
      const [cx, cy] = pts[0].split(",");
      out.push(`<circle class="series" data-name="${escapeXml(s.name)}" cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    } else {
      out.push(
        `<polyline class="series" data-name="${escapeXml(s.name)}" points="${pts.join(" ")}" fill="none" ` +
          `stroke="${s.color}" stroke-width="2"${dash}/>`,
      );
    }
  }
  return out.join("");
}

/** The legend: a short line of each series' colour and dash, then its name, in one row. */
function legend(series: readonly Series[], y: number): string {
  let x = 60;
  const out: string[] = [];
  for (const s of series) {
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
    out.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 24}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${x + 30}" y="${y}">${escapeXml(s.name)}</text>`);
    x += 30 + s.name.length * 6.5 + 18;
  }
  return `<g class="legend">${out.join("")}</g>`;
}

/** Two decimals are enough for screen coordinates. */
function r(v: number): number {
  return Math.round(v * 100) / 100;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
