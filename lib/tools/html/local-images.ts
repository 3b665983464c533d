import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, relative, resolve, sep } from "node:path";
import { contentIsImageType, IMAGE_TYPES } from "./image-content";

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

/**
 * Outcome of embedding one `src`: a data URL, or why not (both undefined for non-local sources). `refused` when the
 * reference must not stay in the page either (it names a file outside the folder or one that is not the image it claims).
 */
export interface EmbeddedImage {
  dataUrl?: string;
  problem?: string;
  refused?: boolean;
}

/**
 * A local image reference (`pic.png`, `figs/a%20b.svg`; no URL scheme, not `//host`) read from the notebook's folder
 * `baseDir` and turned into a data: URL. Remote, data: and attachment: sources are left alone (empty result).
 *
 * A notebook may come from the web, so a file is embedded only when all hold: its real path (symlinks resolved) lies
 * inside `baseDir`'s real path (subfolders allowed; `..`, absolute paths and links leading out are refused); it is a
 * regular file of at most MAX_EMBEDDED_IMAGE_BYTES; its extension is an image type and its content is that type
 * (magic bytes; SVG must parse as XML with an `<svg>` root; image-content.ts). Otherwise `problem` names the reference,
 * and `refused` is set unless the file is simply missing (a missing file's relative link is left as it is).
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
  const refuse = (why: string): EmbeddedImage => ({ problem: `image "${ref}" ${why}; not embedded`, refused: true });
  const type = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!type) return refuse("is not an image file type an export embeds");
  if (isAbsolute(path) || path.includes("\0"))
    return refuse("is an absolute path (only files in the notebook's folder are embedded)");
  if (!baseDir) return { problem: `image "${ref}": the notebook's folder is unknown, so it is not embedded` };
  let root: string;
  let file: string;
  try {
    root = realpathSync(baseDir);
  } catch {
    return { problem: `image "${ref}": the notebook's folder ${baseDir} cannot be read, so it is not embedded` };
  }
  try {
    file = realpathSync(resolve(root, path));
  } catch {
    return { problem: `image "${ref}" not found (looked for ${resolve(root, path)}); it is not embedded` };
  }
  const inside = relative(root, file);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return refuse(`is outside the notebook's folder ${root} (resolves to ${file})`);
  const bytes = readRegularFile(file);
  if (typeof bytes === "string") return refuse(bytes);
  if (!contentIsImageType(bytes, type)) return refuse(`is not an ${type} file (its content is not that image type)`);
  return { dataUrl: `data:${type};base64,${bytes.toString("base64")}` };
}

/** The bytes of a regular file of at most MAX_EMBEDDED_IMAGE_BYTES, or why not. */
function readRegularFile(file: string): Buffer | string {
  let fd: number;
  try {
    // checked before opening too: opening a FIFO would wait for a writer forever
    if (!statSync(file).isFile()) return `(${file}) is not a regular file`;
    fd = openSync(file, "r");
  } catch {
    return `(${file}) cannot be read`;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return `(${file}) is not a regular file`;
    if (info.size > MAX_EMBEDDED_IMAGE_BYTES) return `(${file}) is over ${MAX_EMBEDDED_IMAGE_BYTES} bytes`;
    const bytes = Buffer.alloc(info.size);
    let done = 0;
    while (done < info.size) {
      const n = readSync(fd, bytes, done, info.size - done, null);
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}
