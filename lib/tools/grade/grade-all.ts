import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { readNotebook, sourceText } from "../nbformat/read";
import { writeFileAtomic } from "../nbformat/write";
import { type GradeOptions, gradeSubmission, type StudentResult } from "./grade-one";
import { masterProblems } from "./metadata";
import { feedbackHtml, gradesCsv, junitXml, reportJson } from "./reports";
import { sandboxSupport, sandboxUserCannotRead } from "./sandbox";

/** Bumped when a change of the grader changes scores: results of another version are never reused. */
export const GRADER_VERSION = 1;

export interface GradeAllOptions extends GradeOptions {
  keyPath: string;
  submissionsDir: string;
  outDir: string;
  jobs: number;
  force: boolean;
  onResult?: (r: StudentResult, reused: boolean, done: number, total: number) => void;
}

export interface GradeAllSummary {
  results: StudentResult[];
  reused: number;
  sandbox: string[];
  outDir: string;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** A student's name as a safe file name. */
export function safeName(student: string): string {
  return student.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
}

/**
 * The submissions of a folder: every *.ipynb in it (student = file name without .ipynb) and in its direct subfolders
 * (student = subfolder name, or subfolder/file when a subfolder holds several). Hidden files, checkpoints and the
 * output folder are skipped. Sorted by student.
 */
export async function listSubmissions(dir: string, outDir: string): Promise<{ student: string; file: string }[]> {
  const found: { student: string; file: string }[] = [];
  const skip = (name: string) => name.startsWith(".") || name === ".ipynb_checkpoints";
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    if (resolve(path) === resolve(outDir)) continue;
    if (entry.isFile() && entry.name.endsWith(".ipynb")) found.push({ student: entry.name.slice(0, -6), file: path });
    else if (entry.isDirectory()) {
      const inner = (await readdir(path)).filter((n) => n.endsWith(".ipynb") && !skip(n)).sort();
      for (const n of inner)
        found.push({ student: inner.length === 1 ? entry.name : `${entry.name}/${n.slice(0, -6)}`, file: join(path, n) });
    }
  }
  return found.sort((a, b) => a.student.localeCompare(b.student));
}

/** A result saved by an earlier run, reused when the submission, the key and the grader version are the same. */
async function previous(file: string, fileHash: string, keyHash: string): Promise<StudentResult | undefined> {
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as StudentResult & { graderVersion?: number };
    if (saved.fileHash === fileHash && saved.keyHash === keyHash && saved.graderVersion === GRADER_VERSION) return saved;
  } catch {
    // none, or unreadable: grade again
  }
  return undefined;
}

/**
 * `dl4nlp grade`: grades every submission (up to `jobs` at once, each in its own sandboxed kernel), saves each result
 * as it comes (outDir/results/<student>.json) and then writes grades.csv, report.json, junit.xml and
 * feedback/<student>.html, all atomically. Submissions are only read.
 */
export async function gradeAll(options: GradeAllOptions): Promise<GradeAllSummary> {
  const keyText = await readFile(options.keyPath);
  const master: INotebookContent = await readNotebook(options.keyPath);
  const problems = masterProblems(master.cells, sourceText);
  if (problems.length > 0) throw new Error(`${options.keyPath}: not a valid master notebook:\n  ${problems.join("\n  ")}`);
  const keyHash = sha256(keyText);
  const st = await stat(options.submissionsDir).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`${options.submissionsDir}: not a folder of submissions`);
  const subs = await listSubmissions(options.submissionsDir, options.outDir);
  const sandbox = options.kernelFactory ? ["kernels on a Jupyter server: isolation is the server's"] : sandboxSupport().notes;
  // before any submission: a sandbox user that cannot load the kernel would fail every one of them alike
  if (!options.kernelFactory && sandboxSupport().dropUser && options.limits.dropUser !== false) {
    const problem = sandboxUserCannotRead(61000);
    if (problem) throw new Error(`grading sandbox: ${problem}`);
  }
  const results: StudentResult[] = new Array(subs.length);
  let next = 0;
  let done = 0;
  let reused = 0;
  const worker = async (slot: number) => {
    while (next < subs.length) {
      const i = next++;
      const { student, file } = subs[i];
      const resultFile = join(options.outDir, "results", `${safeName(student)}.json`);
      let text: Buffer;
      try {
        text = await readFile(file);
      } catch (err) {
        text = Buffer.from(`<unreadable: ${(err as Error).message}>`);
      }
      const fileHash = sha256(text);
      const old = options.force ? undefined : await previous(resultFile, fileHash, keyHash);
      let r: StudentResult;
      if (old) {
        r = old;
        reused++;
      } else {
        r = await gradeSubmission(
          master,
          text.toString("utf8"),
          { student, file: relative(process.cwd(), file), fileHash, keyHash },
          { ...options, slot },
        );
        await writeFileAtomic(resultFile, `${JSON.stringify({ ...r, graderVersion: GRADER_VERSION }, null, 2)}\n`);
      }
      results[i] = r;
      options.onResult?.(r, old !== undefined, ++done, subs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, subs.length)) }, (_, slot) => worker(slot)));
  const title = basename(options.keyPath, ".ipynb");
  await writeFileAtomic(join(options.outDir, "grades.csv"), gradesCsv(results));
  await writeFileAtomic(
    join(options.outDir, "report.json"),
    reportJson(results, {
      key: options.keyPath,
      keyHash,
      graderVersion: GRADER_VERSION,
      gradedAt: new Date().toISOString(),
      limits: { cellTimeout: options.cellTimeout, notebookTimeout: options.notebookTimeout, ...options.limits },
      sandbox,
    }),
  );
  await writeFileAtomic(join(options.outDir, "junit.xml"), junitXml(results));
  for (const r of results) {
    await writeFileAtomic(join(options.outDir, "feedback", `${safeName(r.student)}.html`), feedbackHtml(r, title));
  }
  return { results, reused, sandbox, outDir: options.outDir };
}
