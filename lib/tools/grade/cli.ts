import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { assignFile } from "./assign";

const ASSIGN_USAGE = `Usage: dl4nlp assign MASTER.ipynb... --out DIR [--force]

Writes the student version of each master notebook to DIR (same file name): answer regions between
// BEGIN SOLUTION and // END SOLUTION replaced by a stub, hidden tests removed, outputs cleared.
The master is never overwritten; an existing file in DIR only with --force.`;

const GRADE_USAGE = `Usage: dl4nlp grade --key MASTER.ipynb SUBMISSIONS_DIR [options]

Re-executes every submission (SUBMISSIONS_DIR/*.ipynb, or one notebook per subfolder) in its own sandboxed tslab
kernel with the master's tests (hidden ones too) put back in place, and writes to --out:
grades.csv, report.json, junit.xml, feedback/<student>.html, results/<student>.json.

Options:
  --out DIR              output folder (default: grades)
  --jobs N               submissions graded at once (default 1)
  --timeout S            per-cell timeout in seconds (default 30)
  --notebook-timeout S   whole-notebook timeout in seconds (default 300)
  --memory MB            kernel heap limit in MB (default 1024; address space: MB + 3072)
  --output-cap BYTES     kernel output cap (default 10000000)
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
  let numbers: { jobs: number; timeout: number; notebookTimeout: number; memory: number; outputCap: number };
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
  try {
    const summary = await gradeAll({
      keyPath: resolve(values.key),
      submissionsDir: resolve(positionals[0]),
      outDir: resolve(typeof values.out === "string" ? values.out : "grades"),
      jobs: numbers.jobs,
      force: values.force === true,
      cellTimeout: numbers.timeout,
      notebookTimeout: numbers.notebookTimeout,
      limits: { memoryMb: numbers.memory, outputCapBytes: numbers.outputCap },
      kernelFactory,
      onResult: quiet
        ? undefined
        : (r, reused, done, total) =>
            process.stdout.write(
              `[${done}/${total}] ${r.student}: ${r.score}/${r.maxScore}${reused ? " (unchanged, kept)" : ""}${r.status === "error" || r.message ? ` (${r.status === "error" ? "error: " : ""}${r.message})` : ""}\n`,
            ),
    });
    for (const note of summary.sandbox) process.stderr.write(`dl4nlp grade: note: ${note}\n`);
    const errors = summary.results.filter((r) => r.status === "error").length;
    process.stdout.write(
      `${summary.results.length} submission(s): ${summary.results.length - errors} graded, ${errors} could not be run, ${summary.reused} kept from an earlier run; results in ${summary.outDir}\n`,
    );
    return errors > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`dl4nlp grade: ${(err as Error).message}\n`);
    return 2;
  }
}

/** Entry for a dispatcher that passes the subcommand first. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "assign") return assign(rest);
  if (sub === "grade") return grade(rest);
  process.stderr.write("usage: dl4nlp assign ... | dl4nlp grade ...\n");
  return 2;
}
