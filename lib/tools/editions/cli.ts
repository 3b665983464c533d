import { parseArgs } from "node:util";
import { buildCourse } from "./course";
import { checkStudentEdition, notebooksIn, writeStudentEditions } from "./editions";
import { leakLines } from "./leaks";

export const COURSE_HELP = `Usage: dl4nlp course [--source DIR] [--assignments DIR] [--out DIR] [--jobs N]

Builds both editions of the course from one source: executes the notebooks once, then writes
  OUT/instructor/  notebooks (executed, with solutions, answers and speaker notes), site, slides, assignments (masters)
  OUT/student/     the same without solutions, quiz answers, hidden tests and speaker notes: hand this out
and fails if any solution or answer text reaches OUT/student.

Options:
  --source DIR        the course notebooks (default notebooks)
  --assignments DIR   the assignment masters (default notebooks/assignments)
  --out DIR           the build folder (default build)
  -j, --jobs N        notebooks executed in parallel (default 2)
  -h, --help          this help`;

export const EDITIONS_HELP = `Usage: dl4nlp editions student <notebook.ipynb | folder>... --out DIR
       dl4nlp editions check <student folder> --source <notebook.ipynb | folder>... [--executed DIR] [--instructor DIR]

student  writes the student edition of each notebook (executed or not) into DIR: solution regions replaced by stubs,
         answer cells, hidden tests and speaker notes removed, self-checks without outputs.
check    searches every notebook, page and deck below the student folder for the solutions and answers of the source
         notebooks (and, with --executed, the outputs of their solution and self-check cells); exit 1 if any is found.`;

/** `dl4nlp course`: returns the exit code. */
export async function course(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        source: { type: "string" },
        assignments: { type: "string" },
        out: { type: "string" },
        jobs: { type: "string", short: "j" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    process.stderr.write(`dl4nlp course: ${(err as Error).message}\n\n${COURSE_HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${COURSE_HELP}\n`);
    return 0;
  }
  const jobs = values.jobs === undefined ? 2 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write(`dl4nlp course: --jobs ${values.jobs}: expected a whole number >= 1\n`);
    return 2;
  }
  return buildCourse({
    source: (values.source as string | undefined) ?? "notebooks",
    assignments: (values.assignments as string | undefined) ?? "notebooks/assignments",
    out: (values.out as string | undefined) ?? "build",
    jobs,
    log: (line) => process.stderr.write(`${line}\n`),
  });
}

/** `dl4nlp editions student|check`: returns the exit code. */
export async function editions(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        source: { type: "string", multiple: true },
        executed: { type: "string" },
        instructor: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    process.stderr.write(`dl4nlp editions: ${(err as Error).message}\n\n${EDITIONS_HELP}\n`);
    return 2;
  }
  if (values.help || sub === "--help" || sub === "-h") {
    process.stdout.write(`${EDITIONS_HELP}\n`);
    return 0;
  }
  const usage = (msg: string) => {
    process.stderr.write(`dl4nlp editions: ${msg}\n\n${EDITIONS_HELP}\n`);
    return 2;
  };
  try {
    if (sub === "student") {
      if (positionals.length === 0) return usage("student: no notebooks given");
      if (typeof values.out !== "string") return usage("student: --out DIR is required");
      const written = await writeStudentEditions(positionals.flatMap(notebooksIn), values.out);
      for (const f of written) process.stdout.write(`${f}\n`);
      return 0;
    }
    if (sub === "check") {
      if (positionals.length !== 1) return usage("check: give one student folder");
      const sources = ((values.source as string[] | undefined) ?? []).flatMap(notebooksIn);
      if (sources.length === 0) return usage("check: --source names no notebook");
      const report = await checkStudentEdition(positionals[0], sources, {
        executedDir: values.executed as string | undefined,
        instructorDir: values.instructor as string | undefined,
      });
      for (const line of leakLines(report)) process.stdout.write(`LEAK ${line}\n`);
      process.stderr.write(
        `${report.secrets.length} secrets searched in ${report.files.length} files: ${report.leaks.length} found\n`,
      );
      return report.leaks.length === 0 ? 0 : 1;
    }
  } catch (err) {
    process.stderr.write(`dl4nlp editions: ${(err as Error).message}\n`);
    return 1;
  }
  return usage(sub === undefined ? "give a subcommand: student or check" : `unknown subcommand "${sub}"`);
}
