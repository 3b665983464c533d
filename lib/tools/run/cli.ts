import { byteSize, type OptionSpec, option, optionsHelp, parseCommandLine, parseOrExit, UsageError, usageError } from "../args";
import { writeFileAtomic } from "../nbformat/write";
import { expandPaths, whyNoNotebooks } from "./find-notebooks";
import { type ParameterValue, parseParameter } from "./parameters";
import { createProgress, summaryTable } from "./progress";
import { REPORT_FORMAT_NAMES, REPORT_FORMATS } from "./reports";
import { OutputOverInputError, runNotebooks } from "./run-notebooks";
import type { KernelFactory } from "./types";
import { terminalSafe } from "../terminal-safe";

/** The options of `dl4nlp run`: parser, help and validation all come from this list. */
export const RUN_OPTIONS: OptionSpec[] = [
  option("out", "folder for the executed notebooks (default build/notebooks);\ninput folders are mirrored under it"),
  { name: "inplace", kind: "flag", help: "write the executed notebook over its input instead" },
  { name: "recursive", short: "r", kind: "flag", help: "also run the notebooks in subfolders of the folders given" },
  option("jobs", "notebooks run in parallel, one kernel each (default 1)"),
  option(
    "timeout",
    "per-cell timeout in seconds (a cell's metadata.dl4nlp.timeout or\nmetadata.execution.timeout overrides it); interrupt first, then kill",
  ),
  { name: "allow-errors", kind: "flag", help: "go on after a failing cell (default: stop the notebook at the first error)" },
  {
    name: "parameter",
    short: "p",
    kind: "list",
    placeholder: "N=V",
    parse: (raw) => {
      try {
        return parseParameter(raw);
      } catch (err) {
        throw new UsageError(`-p: ${(err as Error).message}`);
      }
    },
    help: 'set a parameter, papermill style (after the cell tagged "parameters");\nV is typed: number, true/false, JSON, else a string. Repeatable.',
  },
  {
    name: "output-limit",
    kind: "value",
    placeholder: "SIZE",
    parse: byteSize,
    help: "cap each stream output at SIZE characters (e.g. 500k), keeping its head and\ntail with a marker saying what was cut (default: keep everything)",
  },
  {
    name: "timing",
    kind: "flag",
    help: "record execution timestamps in cell metadata (default: none, so that\nrepeated runs give identical files)",
  },
  ...REPORT_FORMAT_NAMES.map(
    (name): OptionSpec => ({
      name: `report-${name}`,
      kind: "value",
      placeholder: "FILE",
      help: `write ${REPORT_FORMATS[name].about} (also --report ${name} FILE)`,
    }),
  ),
  { name: "no-static-figures", kind: "flag", help: "do not add static SVG images of Plotly figures (headless Chromium)" },
  { name: "no-prestart", kind: "flag", help: "do not start the next notebook's kernel while the current one runs" },
  option(
    "server",
    "run the kernels on a Jupyter server instead (with --token T, --server-root DIR,\n--kernel NAME to force a kernelspec there)",
  ),
  option("token", "the Jupyter server's token"),
  { name: "server-root", kind: "value", placeholder: "DIR", help: "the local folder the Jupyter server serves" },
  { name: "kernel", kind: "value", placeholder: "NAME", help: "use this kernelspec instead of the notebook's own" },
  option("quiet", "no progress output, only the summary"),
  option("help"),
];

export const HELP = `Usage: dl4nlp run [options] <notebook.ipynb | folder>...

Executes notebooks headless in fresh tslab kernels (no Python, no Jupyter server) and writes the executed copies.

Options:
${optionsHelp(RUN_OPTIONS)}

Exit code: 0 when every notebook passed, 1 when one failed, 2 for bad usage.`;

/** `--report FORMAT FILE` takes two values, which parseArgs cannot: rewrite it to `--report-FORMAT FILE`. */
function rewriteReports(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--report") {
      const kind = argv[i + 1];
      if (!(REPORT_FORMAT_NAMES as string[]).includes(kind)) {
        throw new UsageError(
          `--report: expected ${REPORT_FORMAT_NAMES.map((n) => `"${n}"`).join(" or ")}, got ${kind === undefined ? "nothing" : JSON.stringify(kind.slice(0, 40))}`,
        );
      }
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
  const parsed = parseOrExit("run", HELP, () => {
    const { values, positionals } = parseCommandLine(rewriteReports(argv), RUN_OPTIONS);
    return { values, positionals, help: values.help === true };
  });
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const usage = (msg: string) => usageError("run", msg);
  if (positionals.length === 0) return usage("no notebooks given (try `dl4nlp run notebooks`)");
  if (values.inplace && values.out) return usage("--inplace and --out exclude each other");
  const parameters: Record<string, ParameterValue> = Object.fromEntries((values.parameter as [string, ParameterValue][]) ?? []);
  const kernelFactory = kernelFactoryFrom(values);

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
  const recursive = values.recursive === true;
  const total = (await expandPaths(positionals, { recursive })).length;
  if (total === 0) {
    for (const line of await whyNoNotebooks(positionals)) process.stderr.write(`dl4nlp run: ${terminalSafe(line)}\n`);
  }
  const progress = values.quiet ? undefined : createProgress({ stream: process.stderr, total });
  let results: Awaited<ReturnType<typeof runNotebooks>>;
  try {
    results = await runNotebooks(positionals, {
      out: values.out as string | undefined,
      inplace: values.inplace === true,
      recursive,
      jobs: (values.jobs as number | undefined) ?? 1,
      timeout: values.timeout as number | undefined,
      allowErrors: values["allow-errors"] === true,
      parameters,
      maxOutputBytes: values["output-limit"] as number | undefined,
      timing: values.timing === true,
      staticFigures: values["no-static-figures"] !== true,
      prestart: values["no-prestart"] !== true,
      kernelFactory,
      onProgress: progress?.handle,
    });
  } catch (err) {
    if (err instanceof OutputOverInputError) return usage(err.message);
    throw err;
  }
  progress?.end();
  const durationMs = Date.now() - started;
  for (const name of REPORT_FORMAT_NAMES) {
    const file = values[`report-${name}`];
    if (typeof file === "string") await writeFileAtomic(file, REPORT_FORMATS[name].render(results, durationMs));
  }
  for (const r of results)
    for (const w of r.warnings ?? []) process.stderr.write(`warning: ${terminalSafe(r.path, "escape")}: ${terminalSafe(w)}\n`);
  process.stdout.write(`${summaryTable(results)} in ${(durationMs / 1000).toFixed(1)} s\n`);
  return results.length > 0 && results.every((r) => r.status === "passed") ? 0 : 1;
}

/** --server (a Jupyter server's kernels) or --kernel (a forced kernelspec), else the default zeromq kernels. */
function kernelFactoryFrom(values: Record<string, unknown>): KernelFactory | undefined {
  if (typeof values.server === "string") {
    const { serverKernelFactory } = require("../kernel/server-factory") as typeof import("../kernel/server-factory");
    return serverKernelFactory({
      baseUrl: values.server,
      token: values.token as string | undefined,
      rootDir: values["server-root"] as string | undefined,
      kernelName: values.kernel as string | undefined,
    });
  }
  if (typeof values.kernel === "string") {
    const { createZmqKernel } = require("../kernel/zmq-client") as typeof import("../kernel/zmq-client");
    const forced = values.kernel;
    return ({ cwd }) => createZmqKernel({ kernelName: forced, cwd });
  }
  return undefined;
}
