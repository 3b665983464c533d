import { escapeHtml } from "./escape";

/**
 * The raster image types an output may hold, best first: JupyterLab's image renderer's (@jupyterlab/rendermime
 * imageRendererFactory: bmp, png, jpeg, gif, webp), each stored base64-encoded in the notebook.
 */
export const RASTER_IMAGE_MIMES = ["image/bmp", "image/png", "image/jpeg", "image/gif", "image/webp"] as const;

export type RasterImageMime = (typeof RASTER_IMAGE_MIMES)[number];

export const isRasterImageMime = (mime: string): mime is RasterImageMime =>
  (RASTER_IMAGE_MIMES as readonly string[]).includes(mime);

/** The base64 text of a stored image without its line breaks and spaces, or undefined when it is not base64. */
export function cleanBase64(text: string): string | undefined {
  const b64 = text.replace(/[\s]+/g, "");
  if (b64 === "" || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return undefined;
  return b64;
}

/** What JupyterLab reads from an image output's metadata: `metadata[mime].{width,height,unconfined}`, `metadata.needs_background`. */
interface ImageMetadata {
  width?: unknown;
  height?: unknown;
  unconfined?: unknown;
}

/** A size attribute when the value is a positive finite number of pixels, as JupyterLab sets img.width/height. */
const sizeAttribute = (name: string, value: unknown) =>
  typeof value === "number" && Number.isFinite(value) && value > 0 ? ` ${name}="${value}"` : "";

/**
 * An image output as an `<img>` of a data: URL, as JupyterLab's RenderedImage (and RenderedSVG) shows it: `width` and
 * `height` from `metadata[mime]` when they are numbers, `unconfined: true` lifts the column's max-width (the cell
 * scrolls sideways), `needs_background: "light" | "dark"` puts the image on a white or black ground. `data` is the
 * base64 text for raster types (checked by cleanBase64 first) or the SVG text for image/svg+xml (an SVG in an `<img>`
 * runs no script and loads nothing).
 */
export function imageHtml(mime: string, data: string, metadata: Record<string, unknown>): string {
  const own = (metadata?.[mime] ?? {}) as ImageMetadata;
  const size = `${sizeAttribute("width", own.width)}${sizeAttribute("height", own.height)}`;
  const classes = ["output-image"];
  if (own.unconfined === true) classes.push("unconfined");
  const background = metadata?.needs_background;
  if (background === "light" || background === "dark") classes.push(`needs-${background}-background`);
  const b64 = mime === "image/svg+xml" ? Buffer.from(data, "utf8").toString("base64") : data;
  return `<div class="${classes.join(" ")}"><img alt="figure"${size} src="data:${escapeHtml(mime)};base64,${b64}"></div>`;
}
