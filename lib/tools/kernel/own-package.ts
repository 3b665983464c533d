/**
 * `import ... from "dl4nlp"` in a notebook outside any project that installs dl4nlp (a copy in /tmp, a downloads
 * folder, `cd ~/somewhere && jupyter lab`): the kernel resolves "dl4nlp" (and "dl4nlp/tools", "dl4nlp/core") to the
 * package this kernel belongs to, for the compiler's types and for Node's require alike. Only when the notebook's folder
 * resolves no dl4nlp of its own: a project's own install always wins.
 *
 * How: tslab resolves modules from the kernel's working folder, for types through its TypeScript's `ts.sys` (whose
 * `<cwd>/node_modules` it already fakes for `tslab` itself) and at run time through Node's resolver. Here
 * `<cwd>/node_modules/dl4nlp` is forwarded to this package in `ts.sys` (its realpath is the package, so the package's
 * own imports resolve from where it is installed), and Node's resolver falls back to the package's self-reference.
 */
import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";

/** The package name notebooks import. */
export const PACKAGE_NAME = "dl4nlp";

/** The root of the dl4nlp package holding `from` (the folder of its package.json), or null. */
export function ownPackageRoot(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // not a package manifest we can read: keep looking up
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Whether Node resolves "dl4nlp" from folder `cwd` by itself (a node_modules/dl4nlp there or above). */
export function resolvesFrom(cwd: string): boolean {
  return packageFrom(cwd) !== null;
}

/** The root of the dl4nlp package Node resolves from folder `cwd` by itself (a node_modules/dl4nlp there or above), or null. */
export function packageFrom(cwd: string): string | null {
  try {
    return dirname(createRequire(join(cwd, "__notebook__.js")).resolve(`${PACKAGE_NAME}/package.json`));
  } catch {
    return null;
  }
}

/** What tslab's TypeScript file system looks like to forwardOwnPackage. */
interface TsSys {
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  realpath?(path: string): string;
  getDirectories(path: string): string[];
  readDirectory(path: string, ...rest: unknown[]): string[];
}

/**
 * Makes "dl4nlp" resolve to the package at `root` for notebooks run in `cwd`, when `cwd` resolves none of its own:
 * patches `ts` (tslab's TypeScript's sys, before tslab creates its compiler) and Node's resolver. Returns whether it did.
 */
export function forwardOwnPackage(cwd: string, root: string | null, ts: { sys: TsSys }): boolean {
  if (!root || resolvesFrom(cwd)) return false;
  const fake = join(cwd, "node_modules", PACKAGE_NAME);
  const forward = (path: string): string =>
    path === fake ? root : path.startsWith(fake + sep) || path.startsWith(`${fake}/`) ? root + path.slice(fake.length) : path;
  const sys = ts.sys;
  const { fileExists, directoryExists, readFile, realpath, getDirectories, readDirectory } = sys;
  sys.fileExists = (p) => fileExists.call(sys, forward(p));
  sys.directoryExists = (p) => directoryExists.call(sys, forward(p));
  sys.readFile = (p, encoding) => readFile.call(sys, forward(p), encoding);
  sys.getDirectories = (p) => getDirectories.call(sys, forward(p));
  sys.readDirectory = (p, ...rest) => readDirectory.call(sys, forward(p), ...rest);
  // the real location, so the compiler resolves the package's own imports (its dependencies) from where it lives
  sys.realpath = (p) => (realpath ? realpath.call(sys, forward(p)) : forward(p));

  const own = createRequire(join(root, "package.json"));
  const resolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = resolver._resolveFilename;
  resolver._resolveFilename = function (this: unknown, request, ...rest) {
    try {
      return resolve.call(this, request, ...rest);
    } catch (e) {
      const ours = request === PACKAGE_NAME || request.startsWith(`${PACKAGE_NAME}/`);
      if (!ours || (e as { code?: string }).code !== "MODULE_NOT_FOUND") throw e;
      return own.resolve(request); // the package's self-reference, through its "exports"
    }
  };
  return true;
}
