import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import type { Secret } from "./secrets";
import { htmlText, notebookText, squeeze } from "./text";

/** A secret found in a file of the student edition. */
export interface Leak {
  /** The file, relative to the edition's folder. */
  file: string;
  secret: Secret;
}

/** What a scan of the student edition found. */
export interface LeakReport {
  /** Files read (notebooks, pages, decks, other text). */
  files: string[];
  leaks: Leak[];
  /** Secrets that the instructor edition does not contain either: a secret the scan could not see (a broken probe). */
  unseen: Secret[];
}

/** The files of an edition that can carry text, and how to read each. */
const READERS: Record<string, (text: string) => string> = {
  ".ipynb": notebookText,
  ".html": htmlText,
  ".htm": htmlText,
  ".md": (t) => t,
  ".txt": (t) => t,
  ".json": (t) => t,
  ".csv": (t) => t,
};

/** Every readable file below `dir`, with its text squeezed (whitespace removed). */
function editionTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const read = READERS[extname(name).toLowerCase()];
        if (read) texts.set(relative(dir, p), squeeze(read(readFileSync(p, "utf8"))));
      }
    }
  };
  walk(dir);
  return texts;
}

/**
 * Searches every file of the student edition (`studentDir`) for every secret (whitespace ignored). With
 * `instructorDir`, also lists the secrets that no file of the instructor edition contains: those the scan would miss.
 */
export function findLeaks(studentDir: string, secrets: Secret[], instructorDir?: string): LeakReport {
  const student = editionTexts(studentDir);
  const leaks: Leak[] = [];
  for (const [file, text] of student) {
    for (const secret of secrets) if (text.includes(secret.key)) leaks.push({ file, secret });
  }
  let unseen: Secret[] = [];
  if (instructorDir) {
    const instructor = [...editionTexts(instructorDir).values()];
    unseen = secrets.filter((s) => !instructor.some((t) => t.includes(s.key)));
  }
  return { files: [...student.keys()], leaks, unseen };
}

/** The report as lines for a terminal: one per leak, "file: where: text". */
export function leakLines(report: LeakReport): string[] {
  return report.leaks.map((l) => `${l.file}: ${l.secret.where}: ${JSON.stringify(l.secret.text)}`);
}
