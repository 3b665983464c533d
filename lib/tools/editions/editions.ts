import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { readNotebook } from "../nbformat/read";
import { writeNotebook } from "../nbformat/write";
import { type LeakReport, findLeaks } from "./leaks";
import { type Secret, secretsOf, visibleText } from "./secrets";
import { browserScriptsText } from "../html/browser-script";
import { studentEdition } from "./student";

/** The notebooks (`*.ipynb`, sorted) of a folder, or the file itself. */
export function notebooksIn(path: string): string[] {
  if (path.endsWith(".ipynb")) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(path, f));
}

/** Writes the student edition of each notebook into `outDir` (same file names, atomically); returns the files written. */
export async function writeStudentEditions(notebooks: string[], outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of notebooks) {
    const target = join(outDir, basename(file));
    if (existsSync(target) && target === file) throw new Error(`${file}: the student edition would overwrite its source`);
    await writeNotebook(target, studentEdition(await readNotebook(file), basename(file)));
    written.push(target);
  }
  return written;
}

/** Copies notebooks unchanged (the instructor's copies of the assignment masters). */
export function copyNotebooks(notebooks: string[], outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const file of notebooks) copyFileSync(file, join(outDir, basename(file)));
}

/**
 * The secrets of source notebooks: solutions, answers, hidden tests; with `executedDir`, also the outputs of the
 * solution and self-check cells in the executed copy of the same name there.
 */
async function collectSecrets(sources: string[], executedDir?: string): Promise<Secret[]> {
  const notebooks = await Promise.all(sources.map((file) => readNotebook(file)));
  const visible = notebooks.map(visibleText);
  // what the exporter writes into every page itself is no secret either (its browser scripts)
  const own = browserScriptsText();
  const all: Secret[] = [];
  for (const [i, file] of sources.entries()) {
    const executedFile = executedDir ? join(executedDir, basename(file)) : undefined;
    const executed = executedFile && existsSync(executedFile) ? await readNotebook(executedFile) : undefined;
    const elsewhere = [...visible.filter((_t, k) => k !== i), own].join("\n");
    all.push(...secretsOf(notebooks[i], basename(file), executed, elsewhere));
  }
  return all;
}

/** Checks a student edition folder against the secrets of the sources; see findLeaks. */
export async function checkStudentEdition(
  studentDir: string,
  sources: string[],
  options: { executedDir?: string; instructorDir?: string } = {},
): Promise<LeakReport & { secrets: Secret[] }> {
  const secrets = await collectSecrets(sources, options.executedDir);
  return { ...findLeaks(studentDir, secrets, options.instructorDir), secrets };
}
