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

/** Usage error: the message names the bad argument. */
export class ArgsError extends Error {}

/**
 * Parses `[paths...] --out DIR [--execute|--no-execute] [--timeout S]` plus the boolean `extraFlags` of a command.
 * Without paths the default paths are used.
 */
export function parseExportArgs(
  argv: string[],
  defaults: { out: string; paths: string[] },
  extraFlags: string[] = [],
): ExportArgs {
  const args: ExportArgs = { paths: [], out: defaults.out, execute: "auto", help: false, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new ArgsError(`${a} needs a value`);
      return v;
    };
    const name = a.split("=")[0];
    if (name === "--help" || name === "-h") args.help = true;
    else if (name === "--out" || name === "-o") args.out = value();
    else if (name === "--execute") args.execute = "always";
    else if (name === "--no-execute") args.execute = "never";
    else if (name === "--timeout") {
      const t = Number(value());
      if (!Number.isFinite(t) || t < 0) throw new ArgsError(`--timeout: expected seconds >= 0, got "${argv[i]}"`);
      args.timeout = t;
    } else if (name.startsWith("--") && extraFlags.includes(name.slice(2))) args.flags.add(name.slice(2));
    else if (a.startsWith("-") && a !== "-") throw new ArgsError(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) args.paths = defaults.paths;
  return args;
}
