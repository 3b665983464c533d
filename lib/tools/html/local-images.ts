import { readFileSync, statSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";

/** Image files a page may embed, by extension. Other local files are never read (a notebook may be hostile). */
const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".bmp": "image/bmp",
  ".ico": "image/x-icon",
};
/** Larger files are not embedded (a warning says so). */
const MAX_EMBEDDED_IMAGE_BYTES = 20 * 1024 * 1024;

/** The folder each notebook was read from (set by prepareNotebooks), so exports can find files beside it. */
const folders = new WeakMap<object, string>();

/** Remembers the folder a notebook was read from. */
export function rememberFolder(nb: object, folder: string): void {
  folders.set(nb, folder);
}

/** The folder a notebook was read from, if known. */
export function folderOf(nb: object): string | undefined {
  return folders.get(nb);
}

/** Outcome of embedding one `src`: a data URL, or why not (undefined `problem` and `dataUrl` for non-local sources). */
export interface EmbeddedImage {
  dataUrl?: string;
  problem?: string;
}

/**
 * A local image reference (`pic.png`, `../figures/a%20b.svg`, no URL scheme, not `//host`) read from `baseDir` and turned
 * into a data: URL. Remote, data: and attachment: sources are left alone (empty result). Only image file types are
 * read, at most MAX_EMBEDDED_IMAGE_BYTES; a missing or unreadable file gives `problem` naming the file.
 */
export function embedLocalImage(src: string, baseDir: string | undefined): EmbeddedImage {
  const ref = src.trim();
  if (ref === "" || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("//") || ref.startsWith("#")) return {};
  let path: string;
  try {
    path = decodeURIComponent(ref.split(/[?#]/)[0]);
  } catch {
    path = ref;
  }
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) return { problem: `image "${ref}" is not an image file type an export embeds` };
  if (!baseDir && !isAbsolute(path))
    return { problem: `image "${ref}": the notebook's folder is unknown, so it is not embedded` };
  const file = resolve(baseDir ?? "/", path);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { problem: `image "${ref}" not found (looked for ${file}); it is not embedded` };
  }
  if (size > MAX_EMBEDDED_IMAGE_BYTES)
    return { problem: `image "${ref}" (${file}) is over ${MAX_EMBEDDED_IMAGE_BYTES} bytes; not embedded` };
  return { dataUrl: `data:${type};base64,${readFileSync(file).toString("base64")}` };
}
