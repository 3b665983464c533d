import type { OptionSpec } from "./options";
import { outputFolder, positiveSeconds, wholeNumber } from "./validators";

/**
 * The options several commands share, defined once: long name, letter, kind, placeholder and validator, so that
 * `--jobs 0` or `--timeout abc` gets the same check and the same words in run, html, slides, course, grade and assign.
 * Each command gives the help line (what the option means there) through `option(name, help)`.
 */
const COMMON = {
  out: { name: "out", short: "o", kind: "value", placeholder: "DIR", parse: outputFolder },
  jobs: { name: "jobs", short: "j", kind: "value", placeholder: "N", parse: wholeNumber(1) },
  timeout: { name: "timeout", kind: "value", placeholder: "S", parse: positiveSeconds },
  force: { name: "force", kind: "flag" },
  quiet: { name: "quiet", short: "q", kind: "flag" },
  server: { name: "server", kind: "value", placeholder: "URL" },
  token: { name: "token", kind: "value", placeholder: "T" },
  help: { name: "help", short: "h", kind: "flag" },
} satisfies Record<string, Omit<OptionSpec, "help">>;

/** A shared option with this command's help line (`help` defaults to "this help" for --help). */
export function option(name: keyof typeof COMMON, help = name === "help" ? "this help" : ""): OptionSpec {
  if (!help) throw new Error(`option(${name}): a help line is needed`);
  return { ...COMMON[name], help } as OptionSpec;
}
