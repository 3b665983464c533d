import { closeSync, lstatSync, openSync, readSync } from "node:fs";

/**
 * What every document an export writes declares in its head (document-head.ts: `<meta name="generator"
 * content="dl4nlp…">`), and so how an export knows a file in its --out folder is one it wrote before.
 */
export const GENERATOR_MARK = '<meta name="generator" content="dl4nlp';
/** The mark sits in the first lines of the head; only this many bytes are read. */
const HEAD_BYTES = 16384;
/** The contents page every export writes beside its pages (site.ts, decks.ts); no notebook may be named so. */
export const CONTENTS_PAGE = "index.html";

/** Whether `file` is a regular file whose head carries GENERATOR_MARK (an earlier export's page, deck or contents). */
export function writtenByExport(file: string): boolean {
  let fd: number;
  try {
    if (!lstatSync(file).isFile()) return false;
    fd = openSync(file, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    return head.subarray(0, n).toString("utf8").includes(GENERATOR_MARK);
  } finally {
    closeSync(fd);
  }
}

/** Whether something (a file, a link, a folder) exists at `file`, without following a link. */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why an export must not write `file`, or undefined when it may: it does not exist, or it is an earlier export's
 * document (writtenByExport), or `force` (--force) is given and it is a file. A folder is never replaced; a user's
 * file (no mark), a symbolic link or, for a PDF, a file the export cannot recognise (`recognised` false) is kept
 * unless `force`.
 */
export function overwriteProblem(file: string, options: { force?: boolean; recognised?: boolean } = {}): string | undefined {
  if (!exists(file)) return undefined;
  const info = lstatSync(file);
  if (info.isDirectory()) return `${file} is a folder: not replaced (choose another --out)`;
  if (options.force) return undefined;
  if (options.recognised ?? writtenByExport(file)) return undefined;
  return `${file} exists and was not written by a dl4nlp export (it lacks ${GENERATOR_MARK}…">): not overwritten (pass --force to replace it, or choose another --out)`;
}
