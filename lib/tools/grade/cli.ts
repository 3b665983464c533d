import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { assignFile } from "./assign";

const ASSIGN_USAGE = `Usage: dl4nlp assign MASTER.ipynb... --out DIR [--force]

Writes the student version of each master notebook to DIR (same file name): answer regions between
// BEGIN SOLUTION and // END SOLUTION replaced by a stub, hidden tests removed, outputs cleared.
The master is never overwritten; an existing file in DIR only with --force.`;

const GRADE_USAGE = `Usage: dl4nlp grade --key MASTER.ipynb SUBMISSIONS_DIR [options]

Runs every submission (SUBMISSIONS_DIR/*.ipynb, one notebook per subfolder, or nbgrader's
submitted/STUDENT/ASSIGNMENT/ layout) in its own sandboxed tslab kernel (bubblewrap); the master's tests
(hidden ones too) run in the grader on the student's answers. Writes to --out:
grades.csv, report.json, junit.xml, feedback/<student>.html, results/<student>.json.
Ctrl-C ends every kernel; finished results are kept and a rerun resumes.

Options:
  --out DIR              output folder (default: grades)
  --jobs N               submissions graded at once (default 1)
  --timeout S            per-cell timeout in seconds (default 30)
  --notebook-timeout S   whole-notebook timeout in seconds (default 300)
  --memory MB            kernel heap limit in MB (default 1024; address space: MB + 3072)
  --output-cap BYTES     kernel output cap (default 10000000)
  --disk MB              size of each private temporary folder of a kernel, largest file (default 64)
  --no-sandbox           run kernels without confinement (trusted notebooks only)
  --force                grade again what an earlier run already graded (same file, same key)
  --server URL --token T run the kernels on a Jupyter server (isolation is then the server's)
  --quiet                no per-student lines`;

/** `dl4nlp assign`. */
export async function assign(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseAssign>;
  try {
    parsed = parseAssign(argv);
  } catch (err) {
    process.stderr.write(`dl4nlp assign: ${(err as Error).message}\n\n${ASSIGN_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${ASSIGN_USAGE}\n`);
    return 0;
  }
  const out = parsed.values.out;
  if (parsed.positionals.length === 0 || typeof out !== "string") {
    process.stderr.write(`dl4nlp assign: give the master notebook(s) and --out DIR\n\n${ASSIGN_USAGE}\n`);
    return 2;
  }
  let code = 0;
  for (const master of parsed.positionals) {
    try {
      const target = await assignFile(master, out, parsed.values.force === true);
      process.stdout.write(`${master} -> ${target}\n`);
    } catch (err) {
      process.stderr.write(`dl4nlp assign: ${(err as Error).message}\n`);
      code = 1;
    }
  }
  return code;
}

function parseAssign(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string", short: "o" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

/** `dl4nlp grade`. Exit code 0 when every submission could be graded (whatever the scores), 1 otherwise, 2 for usage. */
export async function grade(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let numbers: { jobs: number; timeout: number; notebookTimeout: number; memory: number; outputCap: number; disk: number };
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        key: { type: "string", short: "k" },
        out: { type: "string", short: "o" },
        jobs: { type: "string", short: "j" },
        timeout: { type: "string" },
        "notebook-timeout": { type: "string" },
        memory: { type: "string" },
        "output-cap": { type: "string" },
        disk: { type: "string" },
        "no-sandbox": { type: "boolean" },
        force: { type: "boolean" },
        server: { type: "string" },
        token: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    });
    values = parsed.values;
    positionals = parsed.positionals;
    numbers = {
      jobs: Math.floor(positiveNumber("jobs", values.jobs, 1)),
      timeout: positiveNumber("timeout", values.timeout, 30),
      notebookTimeout: positiveNumber("notebook-timeout", values["notebook-timeout"], 300),
      memory: Math.floor(positiveNumber("memory", values.memory, 1024)),
      outputCap: Math.floor(positiveNumber("output-cap", values["output-cap"], 10_000_000)),
      disk: Math.floor(positiveNumber("disk", values.disk, 64)),
    };
  } catch (err) {
    process.stderr.write(`dl4nlp grade: ${(err as Error).message}\n\n${GRADE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${GRADE_USAGE}\n`);
    return 0;
  }
  if (typeof values.key !== "string" || positionals.length !== 1) {
    process.stderr.write(`dl4nlp grade: give --key MASTER.ipynb and one SUBMISSIONS_DIR\n\n${GRADE_USAGE}\n`);
    return 2;
  }
  const { gradeAll } = require("./grade-all") as typeof import("./grade-all");
  let kernelFactory: import("./grade-one").GradeOptions["kernelFactory"];
  if (typeof values.server === "string") {
    const { createServerKernel } = require("../kernel/server-client") as typeof import("../kernel/server-client");
    const baseUrl = values.server;
    const token = typeof values.token === "string" ? values.token : undefined;
    kernelFactory = () => createServerKernel({ baseUrl, token }); // the server's "dl4nlp" kernelspec
  }
  const quiet = values.quiet === true;
  const abort = new AbortController();
  const onSignal = () => {
    if (!abort.signal.aborted)
      process.stderr.write("\ndl4nlp grade: interrupted: ending the kernels; finished results are kept\n");
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const summary = await gradeAll({
      keyPath: resolve(values.key),
      submissionsDir: resolve(positionals[0]),
      outDir: resolve(typeof values.out === "string" ? values.out : "grades"),
      jobs: numbers.jobs,
      force: values.force === true,
      cellTimeout: numbers.timeout,
      notebookTimeout: numbers.notebookTimeout,
      limits: {
        memoryMb: numbers.memory,
        outputCapBytes: numbers.outputCap,
        diskMb: numbers.disk,
        cpuSeconds: Math.ceil(numbers.notebookTimeout * 2),
        unconfined: values["no-sandbox"] === true,
      },
      kernelFactory,
      redact: typeof values.token === "string" ? [values.token] : [],
      signal: abort.signal,
      onResult: quiet
        ? undefined
        : (r, reused, done, total) =>
            process.stdout.write(
              `${terminalSafe(`[${done}/${total}] ${r.student}: ${r.score}/${r.maxScore}${reused ? " (unchanged, kept)" : ""}${r.status === "error" || r.message ? ` (${r.status === "error" ? "error: " : ""}${r.message})` : ""}${r.warnings?.length ? ` (warning: ${r.warnings.join("; ")})` : ""}`)}\n`,
            ),
    });
    for (const note of summary.sandbox) process.stderr.write(`dl4nlp grade: note: ${note}\n`);
    if (summary.interrupted) {
      process.stderr.write(
        `dl4nlp grade: interrupted after ${summary.results.length} submission(s); their results are in ${summary.outDir}/results, run again to finish\n`,
      );
      return 130;
    }
    const errors = summary.results.filter((r) => r.status === "error").length;
    process.stdout.write(
      `${summary.results.length} submission(s): ${summary.results.length - errors} graded, ${errors} could not be run, ${summary.reused} kept from an earlier run; results in ${summary.outDir}\n`,
    );
    return errors > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`${terminalSafe(`dl4nlp grade: ${(err as Error).message}`)}\n`);
    return 2;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Text for a terminal: control characters (ANSI escapes among them) shown as \\xNN / \\u{N}, line breaks kept. */
export function terminalSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is matched
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u{${c.charCodeAt(0).toString(16)}}`,
  );
}

/** Entry for a dispatcher that passes the subcommand first. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "assign") return assign(rest);
  if (sub === "grade") return grade(rest);
  process.stderr.write("usage: dl4nlp assign ... | dl4nlp grade ...\n");
  return 2;
}
