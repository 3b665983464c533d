import { resolve } from "node:path";
import { parseCommandLine, parseOrExit, usageError } from "../args";
import { assignFile } from "./assign";
import { shownPath } from "../shown-path";
import { resultLine } from "./reports";
import { ASSIGN_OPTIONS, ASSIGN_USAGE, GRADE_USAGE, parseGradeArgs } from "./options";
import { terminalSafe } from "../terminal-safe";

/** `dl4nlp assign`. */
export async function assign(argv: string[]): Promise<number> {
  const parsed = parseOrExit("assign", ASSIGN_USAGE, () => {
    const { values, positionals } = parseCommandLine(argv, ASSIGN_OPTIONS);
    return { values, positionals, help: values.help === true };
  });
  if (typeof parsed === "number") return parsed;
  const out = parsed.values.out;
  if (parsed.positionals.length === 0 || typeof out !== "string") {
    return usageError("assign", "give the master notebook(s) and --out DIR");
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

/** `dl4nlp grade`. Exit code 0 when every submission could be graded (whatever the scores), 1 otherwise, 2 for usage. */
export async function grade(argv: string[]): Promise<number> {
  const args = parseOrExit("grade", GRADE_USAGE, () => parseGradeArgs(argv));
  if (typeof args === "number") return args;
  if (args.key === undefined || args.submissions.length !== 1) {
    return usageError("grade", "give --key MASTER.ipynb and one SUBMISSIONS_DIR");
  }
  const { gradeAll } = require("./grade-all") as typeof import("./grade-all");
  let kernelFactory: import("./grade-one").GradeOptions["kernelFactory"];
  if (args.server !== undefined) {
    const { createServerKernel } = require("../kernel/server-client") as typeof import("../kernel/server-client");
    const baseUrl = args.server;
    const token = args.token;
    kernelFactory = () => createServerKernel({ baseUrl, token }); // the server's "dl4nlp" kernelspec
  }
  const quiet = args.quiet;
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
      keyPath: resolve(args.key),
      submissionsDir: resolve(args.submissions[0]),
      outDir: resolve(args.out),
      jobs: args.jobs,
      force: args.force,
      cellTimeout: args.timeout,
      notebookTimeout: args.notebookTimeout,
      limits: {
        memoryMb: args.memory,
        outputCapBytes: args.outputCap,
        diskMb: args.disk,
        cpuSeconds: Math.ceil(args.notebookTimeout * 2),
        unconfined: args.noSandbox,
      },
      kernelFactory,
      redact: args.token !== undefined ? [args.token] : [],
      signal: abort.signal,
      onResult: quiet
        ? undefined
        : (r, reused, done, total) => process.stdout.write(`${terminalSafe(resultLine(r, reused, done, total), "escape")}\n`),
      onInterrupted: quiet
        ? undefined
        : (student) => process.stdout.write(`${terminalSafe(`${student}: interrupted, not saved`, "escape")}\n`),
    });
    for (const note of summary.sandbox) process.stderr.write(`dl4nlp grade: note: ${note}\n`);
    for (const k of summary.skipped)
      process.stdout.write(`${terminalSafe(`not graded: ${shownPath(k.path)}: ${k.why}`, "escape")}\n`);
    if (summary.interrupted) {
      const saved = summary.results.filter((r) => !r.graderError).length;
      const cut = summary.notSaved.length;
      process.stderr.write(
        `dl4nlp grade: interrupted: ${saved} result(s) saved in ${summary.outDir}/results${cut ? `, ${cut} submission(s) cut short and not saved` : ""}; run again to finish\n`,
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

/** Entry for a dispatcher that passes the subcommand first. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "assign") return assign(rest);
  if (sub === "grade") return grade(rest);
  process.stderr.write("usage: dl4nlp assign ... | dl4nlp grade ...\n");
  return 2;
}
