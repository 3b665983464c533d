import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdtemp, open, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { readNotebook } from "../nbformat/read";
import { writeFileAtomic } from "../nbformat/write";
import { shownPath } from "../shown-path";
import { type GradeOptions, gradeSubmission, packageRoot, type StudentResult } from "./grade-one";
import { SELF_CONTAINED } from "./cell-events";
import { prepareKey } from "./key";
import { feedbackHtml, gradesCsv, reportJson } from "./reports";
import { gradeJunit } from "./report-junit";
import type { KernelClient } from "../kernel/types";
import { createSandboxKernel, sandboxSupport } from "./sandbox";

/** Bumped when a change of the grader changes scores or results' fields: results of another version are never reused. */
const GRADER_VERSION = 4;

export interface GradeAllOptions extends Omit<GradeOptions, "signal"> {
  keyPath: string;
  submissionsDir: string;
  outDir: string;
  jobs: number;
  force: boolean;
  /** Ctrl-C: no new submission starts, running kernels are ended; finished results stay saved. */
  signal?: AbortSignal;
  onResult?: (r: StudentResult, reused: boolean, done: number, total: number) => void;
  /** A submission whose grading Ctrl-C cut short: no score, nothing saved (its partial result is not a result). */
  onInterrupted?: (student: string) => void;
}

