/**
 * Which files a notebook cell (and a helper file it imports) may import, and the one error a student gets for any other.
 *
 * tslab compiles the notebook's folder (its `rootDir`) and loads a helper file from its compiled form, so a notebook
 * imports the files in its own folder or below. Here:
 * - `import … from "/home/ana/course/helper.ts"`, an absolute path to a file in that folder, works as `"./helper.ts"`
 *   does (the JavaScript's `require` of it is made relative to the importing file, see withoutTsExtensions); tslab
 *   alone handed the path to Node, which loaded the TypeScript source as JavaScript ("SyntaxError: Missing initializer
 *   in const declaration", "ERR_UNKNOWN_FILE_EXTENSION", or without `.ts` "Cannot find module … Require stack: …/src.js").
 * - A file outside that folder (`"../utils.ts"`, an absolute path elsewhere; TypeScript's "File … is not under
 *   'rootDir'"), a `file:` URL and a `~/` path (TypeScript's "Cannot find module 'file:///…'") get one message: the
 *   import, the file, the notebook's folder, and what works instead (a relative path to a file in that folder).
 */
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** TypeScript's "File '{0}' is not under 'rootDir' '{1}'. 'rootDir' is expected to contain all source files." */
const NOT_UNDER_ROOT_DIR = 6059;
/** TypeScript's "Cannot find module '{0}' or its corresponding type declarations." (and its variant with a hint) */
const CANNOT_FIND_MODULE = new Set([2307, 2792]);

/** What this file says about a module path to the student. */
const SUPPORTED =
  'a notebook imports TypeScript files of its own folder or below, by a relative path ("./helper.ts", "./lib/util.ts")';

/** A position in tslab's diagnostics (tslab/dist/converter.d.ts). */
interface Position {
  offset: number;
  line: number;
  character: number;
}
/** A diagnostic as tslab's converter returns it. */
export interface TslabDiagnostic {
  start: Position;
  end: Position;
  messageText: string;
  category: number;
  code: number;
  /** The file, relative to the notebook's folder; none for the cell itself. */
  fileName?: string;
}

/** Whether `file` is `folder` or inside it. */
function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The file a `file:` URL or `~/` path names, or undefined for any other module path. */
function filePathOf(specifier: string): string | undefined {
  if (/^file:/i.test(specifier)) {
    try {
      return fileURLToPath(specifier);
    } catch {
      return undefined;
    }
  }
  if (specifier === "~" || specifier.startsWith("~/")) return resolve(homedir(), specifier.slice(2));
  return undefined;
}

/** `./x` for a path relative to a folder (Node's require needs the leading `./` for a file). */
function asRelative(from: string, file: string): string {
  const rel = relative(from, file).split(sep).join("/");
  return rel.startsWith("../") ? rel : `./${rel}`;
}

/**
 * The module path a `require` of `specifier` in a file of folder `fromDir` should use, when it is an absolute path to a
 * file in the notebook's folder `rootDir`: the same file, relative to `fromDir` (tslab finds its compiled form by that);
 * undefined for any other.
 */
export function relativeImportOf(specifier: string, fromDir: string, rootDir: string): string | undefined {
  if (!specifier.startsWith("/") || !isInside(specifier, rootDir)) return undefined;
  return asRelative(fromDir, specifier);
}

/**
 * The error for an import of a file outside the notebook's folder, or by a `file:` URL or `~/` path, naming the
 * import, the file and what works; undefined when the module path is none of those.
 * @param specifier the module path as written; @param file the file it names (resolved), if known
 */
export function unsupportedImportMessage(specifier: string, rootDir: string, file?: string): string | undefined {
  const named = file ?? filePathOf(specifier);
  if (named === undefined) return undefined;
  const kind = /^file:/i.test(specifier) ? "a file: URL" : specifier.startsWith("~") ? "a path from the home folder (~)" : "";
  if (isInside(named, rootDir)) {
    return `import "${specifier}": ${kind || "this path"} is not supported; ${SUPPORTED}: write "${asRelative(rootDir, named)}"`;
  }
  return (
    `import "${specifier}": ${named} is outside the notebook's folder ${rootDir}; ${SUPPORTED}` +
    ": copy the file into the notebook's folder (a graded notebook runs alone: put its code in the notebook)"
  );
}

/**
 * tslab's diagnostics with TypeScript's messages about an import of a file outside the notebook's folder ("not under
 * 'rootDir'") or of a `file:` URL / `~/` path ("Cannot find module") replaced by unsupportedImportMessage's.
 * `source(fileName)` is the text of the file a diagnostic is in (the cell's for none), to read the import's path.
 */
export function explainImportDiagnostics(
  diagnostics: TslabDiagnostic[],
  rootDir: string,
  source: (fileName: string | undefined) => string | undefined,
): TslabDiagnostic[] {
  return diagnostics.map((d) => {
    let message: string | undefined;
    if (d.code === NOT_UNDER_ROOT_DIR) {
      const file = /^File '([^']+)' is not under 'rootDir'/.exec(d.messageText)?.[1];
      const text = source(d.fileName);
      const literal = text?.slice(d.start.offset, d.end.offset);
      const specifier = literal && /^["'`].*["'`]$/s.test(literal) ? literal.slice(1, -1) : file;
      if (file && specifier) message = unsupportedImportMessage(specifier, rootDir, file);
    } else if (CANNOT_FIND_MODULE.has(d.code)) {
      const specifier = /^Cannot find module '([^']+)'/.exec(d.messageText)?.[1];
      if (specifier) message = unsupportedImportMessage(specifier, rootDir);
    }
    return message ? { ...d, messageText: message } : d;
  });
}
