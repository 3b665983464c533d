import { type OptionSpec, parseCommandLine, positiveSeconds, UsageError } from "../args";
import type { ExecuteMode } from "./prepare";

/** Options shared by `dl4nlp html` and `dl4nlp slides`. */
export interface ExportArgs {
  paths: string[];
  out: string;
  execute: ExecuteMode;
  timeout?: number;
  help: boolean;
  /** Flags only one command knows (e.g. --pdf), by name without dashes. */
  flags: Set<string>;
}

/** Usage error: the message names the bad argument (the shared UsageError of lib/tools/args). */
export const ArgsError = UsageError;
export type ArgsError = UsageError;

/** The options `dl4nlp html` and `dl4nlp slides` share, for their parsers and help. */
export const EXPORT_OPTIONS: OptionSpec[] = [
  { name: "out", short: "o", kind: "value", placeholder: "DIR", help: "output folder" },
  { name: "execute", kind: "flag", help: "always execute the notebooks first" },
  { name: "no-execute", kind: "flag", help: "never execute them (default: only those without outputs)" },
  {
    name: "timeout",
    kind: "value",
    placeholder: "S",
    parse: positiveSeconds,
    help: "per-cell timeout in seconds when executing",
  },
  { name: "help", short: "h", kind: "flag", help: "this help" },
];

/**
 * Parses `[paths...] --out DIR [--execute|--no-execute] [--timeout S]` plus the boolean `extraFlags` of a command,
 * through the shared parser (lib/tools/args). Without paths the default paths are used.
 */
export function parseExportArgs(
  argv: string[],
  defaults: { out: string; paths: string[] },
  extraFlags: string[] = [],
): ExportArgs {
  const specs: OptionSpec[] = [...EXPORT_OPTIONS, ...extraFlags.map((name): OptionSpec => ({ name, kind: "flag", help: name }))];
  const { values, positionals } = parseCommandLine(argv, specs);
  if (values.execute && values["no-execute"]) throw new UsageError("--execute and --no-execute exclude each other");
  return {
    paths: positionals.length > 0 ? positionals : defaults.paths,
    out: (values.out as string | undefined) ?? defaults.out,
    execute: values.execute ? "always" : values["no-execute"] ? "never" : "auto",
    timeout: values.timeout as number | undefined,
    help: values.help === true,
    flags: new Set(extraFlags.filter((f) => values[f] === true)),
  };
}