export interface GradeAllSummary {
  /** The results of this run: each saved in outDir/results (unless `graderError`), or kept from an earlier run. */
  results: StudentResult[];
  reused: number;
  sandbox: string[];
  outDir: string;
  interrupted: boolean;
  /** The students whose grading was cut short by an interrupt: nothing of theirs was saved, nor is in `results`. */
  notSaved: string[];
  /** Entries of the submissions folder that were not graded, and why (hidden files, files that are not notebooks). */
  skipped: Skipped[];
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * A student's name as a file name of its own: ASCII letters, digits, `.`, `_`, `-` kept; any other name gets a short
 * hash of the exact name appended, so "Müller" and "Möller", or "a b" and "a_b", never share a file.
 */
function safeName(student: string): string {
  const plain = student.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_") || "_";
  return plain === student ? plain : `${plain}-${sha256(student).slice(0, 8)}`;
}

/** One submission found: its file, or why it cannot be graded (a symbolic link, which is never followed). */
export interface Submission {
  student: string;
  file: string;
  problem?: string;
  /** A student's folder without any notebook in it (listed so the student still gets a row). */
  empty?: boolean;
}

/** An entry of the submissions folder that is not graded, and why (each gets a line: nothing is left out silently). */
export interface Skipped {
  path: string;
  why: string;
}

/** The submissions of a folder, and the entries in it that are not graded. */
export interface SubmissionList {
  submissions: Submission[];
  skipped: Skipped[];
}

/** Why an entry is not a submission by its name alone (hidden, a cache), or undefined. */
function skippedByName(name: string, isDir: boolean): string | undefined {
  if (name === ".ipynb_checkpoints") return "Jupyter's checkpoints folder, not a submission";
  if (name === "__pycache__") return "a Python cache folder, not a submission";
  if (name.startsWith("."))
    return `a hidden ${isDir ? "folder" : "file"} (its name starts with "."; macOS's ._ copies and editors' backups are such files): not graded; rename it to grade it`;
  return undefined;
}

/**
 * Why a file that is not a notebook, beside the submissions, is not graded: a code or data file a notebook may import
 * or read (`mathutil.ts` beside `zoe/03.ipynb`) is named as such, since the grader runs each notebook alone (its
 * sandbox holds the notebook only, THREAT-MODEL.md) and the notebook's imports of it fail there.
 */
function notNotebookWhy(name: string): string {
  const kind = /\.(d\.ts|ts|tsx|mts|cts)$/i.test(name)
    ? "a TypeScript file"
    : /\.(js|jsx|mjs|cjs)$/i.test(name)
      ? "a JavaScript file"
      : /\.json$/i.test(name)
        ? "a JSON file"
        : undefined;
  return kind
    ? `not a notebook (.ipynb): not graded; ${kind} beside the notebook: grading runs the notebook alone, so its imports of it fail (${SELF_CONTAINED})`
    : "not a notebook (.ipynb): not graded";
}

/** Whether `name` is a notebook file's name (`x.ipynb`). */
const isNotebookName = (name: string) => name.endsWith(".ipynb");

/**
 * Why the notebook `name` among `names` is Jupyter's checkpoint copy of another (`x-checkpoint.ipynb` beside
 * `x.ipynb`, as a student who copied the `.ipynb_checkpoints` folder's content leaves it), or undefined.
 */
function checkpointCopy(name: string, names: readonly string[]): string | undefined {
  const m = /^(.*)-checkpoint\.ipynb$/.exec(name);
  return m && names.includes(`${m[1]}.ipynb`)
    ? `Jupyter's checkpoint copy of ${m[1]}.ipynb (an older save of it), not a submission`
    : undefined;
}

/**
 * The submissions of a folder, one row per student, and the entries that are not graded:
 * - `STUDENT.ipynb` in it (student = file name without .ipynb);
 * - a subfolder `STUDENT/` holding one notebook (student = folder name). Holding several, the one named as the key
 *   (`keyName`, the assignment's notebook) is the submission and the others are listed as not graded; with none so
 *   named, the folder is one row with a problem naming its notebooks (nothing graded: the grader decides which counts);
 * - nbgrader's layout `submitted/STUDENT/ASSIGNMENT/KEY.ipynb` (student = the student's folder), when the student's
 *   folder holds no notebook of its own; several copies of the key in it are one row naming them.
 * Symbolic links are never followed: they are listed with a problem, and so is a subfolder holding no notebook (its
 * notebooks one folder deeper, if any, named) and an empty notebook file (a student who submitted nothing still gets
 * a row). Every other entry (a hidden file, a file that is not a notebook, checkpoints and checkpoint copies
 * `x-checkpoint.ipynb` beside `x.ipynb`, a folder inside a student's folder) is listed in `skipped` with the reason,
 * for a line of its own; only the output folder is left out without one. Sorted by student.
 */
export async function listSubmissions(dir: string, outDir: string, keyName = ""): Promise<SubmissionList> {
  const found: Submission[] = [];
  const skipped: Skipped[] = [];
  const link = (student: string, file: string): Submission => ({
    student,
    file,
    problem: `${file} is a symbolic link; links are not followed (submit the notebook itself)`,
  });
  /** A notebook file as a submission: an empty one is a row saying so (0 points), not a "malformed notebook". */
  const notebook = async (student: string, file: string): Promise<Submission> => {
    const st = await lstat(file);
    if (!st.isFile()) return { student, file, problem: `${file} is not a regular file: nothing to grade` };
    if (st.size === 0) return { student, file, problem: `${file} is empty (0 bytes): nothing was submitted` };
    return { student, file };
  };
  const top = await readdir(dir, { withFileTypes: true });
  const topNames = top.map((e) => e.name);
  for (const entry of top) {
    const path = join(dir, entry.name);
    if (resolve(path) === resolve(outDir)) continue;
    const byName =
      skippedByName(entry.name, entry.isDirectory()) ?? (entry.isDirectory() ? undefined : checkpointCopy(entry.name, topNames));
    if (byName) {
      skipped.push({ path, why: byName });
      continue;
    }
    if (entry.isSymbolicLink()) {
      if (isNotebookName(entry.name)) found.push(link(entry.name.slice(0, -6), path));
      else found.push(link(entry.name, path));
      continue;
    }
    if (isNotebookName(entry.name) && !entry.isDirectory()) found.push(await notebook(entry.name.slice(0, -6), path));
    else if (entry.isDirectory()) found.push(await studentFolder(entry.name, path));
    else skipped.push({ path, why: notNotebookWhy(entry.name) });
  }
  return {
    submissions: found.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0)),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };

  /** The one row of the student folder `path` (see listSubmissions), its other entries added to `skipped`. */
  async function studentFolder(student: string, path: string): Promise<Submission> {
    const all = await readdir(path, { withFileTypes: true });
    const names = all.map((e) => e.name);
    const inner: typeof all = [];
    for (const e of all) {
      const why = skippedByName(e.name, e.isDirectory()) ?? (e.isDirectory() ? undefined : checkpointCopy(e.name, names));
      if (why) skipped.push({ path: join(path, e.name), why });
      else inner.push(e);
    }
    const notebooks = inner
      .filter((e) => isNotebookName(e.name) && !e.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name));
    const folders = inner.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name));
    const submission = (e: (typeof all)[number], at: string) =>
      e.isSymbolicLink() ? link(student, join(at, e.name)) : notebook(student, join(at, e.name));
    if (notebooks.length > 0) {
      for (const e of inner.filter((e) => !(isNotebookName(e.name) && !e.isDirectory())))
        skipped.push({
          path: join(path, e.name),
          why: e.isDirectory()
            ? "a folder inside a student's folder that holds notebooks: not searched (grading runs the notebook alone, so its imports of files in it fail)"
            : notNotebookWhy(e.name),
        });
      if (notebooks.length === 1) return submission(notebooks[0], path);
      const named = notebooks.find((e) => e.name === keyName);
      if (named) {
        for (const e of notebooks)
          if (e !== named)
            skipped.push({
              path: join(path, e.name),
              why: `another notebook in ${student}'s folder: the submission is ${student}/${keyName}, the one named as the assignment; not graded`,
            });
        return submission(named, path);
      }
      return {
        student,
        file: path,
        problem: `${path} holds ${notebooks.length} notebooks (${notebooks.map((e) => e.name).join(", ")}) and none is named as the assignment${keyName ? ` (${keyName})` : ""}: nothing was graded; keep the one to grade${keyName ? `, or name it ${keyName}` : ""}`,
      };
    }
    // nbgrader: <student>/<assignment>/<notebook>.ipynb, the notebook named as the key
    const copies: { e: (typeof all)[number]; at: string }[] = [];
    const deeper: string[] = [];
    for (const sub of folders) {
      for (const e of await readdir(join(path, sub.name), { withFileTypes: true })) {
        if (keyName && e.name === keyName) copies.push({ e, at: join(path, sub.name) });
        else if (isNotebookName(e.name) && !e.name.startsWith(".")) deeper.push(`${sub.name}/${e.name}`);
      }
    }
    if (copies.length === 1) return submission(copies[0].e, copies[0].at);
    if (copies.length > 1)
      return {
        student,
        file: path,
        problem: `${path} holds ${copies.length} copies of ${keyName} (${copies.map((c) => join(c.at, keyName).slice(path.length + 1)).join(", ")}): nothing was graded; keep the one to grade`,
      };
    // a student's folder with nothing in it is a row of its own (0 points, said why), never silently left out
    const hint = deeper.length
      ? `; not graded, one folder deeper: ${deeper.sort().join(", ")} (a submission is ${student}/NOTEBOOK.ipynb${keyName ? ` or ${student}/ASSIGNMENT/${keyName}` : ""})`
      : "";
    return { student, file: path, problem: `${path} holds no notebook (.ipynb): nothing was submitted${hint}`, empty: true };
  }
}

