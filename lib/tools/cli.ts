import { readFileSync } from "node:fs";
import { join } from "node:path";
import { usageError } from "./args/options";

/** A subcommand: the module that implements it (loaded only when it is used) and a one-line description. */
interface Command {
  module: string;
  about: string;
  /** The module's export to call; default "main". */
  entry?: string;
}

const COMMANDS: Record<string, Command> = {
  run: { module: "./run/cli", about: "execute notebooks headless in tslab kernels and write the executed copies" },
  slides: { module: "./slides/cli", about: "export executed notebooks as reveal.js decks" },
  html: { module: "./html/cli", about: "export executed notebooks as HTML pages" },
  assign: { module: "./grade/cli", about: "make the student version of a notebook", entry: "assign" },
  grade: { module: "./grade/cli", about: "grade submitted notebooks", entry: "grade" },
  editions: { module: "./editions/cli", about: "write or check the student edition of notebooks", entry: "editions" },
  course: { module: "./editions/cli", about: "build the student and instructor editions of the course", entry: "course" },
};

const usage = () =>
  [
    "Usage: dl4nlp <command> [options]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.about}`),
    "",
    "`dl4nlp <command> --help` shows a command's options. `dl4nlp --version` prints the version.",
  ].join("\n");

type Main = (argv: string[]) => Promise<number>;

/** Loads a subcommand's module; undefined with a message when that part of the tools is not in this build. */
function load(name: string, command: Command): Main | undefined {
  let mod: Record<string, unknown>;
  try {
    mod = require(command.module);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && e.message.includes(command.module.slice(2))) {
      process.stderr.write(
        `dl4nlp ${name}: not available in this build (${join("lib/dist/tools", `${command.module}.js`)} is missing)\n`,
      );
      return undefined;
    }
    throw err;
  }
  const entry = command.entry && typeof mod[command.entry] === "function" ? command.entry : "main";
  const fn = mod[entry];
  if (typeof fn !== "function") {
    process.stderr.write(`dl4nlp ${name}: ${command.module} exports no ${entry}(argv)\n`);
    return undefined;
  }
  // A module that only has main() serves assign and grade alike: it gets the subcommand as its first argument.
  return entry === "main" && command.entry ? (argv) => (fn as Main)([name, ...argv]) : (fn as Main);
}

/** The `dl4nlp` command: dispatches to a subcommand and returns its exit code. */
export async function cli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    process.stdout.write(`dl4nlp ${pkg.version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    return usageError("", `unknown command "${name}"; the commands: ${Object.keys(COMMANDS).join(", ")}`);
  }
  const main = load(name, command);
  return main ? main(rest) : 2;
}

// Runs when started as a program: directly, or through the package's bin/dl4nlp.js (which requires this file).
if (require.main === module || /[\\/]bin[\\/]dl4nlp(\.js)?$/.test(require.main?.filename ?? "")) {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`dl4nlp: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 2;
    },
  );
}
