import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * A path as reports and messages show it: relative to `cwd` when the file is inside it (`class/bob.ipynb`), else
 * absolute (`/tmp/class/bob.ipynb`), never climbing out with `../`.
 */
export function shownPath(file: string, cwd = process.cwd()): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  return rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? absolute : rel;
}