/**
 * Throws, naming the files, when two submissions belong to one student (e.g. `bob.ipynb` beside a folder `bob/`) or
 * would share a result file: one would silently take the other's result, feedback page and cache. A grader decides
 * which one counts; nothing is graded until then.
 */
export function assertOneSubmissionPerStudent(subs: Submission[]): void {
  const byFile = new Map<string, Submission[]>();
  for (const s of subs) byFile.set(safeName(s.student), [...(byFile.get(safeName(s.student)) ?? []), s]);
  const clashes = [...byFile.values()].filter((group) => group.length > 1);
  if (clashes.length === 0) return;
  const lines = clashes.map((group) => `student "${group[0].student}": ${group.map((s) => s.file).join(" and ")}`);
  throw new Error(`two submissions for one student (keep one of each, or rename one): ${lines.join("; ")}; nothing was graded`);
}

/** A submission's bytes, refusing a symbolic link at the last step too (O_NOFOLLOW). */
async function readNoFollow(file: string): Promise<Buffer> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A result saved by an earlier run, reused when the submission, the key and the grader version are the same. */
async function previous(file: string, fileHash: string, keyHash: string): Promise<StudentResult | undefined> {
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as StudentResult & { graderVersion?: number };
    if (saved.fileHash === fileHash && saved.keyHash === keyHash && saved.graderVersion === GRADER_VERSION && !saved.graderError)
      return saved;
  } catch {
    // none, or unreadable: grade again
  }
  return undefined;
}

