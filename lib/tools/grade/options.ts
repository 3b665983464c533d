import { byteSize, type OptionSpec, option, optionsHelp, parseCommandLine, positiveSeconds, wholeNumber } from "../args";

/** The options of `dl4nlp assign`, for its parser and help (the shared parser of lib/tools/args). */
export const ASSIGN_OPTIONS: OptionSpec[] = [
  option("out", "folder the student versions are written to"),
  option("force", "overwrite an existing file in DIR"),
  option("help"),
];

export const ASSIGN_USAGE = `Usage: dl4nlp assign MASTER.ipynb... --out DIR [--force]

Writes the student version of each master notebook to DIR (same file name): answer regions between
// BEGIN SOLUTION and // END SOLUTION replaced by a stub, hidden tests removed, outputs cleared.
The master is never overwritten; an existing file in DIR only with --force.

Options:
${optionsHelp(ASSIGN_OPTIONS)}`;

/** The options of `dl4nlp grade`, for its parser and help; the validators and wording are run's, html's and slides'. */
export const GRADE_OPTIONS: OptionSpec[] = [
  { name: "key", short: "k", kind: "value", placeholder: "MASTER.ipynb", help: "the master notebook (solutions and tests)" },
  option("out", "output folder (default: grades)"),
  option("jobs", "submissions graded at once (default 1)"),
  option("timeout", "per-cell timeout in seconds (default 30)"),
  {
    name: "notebook-timeout",
    kind: "value",
    placeholder: "S",
    parse: positiveSeconds,
    help: "whole-notebook timeout in seconds (default 300)",
  },
  {
    name: "memory",
    kind: "value",
    placeholder: "MB",
    parse: wholeNumber(1),
    help: "kernel heap limit in MB (default 1024; address space: MB + 3072)",
  },
  {
    name: "output-cap",
    kind: "value",
    placeholder: "BYTES",
    parse: byteSize,
    help: "kernel output cap, e.g. 10000000, 500k or 10M (default 10M)",
  },
  {
    name: "disk",
    kind: "value",
    placeholder: "MB",
    parse: wholeNumber(1),
    help: "size of each private temporary folder of a kernel, largest file (default 64)",
  },
  { name: "no-sandbox", kind: "flag", help: "run kernels without confinement (trusted notebooks only)" },
  option("force", "grade again what an earlier run already graded (same file, same key)"),
  option("server", "run the kernels on a Jupyter server (isolation is then the server's)"),
  option("token", "the server's token (kept out of every report)"),
  option("quiet", "no per-student lines"),
  option("help"),
];

export const GRADE_USAGE = `Usage: dl4nlp grade --key MASTER.ipynb SUBMISSIONS_DIR [options]

Runs every submission (SUBMISSIONS_DIR/STUDENT.ipynb, or a folder STUDENT/ per student: its notebook, or of several
the one named as the master (the others "not graded"; with none so named the student's row says which it holds and
nothing of it is graded), or nbgrader's submitted/STUDENT/ASSIGNMENT/ layout) in its own sandboxed tslab kernel (bubblewrap); the master's tests
(hidden ones too) run in the grader on the student's answers. Writes to --out:
grades.csv, report.json, junit.xml, feedback/<student>.html, results/<student>.json.
Ctrl-C ends every kernel; finished results are kept and a rerun resumes.

Options:
${optionsHelp(GRADE_OPTIONS)}`;

/** `dl4nlp grade`'s command line, typed, defaults applied. */
export interface GradeArgs {
  help: boolean;
  key?: string;
  submissions: string[];
  out: string;
  jobs: number;
  timeout: number;
  notebookTimeout: number;
  memory: number;
  outputCap: number;
  disk: number;
  noSandbox: boolean;
  force: boolean;
  server?: string;
  token?: string;
  quiet: boolean;
}

/** Parses `dl4nlp grade`'s arguments (lib/tools/args); throws its UsageError naming the option and the bad value. */
export function parseGradeArgs(argv: string[]): GradeArgs {
  const { values: v, positionals } = parseCommandLine(argv, GRADE_OPTIONS);
  return {
    help: v.help === true,
    key: v.key as string | undefined,
    submissions: positionals,
    out: (v.out as string | undefined) ?? "grades",
    jobs: (v.jobs as number | undefined) ?? 1,
    timeout: (v.timeout as number | undefined) ?? 30,
    notebookTimeout: (v["notebook-timeout"] as number | undefined) ?? 300,
    memory: (v.memory as number | undefined) ?? 1024,
    outputCap: (v["output-cap"] as number | undefined) ?? 10_000_000,
    disk: (v.disk as number | undefined) ?? 64,
    noSandbox: v["no-sandbox"] === true,
    force: v.force === true,
    server: v.server as string | undefined,
    token: v.token as string | undefined,
    quiet: v.quiet === true,
  };
}
