import { existsSync, lstatSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../cli";
import { checkStudentEdition, copyNotebooks, notebooksIn, writeStudentEditions } from "./editions";
import { leakLines } from "./leaks";
import { count } from "../../tensor/plural";

/** Options of buildCourse. */
export interface CourseOptions {
  /** The course notebooks (default "notebooks"). */
  source: string;
  /** The assignment masters (default "notebooks/assignments"; skipped when it holds none). */
  assignments: string;
  /** The build folder (default "build"): `student/` and `instructor/` are written below it. */
  out: string;
  jobs: number;
  /** Where progress lines go. */
  log: (line: string) => void;
}

/**
 * The main job: both editions of the course from one source.
 * 1. The course notebooks are executed once → `instructor/notebooks` (solutions, answers, speaker notes, outputs).
 * 2. Their student editions (see studentEdition) → `student/notebooks`, from the executed copies, so the figures
 *    need no second run.
 * 3. For each edition, the site (`site/`) and the decks (`slides/`), exported from its notebooks without executing.
 * 4. Assignments: the masters → `instructor/assignments`, `dl4nlp assign` → `student/assignments`.
 * 5. The leak check: every secret of the sources (solution lines, answers, hidden tests, the outputs of solutions and
 *    self-checks) is searched for in every file of `student/`; one found fails the build.
 * Returns the exit code: 0 when every step passed.
 */
export async function buildCourse(options: CourseOptions): Promise<number> {
  const { out, log } = options;
  const dir = (edition: "student" | "instructor", part: string) => join(out, edition, part);
  const step = async (what: string, argv: string[]) => {
    log(`course: ${what}`);
    const code = await cli(argv);
    if (code !== 0) log(`course: ${what} failed (exit ${code})`);
    return code;
  };
  let sources: string[];
  try {
    sources = notebooksIn(options.source);
  } catch (err) {
    log(`course: --source ${options.source}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 1;
  }
  if (sources.length === 0) {
    log(`course: no notebooks in ${options.source}`);
    return 1;
  }
  // each edition's folder is rebuilt from nothing, so it is deleted first: only when an earlier course build made it
  for (const edition of ["student", "instructor"] as const) {
    const problem = foreignFolder(join(out, edition));
    if (problem) {
      log(`course: ${problem}`);
      return 1;
    }
  }
  for (const edition of ["student", "instructor"] as const) {
    rmSync(join(out, edition), { recursive: true, force: true });
    mkdirSync(join(out, edition), { recursive: true });
    writeFileSync(join(out, edition, COURSE_MARK), "Written by `dl4nlp course`, which deletes and rebuilds this folder.\n");
  }
  const executed = dir("instructor", "notebooks");
  if ((await step("executing the notebooks", ["run", ...sources, "--out", executed, "--jobs", String(options.jobs)])) !== 0)
    return 1;
  log("course: writing the student edition");
  await writeStudentEditions(notebooksIn(executed), dir("student", "notebooks"));

  let failed = false;
  for (const edition of ["instructor", "student"] as const) {
    const notebooks = dir(edition, "notebooks");
    // --trust: these outputs were computed by this run (above), so their scripts (figures, the Playground) are ours
    const site = ["html", notebooks, "--out", dir(edition, "site"), "--no-execute", "--trust"];
    failed ||= (await step(`${edition} site`, site)) !== 0;
    const decks = ["slides", notebooks, "--out", dir(edition, "slides"), "--no-execute", "--trust"];
    failed ||= (await step(`${edition} decks`, decks)) !== 0;
  }

  const masters = safeNotebooksIn(options.assignments);
  if (masters.length > 0) {
    copyNotebooks(masters, dir("instructor", "assignments"));
    failed ||=
      (await step("student assignments", ["assign", ...masters, "--out", dir("student", "assignments"), "--force"])) !== 0;
  }

  log("course: checking that no solution or answer reached the student edition");
  const report = await checkStudentEdition(join(out, "student"), [...sources, ...masters], {
    executedDir: executed,
    instructorDir: join(out, "instructor"),
  });
  for (const line of leakLines(report)) log(`LEAK ${line}`);
  for (const s of report.unseen) log(`course: warning: a secret of ${s.where} is in no file of the instructor edition either`);
  log(
    `course: ${count(report.secrets.length, "secret")} searched in ${count(report.files.length, "file")} of ${join(out, "student")}: ${report.leaks.length} found`,
  );
  if (report.leaks.length > 0) failed = true;
  log(`course: ${failed ? "FAILED" : "done"}: ${join(out, "student")} (hand out) and ${join(out, "instructor")} (keep)`);
  return failed ? 1 : 0;
}

/**
 * The file every course build writes into `student/` and `instructor/`: a later build deletes such a folder and
 * writes it again; a folder without it (a user's own, or one holding submissions or grades) is never deleted.
 */
export const COURSE_MARK = ".dl4nlp-course";

/** Why `folder` must not be deleted, or undefined when it does not exist or an earlier course build made it. */
function foreignFolder(folder: string): string | undefined {
  let isFolder: boolean;
  try {
    isFolder = lstatSync(folder).isDirectory();
  } catch {
    return undefined;
  }
  if (!isFolder) return `${folder} exists and is not a folder: not replaced (choose another --out)`;
  if (existsSync(join(folder, COURSE_MARK))) return undefined;
  return `${folder} exists and was not written by dl4nlp course (it has no ${COURSE_MARK}): not deleted; choose another --out, or move it away yourself`;
}

function safeNotebooksIn(path: string): string[] {
  try {
    return notebooksIn(path);
  } catch {
    return [];
  }
}
