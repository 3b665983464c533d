import { type OptionSpec, option, parseCommandLine, UsageError } from "../args";
import type { ExecuteMode } from "./prepare";

/** Options shared by `dl4nlp html` and `dl4nlp slides`. */
export interface ExportArgs {
  paths: string[];
  out: string;
  execute: ExecuteMode;
  timeout?: number;
  /** --trust: outputs stored in the notebooks keep their scripts (see EXPORT_OPTIONS). */
  trust: boolean;
  /** --force: replace files in --out that no earlier export wrote (output-guard.ts). */
  force: boolean;
  help: boolean;
  /** The flags of the command's own options that were given (e.g. pdf), by name without dashes. */
  flags: Set<string>;
}

/** The options `dl4nlp html` and `dl4nlp slides` share, for their parsers and help. */
/** What both exporters' help says of the files already in --out (output-guard.ts, prepare.ts). */
export const OVERWRITE_HELP = `A file in DIR that no dl4nlp export wrote (your own index.html, a page of the same name) is kept, with an
error, unless --force; a notebook named index.ipynb is refused (the contents page index.html would replace it).`;

export const EXPORT_OPTIONS: OptionSpec[] = [
  option("out", "output folder"),
  { name: "execute", kind: "flag", help: "always execute the notebooks first (in memory)" },
  { name: "no-execute", kind: "flag", help: "never execute them (default: only those without outputs)" },
  option("timeout", "per-cell timeout in seconds when executing"),
  {
    name: "trust",
    kind: "flag",
    help: "run the scripts of outputs stored in the notebooks too (default: only of outputs this export computed; markdown never)",
  },
  {
    name: "force",
    kind: "flag",
    help: "replace files in the output folder that no earlier export wrote (default: keep them and report an error)",
  },
  option("help"),
];

/**
 * Parses `[paths...] --out DIR [--execute|--no-execute] [--timeout S]` plus a command's own flags (`ownFlags`, which
 * its help lists too), through the shared parser (lib/tools/args). Without paths the default paths are used.
 * Throws UsageError.
 */
export function parseExportArgs(
  argv: string[],
  defaults: { out: string; paths: string[] },
  ownFlags: OptionSpec[] = [],
): ExportArgs {
  const { values, positionals } = parseCommandLine(argv, [...EXPORT_OPTIONS, ...ownFlags]);
  if (values.execute && values["no-execute"]) throw new UsageError("--execute and --no-execute exclude each other");
  return {
    paths: positionals.length > 0 ? positionals : defaults.paths,
    out: (values.out as string | undefined) ?? defaults.out,
    execute: values.execute ? "always" : values["no-execute"] ? "never" : "auto",
    timeout: values.timeout as number | undefined,
    trust: values.trust === true,
    force: values.force === true,
    help: values.help === true,
    flags: new Set(ownFlags.filter((f) => values[f.name] === true).map((f) => f.name)),
  };
}
