import type { Figure } from "../plot/types";
import { installKernelHooks } from "./kernel-hooks";
import { flushLiveCharts } from "./live";
import { show } from "./show";
import { flushStaticImages, settleStaticImages } from "./static-image";

/** The keys a Plotly figure object may have ({data, layout, frames, config}, as plotly.js takes them). */
const FIGURE_KEYS = new Set(["data", "layout", "frames", "config"]);

/**
 * Whether `value` is a Plotly figure as the plot functions return it (lossCurves, softmaxBars, ...): a plain object with
 * `data`, an array of trace objects, and `layout`, an object, and no keys but data, layout, frames and config. So a
 * user's own `{ data: [...] }` records are printed as usual.
 */
export function isFigure(value: unknown): value is Figure {
  if (!isPlainObject(value)) return false;
  const { data, layout } = value as { data?: unknown; layout?: unknown };
  return (
    Object.keys(value).every((k) => FIGURE_KEYS.has(k)) &&
    isPlainObject(layout) &&
    Array.isArray(data) &&
    data.every(isPlainObject)
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A cell's last value as the kernel displays it: a figure is shown (as `show(fig)` would), anything else is left to
 * the kernel's own printing. Returns whether it was shown.
 */
export function displayLastValue(value: unknown): boolean {
  if (!isFigure(value)) return false;
  show(value);
  return true;
}

installKernelHooks({
  displayValue: displayLastValue,
  flush: () => {
    flushLiveCharts();
    flushStaticImages();
  },
  settle: (timeoutMs, signal) => {
    flushLiveCharts();
    return settleStaticImages(timeoutMs, signal);
  },
});
