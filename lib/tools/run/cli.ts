import { parseArgs } from "node:util";
import { writeFileAtomic } from "../nbformat/write";
import { type ParameterValue, parseParameter } from "./parameters";
import { createProgress, summaryTable } from "./progress";
import { jsonReport } from "./report-json";
import { junitReport } from "./report-junit";
import { expandPaths, runNotebooks } from "./run-notebooks";
import type { KernelFactory } from "./types";

export const HELP = `Usage: dl4nlp run [options] <notebook.ipynb | folder>...

Executes notebooks headless in fresh tslab kernels (no Python, no Jupyter server) and writes the executed copies.

Options:
  --out DIR              folder for the executed notebooks (default build/notebooks)
  --inplace              write the executed notebook over its input instead
  -j, --jobs N           notebooks run in parallel, one kernel each (default 1)
  --timeout S            per-cell timeout in seconds (a cell's metadata.dl4nlp.timeout or
                         metadata.execution.timeout overrides it); interrupt first, then kill
  --allow-errors         go on after a failing cell (default: stop the notebook at the first error)
  -p, --parameter N=V    set a parameter, papermill style (after the cell tagged "parameters");
                         V is typed: number, true/false, JSON, else a string. Repeatable.
  --report json FILE     write a JSON report (also --report-json FILE)
  --report junit FILE    write a JUnit XML report, one testsuite per notebook (also --report-junit FILE)
  --no-static-figures    do not add static SVG images of Plotly figures (headless Chromium)
  --no-prestart          do not start the next notebook's kernel while the current one runs
  --server URL           run the kernels on a Jupyter server instead (with --token T, --server-root DIR,
                         --kernel NAME to force a kernelspec there)
  -q, --quiet            no progress output, only the summary
  -h, --help             this help

Exit code: 0 when every notebook passed, 1 when one failed, 2 for bad usage.`;

/** `--report json FILE` takes two values, which parseArgs cannot: rewrite it to `--report-json FILE`. */
function rewriteReports(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--report") {
      const kind = argv[i + 1];
      if (kind !== "json" && kind !== "junit") throw new Error(`--report: expected "json" or "junit", got ${kind ?? "nothing"}`);
      out.push(`--report-${kind}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** `dl4nlp run`: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rewriteReports(argv),
      allowPositionals: true,
      options: {
        out: { type: "string" },
        inplace: { type: "boolean" },
        jobs: { type: "string", short: "j" },
        timeout: { type: "string" },
        "allow-errors": { type: "boolean" },
        parameter: { type: "string", short: "p", multiple: true },
        "report-json": { type: "string" },
        "report-junit": { type: "string" },
        "no-static-figures": { type: "boolean" },
        "no-prestart": { type: "boolean" },
        server: { type: "string" },
        token: { type: "string" },
        "server-root": { type: "string" },
        kernel: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    process.stderr.write(`dl4nlp run: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const usage = (msg: string) => {
    process.stderr.write(`dl4nlp run: ${msg}\n`);
    return 2;
  };
  if (positionals.length === 0) return usage("no notebooks given (try `dl4nlp run notebooks`)");
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return usage(`--jobs ${values.jobs}: expected a whole number >= 1`);
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) return usage(`--timeout ${values.timeout}: expected seconds > 0`);
  if (values.inplace && values.out) return usage("--inplace and --out exclude each other");
  const parameters: Record<string, ParameterValue> = {};
  try {
    for (const p of (values.parameter as string[] | undefined) ?? []) {
      const [name, value] = parseParameter(p);
      parameters[name] = value;
    }
  } catch (err) {
    return usage((err as Error).message);
  }
  let kernelFactory: KernelFactory | undefined;
  if (typeof values.server === "string") {
    const { serverKernelFactory } = require("../kernel/server-factory") as typeof import("../kernel/server-factory");
    kernelFactory = serverKernelFactory({
      baseUrl: values.server,
      token: values.token as string | undefined,
      rootDir: values["server-root"] as string | undefined,
      kernelName: values.kernel as string | undefined,
    });
  } else if (typeof values.kernel === "string") {
    const { createZmqKernel } = require("../kernel/zmq-client") as typeof import("../kernel/zmq-client");
    const forced = values.kernel;
    kernelFactory = ({ cwd }) => createZmqKernel({ kernelName: forced, cwd });
  }

  // Kernels run in their own process groups: on Ctrl-C or SIGTERM, end them before leaving.
  const { killAllKernels } = require("../kernel/kernel-process") as typeof import("../kernel/kernel-process");
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ndl4nlp run: ${signal}: killing the kernels and stopping\n`);
    killAllKernels();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const started = Date.now();
  const total = (await expandPaths(positionals)).length;
  const progress = values.quiet ? undefined : createProgress({ stream: process.stderr, total });
  const results = await runNotebooks(positionals, {
    out: values.out as string | undefined,
    inplace: values.inplace === true,
    jobs,
    timeout,
    allowErrors: values["allow-errors"] === true,
    parameters,
    staticFigures: values["no-static-figures"] !== true,
    prestart: values["no-prestart"] !== true,
    kernelFactory,
    onProgress: progress?.handle,
  });
  progress?.end();
  const durationMs = Date.now() - started;
  if (typeof values["report-json"] === "string") {
    await writeFileAtomic(values["report-json"], `${JSON.stringify(jsonReport(results, durationMs), null, 2)}\n`);
  }
  if (typeof values["report-junit"] === "string") {
    await writeFileAtomic(values["report-junit"], junitReport(results));
  }
  process.stdout.write(`${summaryTable(results)} in ${(durationMs / 1000).toFixed(1)} s\n`);
  return results.length > 0 && results.every((r) => r.status === "passed") ? 0 : 1;
}
