import { type OptionSpec, option, optionsHelp, parseCommandLine, parseOrExit, usageError } from "../args";
import { buildCourse } from "./course";
import { checkStudentEdition, notebooksIn, writeStudentEditions } from "./editions";
import { leakLines } from "./leaks";
import { terminalSafe } from "../terminal-safe";
import { count } from "../../tensor/plural";

/** The options of `dl4nlp course`, for its parser and help. */
export const COURSE_OPTIONS: OptionSpec[] = [
  { name: "source", kind: "value", placeholder: "DIR", help: "the course notebooks (default notebooks)" },
  { name: "assignments", kind: "value", placeholder: "DIR", help: "the assignment masters (default notebooks/assignments)" },
  option("out", "the build folder (default build)"),
  option("jobs", "notebooks executed in parallel (default 2)"),
  option("help"),
];

const COURSE_HELP = `Usage: dl4nlp course [--source DIR] [--assignments DIR] [--out DIR] [--jobs N]

Builds both editions of the course from one source: executes the notebooks once, then writes
  OUT/instructor/  notebooks (executed, with solutions, answers and speaker notes), site, slides, assignments (masters)
  OUT/student/     the same without solutions, quiz answers, hidden tests and speaker notes: hand this out
and fails if any solution or answer text reaches OUT/student.

Options:
${optionsHelp(COURSE_OPTIONS)}`;

/** The options of `dl4nlp editions`, for its parser and help. */
export const EDITIONS_OPTIONS: OptionSpec[] = [
  option("out", "student: the folder the student editions are written to"),
  { name: "source", kind: "list", placeholder: "PATH", help: "check: a source notebook or folder (repeatable)" },
  { name: "executed", kind: "value", placeholder: "DIR", help: "check: the executed source notebooks" },
  { name: "instructor", kind: "value", placeholder: "DIR", help: "check: the instructor edition" },
  option("help"),
];

const EDITIONS_HELP = `Usage: dl4nlp editions student <notebook.ipynb | folder>... --out DIR
       dl4nlp editions check <student folder> --source <notebook.ipynb | folder>... [--executed DIR] [--instructor DIR]

student  writes the student edition of each notebook (executed or not) into DIR: solution regions replaced by stubs,
         answer cells, hidden tests and speaker notes removed, self-checks without outputs.
check    searches every notebook, page and deck below the student folder for the solutions and answers of the source
         notebooks (and, with --executed, the outputs of their solution and self-check cells); exit 1 if any is found.

Options:
${optionsHelp(EDITIONS_OPTIONS)}`;

/** `dl4nlp course`: returns the exit code. */
export async function course(argv: string[]): Promise<number> {
  const parsed = parseOrExit("course", COURSE_HELP, () => {
    const { values } = parseCommandLine(argv, COURSE_OPTIONS, { positionals: false });
    return { values, help: values.help === true };
  });
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const jobs = (values.jobs as number | undefined) ?? 2;
  return buildCourse({
    source: (values.source as string | undefined) ?? "notebooks",
    assignments: (values.assignments as string | undefined) ?? "notebooks/assignments",
    out: (values.out as string | undefined) ?? "build",
    jobs,
    log: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
  });
}

/** `dl4nlp editions student|check`: returns the exit code. */
export async function editions(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const parsed = parseOrExit("editions", EDITIONS_HELP, () => {
    const { values, positionals } = parseCommandLine(rest, EDITIONS_OPTIONS);
    return { values, positionals, help: values.help === true || sub === "--help" || sub === "-h" };
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const usage = (msg: string) => usageError("editions", msg);
  try {
    if (sub === "student") {
      if (positionals.length === 0) return usage("student: no notebooks given");
      if (typeof values.out !== "string") return usage("student: --out DIR is required");
      const written = await writeStudentEditions(positionals.flatMap(notebooksIn), values.out);
      for (const f of written) process.stdout.write(`${terminalSafe(f)}\n`);
      return 0;
    }
    if (sub === "check") {
      if (positionals.length !== 1) return usage("check: give one student folder");
      const given = (values.source as string[] | undefined) ?? [];
      if (given.length === 0)
        return usage("check: --source NOTEBOOK|DIR is required (the instructor notebooks to check against)");
      const sources = given.flatMap(notebooksIn);
      if (sources.length === 0) return usage(`check: --source ${given.join(", ")} names no notebook (.ipynb)`);
      const report = await checkStudentEdition(positionals[0], sources, {
        executedDir: values.executed as string | undefined,
        instructorDir: values.instructor as string | undefined,
      });
      for (const line of leakLines(report)) process.stdout.write(`LEAK ${terminalSafe(line)}\n`);
      process.stderr.write(
        `${count(report.secrets.length, "secret")} searched in ${count(report.files.length, "file")}: ${report.leaks.length} found\n`,
      );
      return report.leaks.length === 0 ? 0 : 1;
    }
  } catch (err) {
    process.stderr.write(`dl4nlp editions: ${terminalSafe((err as Error).message)}\n`);
    return 1;
  }
  return usage(sub === undefined ? "give a subcommand: student or check" : `unknown subcommand "${sub}"`);
}
