import { type ParseArgsConfig, parseArgs } from "node:util";

/** A usage error: the message names the option and the bad value. Commands print it and exit 2. */
export class UsageError extends Error {}

/**
 * One command-line option, from which the parser, the help text and the validation of a command are all derived.
 * `parse` turns the raw text into the option's value and throws UsageError naming what is wrong.
 */
export interface OptionSpec {
  /** Long name without dashes: "timeout" is --timeout. */
  name: string;
  /** One-letter alias: "j" is -j. */
  short?: string;
  /** "flag" (no value), "value" (one value, the last wins), "list" (repeatable). */
  kind: "flag" | "value" | "list";
  /** Placeholder of the value in the help: "S", "DIR". */
  placeholder?: string;
  /** Help text: the first line is the summary, further lines continue it. */
  help: string;
  /** Validates and converts one raw value (the flag as typed is given for messages). */
  parse?: (raw: string, flag: string) => unknown;
}

/** The parsed command line: values by option name (flags true, lists arrays) and the positional arguments. */
export interface ParsedArgs {
  values: Record<string, unknown>;
  positionals: string[];
}

/** At most this many characters of a bad value are quoted back in an error message. */
const QUOTED = 40;

/** A bad value as error messages quote it: cut to QUOTED characters. */
export function quoted(raw: string): string {
  return JSON.stringify(raw.length > QUOTED ? `${raw.slice(0, QUOTED)}…` : raw);
}

/**
 * Parses argv against the specs with node's util.parseArgs (strict), then runs each value through its spec's `parse`.
 * A value that starts with "-" (`--timeout -1`) is taken as the value of the option before it, so its validator gives
 * the message (instead of node's "argument is ambiguous"). Errors are UsageErrors in one wording:
 * `unknown option --x`, `--out needs a value`, `--timeout: expected seconds > 0, got "abc"`.
 */
export function parseCommandLine(argv: string[], specs: OptionSpec[], options: { positionals?: boolean } = {}): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [`-${s.short}`, s]));
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const spec = a.startsWith("--") ? byName.get(a.slice(2)) : byShort.get(a);
    const next = argv[i + 1];
    if (
      spec &&
      spec.kind !== "flag" &&
      next !== undefined &&
      next.startsWith("-") &&
      next !== "-" &&
      !isOption(next, byName, byShort)
    ) {
      args.push(`--${spec.name}=${next}`);
      i++;
    } else {
      args.push(a);
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: options.positionals !== false,
      options: Object.fromEntries(
        specs.map((s) => [
          s.name,
          { type: s.kind === "flag" ? "boolean" : "string", ...(s.short ? { short: s.short } : {}), multiple: s.kind === "list" },
        ]),
      ) as NonNullable<ParseArgsConfig["options"]>,
    });
  } catch (err) {
    throw new UsageError(nodeMessage(err as NodeJS.ErrnoException));
  }
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const raw = (parsed.values as Record<string, unknown>)[spec.name];
    if (raw === undefined) continue;
    if (spec.kind === "flag") values[spec.name] = raw === true;
    else if (spec.kind === "list") values[spec.name] = (raw as string[]).map((v) => convert(spec, v));
    else values[spec.name] = convert(spec, raw as string);
  }
  return { values, positionals: parsed.positionals };
}

function isOption(token: string, byName: Map<string, OptionSpec>, byShort: Map<string, OptionSpec>): boolean {
  if (token.startsWith("--")) return byName.has(token.slice(2).split("=")[0]);
  return byShort.has(token.slice(0, 2));
}

function convert(spec: OptionSpec, raw: string): unknown {
  if (raw === "") throw new UsageError(`--${spec.name} needs a value`);
  return spec.parse ? spec.parse(raw, `--${spec.name}`) : raw;
}

/** node's parseArgs errors in this module's wording. */
function nodeMessage(err: NodeJS.ErrnoException): string {
  // node names an option as '-o, --out <value>' or '--out': the long form is used
  const option = /(--[\w-]+)/.exec(err.message)?.[1] ?? /'(-[^' ,]+)/.exec(err.message)?.[1] ?? "";
  switch (err.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing|requires an argument/.test(err.message) || err.message.includes("<value>")
        ? `${option} needs a value`
        : `${option} takes no value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ""}`.trim();
    default:
      return err.message;
  }
}

/** The options part of a command's help, one entry per spec: "  -j, --jobs N    help…", aligned. */
export function optionsHelp(specs: OptionSpec[]): string {
  const heads = specs.map((s) => {
    const long = `--${s.name}${s.kind !== "flag" ? ` ${s.placeholder ?? "VALUE"}` : ""}`;
    return `  ${s.short ? `-${s.short}, ` : ""}${long}`;
  });
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs
    .map((s, i) => {
      const [first, ...rest] = s.help.split("\n");
      return [`${heads[i].padEnd(width)}${first}`, ...rest.map((l) => `${" ".repeat(width)}${l}`)].join("\n");
    })
    .join("\n");
}

/**
 * The one wording of a usage error, for every command: the line that is wrong, `dl4nlp <command>: <message>`, and
 * where the help is (not the whole help, which would bury the line). `command` "" for dl4nlp itself.
 */
export function usageErrorText(command: string, message: string): string {
  const name = command ? `dl4nlp ${command}` : "dl4nlp";
  return `${name}: ${message}\nsee \`${name} --help\`\n`;
}

/** Writes usageErrorText to stderr; returns the exit code of a usage error, 2. */
export function usageError(command: string, message: string): number {
  process.stderr.write(usageErrorText(command, message));
  return 2;
}

/**
 * A command's first step, in one wording for every command: `parse()` the command line; on a UsageError write
 * usageErrorText to stderr and give exit code 2; on `--help` write the usage to stdout and give 0. Otherwise the
 * parsed arguments. Errors other than UsageError are not caught.
 */
export function parseOrExit<T extends { help?: boolean }>(command: string, usage: string, parse: () => T): T | number {
  let args: T;
  try {
    args = parse();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return usageError(command, err.message);
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return args;
}