/**
 * `dl4nlp grade`: checks the key (key.ts), grades every submission (up to `jobs` at once, each in its own sandboxed
 * kernel), saves each result as it comes (outDir/results/<student>.json; never a failure of the grader's) and then
 * writes grades.csv, report.json, junit.xml and feedback/<student>.html, all atomically. Submissions are only read.
 * Throws with a clear message for bad input: a bad key, no submissions, a sandbox that does not work here.
 */
export async function gradeAll(options: GradeAllOptions): Promise<GradeAllSummary> {
  // the notebook first: a missing or broken key is named as readNotebook names any notebook ("cannot read the file")
  const master: INotebookContent = await readNotebook(options.keyPath);
  const keyText = await readFile(options.keyPath);
  const key = prepareKey(master, options.keyPath, packageRoot());
  const keyHash = sha256(keyText);
  const st = await lstat(options.submissionsDir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new Error(
      st?.isFile()
        ? `${options.submissionsDir}: a file, not a folder of submissions (give the folder that holds the students' notebooks)`
        : `${options.submissionsDir}: not a folder of submissions`,
    );
  const out = await lstat(options.outDir).catch(() => undefined);
  if (out && !out.isDirectory())
    throw new Error(`--out ${options.outDir}: a file is there, not a folder; give a folder to write into`);
  const { submissions: subs, skipped } = await listSubmissions(options.submissionsDir, options.outDir, basename(options.keyPath));
  // nothing but empty folders is the wrong folder (or layout), not a class in which nobody submitted
  if (subs.every((s) => s.empty)) {
    const notGraded = skipped.slice(0, 3).map((k) => `${shownPath(k.path)}: ${k.why}`);
    throw new Error(
      `${options.submissionsDir}: no submissions found (expected STUDENT.ipynb files, STUDENT/ folders holding one notebook, or nbgrader's submitted/STUDENT/ASSIGNMENT/${basename(options.keyPath)})${notGraded.length ? `; not graded: ${notGraded.join("; ")}` : ""}`,
    );
  }
  assertOneSubmissionPerStudent(subs);
  const sandbox = options.kernelFactory
    ? ["kernels on a Jupyter server: OS isolation is the server's"]
    : options.limits.unconfined
      ? ["--no-sandbox: kernels run WITHOUT confinement (trusted submissions only)"]
      : [];
  if (!options.kernelFactory && !options.limits.unconfined) {
    const s = sandboxSupport(packageRoot());
    if (!s.works) throw new Error(String(s.problem));
  }
  const results: (StudentResult | undefined)[] = new Array(subs.length);
  let next = 0;
  let done = 0;
  let reused = 0;
  let graded = 0;
  const notSaved: string[] = [];
  /** A grader failure before any submission could be graded: the set-up is wrong (server, sandbox), not the class. */
  let broken: string | undefined;
  const jobs = Math.max(1, Math.min(options.jobs, subs.length));
  /**
   * A sandboxed kernel started ahead for a slot's next submission, so its start overlaps the grading of the one
   * before (kernels of a Jupyter server are not started ahead). Fresh: a kernel serves one submission only. Its
   * sandbox user (SANDBOX_UID + uidSlot) alternates between `slot` and `slot + jobs`, so the two kernels a slot has
   * at once never share a user.
   */
  interface Ahead {
    uidSlot: number;
    kernel: Promise<KernelClient>;
    dir: Promise<string>;
  }
  /** Kernels started ahead and not yet taken: one is started only for a submission no other one is waiting for. */
  let aheadHeld = 0;
  const wantAhead = () => options.kernelFactory === undefined && subs.length - next > aheadHeld;
  const startAhead = (uidSlot: number): Ahead => {
    aheadHeld++;
    const dir = mkdtemp(join(tmpdir(), "dl4nlp-grade-"));
    const kernel = dir.then((d) =>
      createSandboxKernel({ workDir: join(d, "k"), limits: { ...options.limits }, slot: uidSlot, packageRoot: key.libraryRoot }),
    );
    kernel.catch(() => {}); // a failed start is the submission's first failed attempt (grade-one.ts), never unhandled
    return { uidSlot, kernel, dir };
  };
  /** Ends a kernel started ahead (used or not: shutdown is idempotent) and removes its folder. */
  const endAhead = async (ahead: Ahead) => {
    await ahead.kernel.then((k) => k.shutdown()).catch(() => {});
    await ahead.dir.then((d) => rm(d, { recursive: true, force: true })).catch(() => {});
  };
  const worker = async (slot: number) => {
    let mine: Ahead | undefined = wantAhead() ? startAhead(slot) : undefined;
    const onAbort = () => {
      if (mine) void endAhead(mine);
    };
    options.signal?.addEventListener("abort", onAbort);
    try {
      await work(
        slot,
        () => mine,
        (m) => {
          mine = m;
        },
      );
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      if (mine) await endAhead(mine);
    }
  };
  /** A slot's loop: `held` is the kernel started ahead for its next submission, `hold` replaces it. */
  const work = async (slot: number, held: () => Ahead | undefined, hold: (a: Ahead | undefined) => void) => {
    while (next < subs.length && !options.signal?.aborted && !broken) {
      const i = next++;
      const { student, file, problem } = subs[i];
      const resultFile = join(options.outDir, "results", `${safeName(student)}.json`);
      let text: Buffer | undefined;
      let unreadable = problem;
      if (!unreadable) {
        try {
          text = await readNoFollow(file);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          unreadable =
            code === "ELOOP"
              ? `${file} is a symbolic link; links are not followed (submit the notebook itself)`
              : `${file} cannot be read (${code ?? (err as Error).message})`;
        }
      }
      const fileHash = sha256(text ?? unreadable ?? "");
      const old = options.force || unreadable ? undefined : await previous(resultFile, fileHash, keyHash);
      let r: StudentResult;
      if (old) {
        r = old;
        reused++;
      } else {
        // this submission's kernel is the one started ahead; the next one's starts now, while this one is graded
        const mine = held();
        if (mine) aheadHeld--;
        const uidSlot = mine?.uidSlot ?? slot;
        hold(wantAhead() ? startAhead(uidSlot === slot ? slot + jobs : slot) : undefined);
        try {
          r = await gradeSubmission(
            key,
            master,
            unreadable ? "" : (text as Buffer).toString("utf8"),
            { student, file: shownPath(file), fileHash, keyHash },
            { ...options, slot: uidSlot, prestarted: mine?.kernel },
          );
        } finally {
          if (mine) await endAhead(mine);
        }
        if (options.signal?.aborted) {
          // cut short: its kernel was ended under it, so its score and cell events are not the submission's
          notSaved.push(student);
          options.onInterrupted?.(student);
          continue;
        }
        if (unreadable) {
          r.status = "error";
          r.message = unreadable;
          for (const t of r.tests) t.message = "not run: the notebook could not be read";
        }
        if (!r.graderError)
          await writeFileAtomic(resultFile, `${JSON.stringify({ ...r, graderVersion: GRADER_VERSION }, null, 2)}\n`);
      }
      if (r.graderError && graded === 0) {
        broken = r.message;
        return;
      }
      if (!r.graderError) graded++;
      results[i] = r;
      options.onResult?.(r, old !== undefined, ++done, subs.length);
    }
  };
  await Promise.all(Array.from({ length: jobs }, (_, slot) => worker(slot)));
  if (broken) {
    throw new Error(`${broken} (before any submission could be graded: nothing was saved; fix the set-up and run again)`);
  }
  const finished = results.filter((r): r is StudentResult => r !== undefined);
  const interrupted = options.signal?.aborted === true;
  if (!interrupted) {
    const title = basename(options.keyPath, ".ipynb");
    await writeFileAtomic(join(options.outDir, "grades.csv"), gradesCsv(finished));
    await writeFileAtomic(
      join(options.outDir, "report.json"),
      reportJson(finished, {
        key: options.keyPath,
        keyHash,
        graderVersion: GRADER_VERSION,
        gradedAt: new Date().toISOString(),
        limits: { cellTimeout: options.cellTimeout, notebookTimeout: options.notebookTimeout, ...options.limits },
        sandbox,
        // the same "not graded" lines the terminal shows, so the report says what was left out and why
        notGraded: skipped.map((k) => ({ path: shownPath(k.path), why: k.why })),
      }),
    );
    await writeFileAtomic(join(options.outDir, "junit.xml"), gradeJunit(finished));
    for (const r of finished) {
      await writeFileAtomic(join(options.outDir, "feedback", `${safeName(r.student)}.html`), feedbackHtml(r, title));
    }
  }
  return { results: finished, reused, sandbox, outDir: options.outDir, interrupted, notSaved, skipped };
}
