import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseCommandLine, UsageError } from "../../../lib/tools/args";
import { ASSIGN_OPTIONS, GRADE_OPTIONS, GRADE_USAGE, parseGradeArgs } from "../../../lib/tools/grade/options";
import { parseExportArgs } from "../../../lib/tools/html/args";
import { COURSE_OPTIONS, course, EDITIONS_OPTIONS, editions } from "../../../lib/tools/editions/cli";
import { assign, grade } from "../../../lib/tools/grade/cli";
import { EXPORT_OPTIONS } from "../../../lib/tools/html/args";
import { main as html } from "../../../lib/tools/html/cli";
import { HELP, main as run, RUN_OPTIONS } from "../../../lib/tools/run/cli";
import { cli } from "../../../lib/tools/cli";
import { main as slides, SLIDES_FLAGS } from "../../../lib/tools/slides/cli";

const runArgs = (...argv: string[]) => parseCommandLine(argv, RUN_OPTIONS);
const exportArgs = (...argv: string[]) =>
  parseExportArgs(argv, { out: "o", paths: ["notebooks"] }, [{ name: "pdf", kind: "flag", help: "pdf" }]);
const message = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("no usage error");
};

describe("one argument parser for run, html, slides, grade and assign, with one wording", () => {
  it("a bad timeout names the option and quotes only the value, whatever the form and the command", () => {
    expect(message(() => exportArgs("--timeout=abc"))).toBe('--timeout: expected seconds > 0, got "abc"');
    expect(message(() => exportArgs("--timeout", "abc"))).toBe('--timeout: expected seconds > 0, got "abc"');
    expect(message(() => runArgs("--timeout=abc"))).toBe('--timeout: expected seconds > 0, got "abc"');
    expect(message(() => exportArgs("--timeout=0"))).toBe('--timeout: expected seconds > 0, got "0"');
    expect(message(() => runArgs("--timeout", "-1"))).toBe('--timeout: expected seconds > 0, got "-1"');
    expect(message(() => runArgs("--timeout=-1", "x.ipynb"))).toBe('--timeout: expected seconds > 0, got "-1"');
    const long = `${"9".repeat(100)}x`;
    expect(message(() => runArgs(`--timeout=${long}`))).toBe(`--timeout: expected seconds > 0, got "${"9".repeat(40)}…"`);
  });

  it("unknown options, missing values and other validators share the wording", () => {
    expect(message(() => runArgs("--frobnicate"))).toBe("unknown option --frobnicate");
    expect(message(() => exportArgs("--frobnicate"))).toBe("unknown option --frobnicate");
    expect(message(() => runArgs("--out"))).toBe("--out needs a value");
    expect(message(() => exportArgs("--out"))).toBe("--out needs a value");
    expect(message(() => runArgs("-j", "0"))).toBe('--jobs: expected a whole number >= 1, got "0"');
    expect(message(() => runArgs("--output-limit", "lots"))).toBe(
      '--output-limit: expected a size such as 100000, 500k or 2M, got "lots"',
    );
    expect(message(() => runArgs("-p", "1x=2"))).toBe('-p: parameter "1x=2": "1x" is not a TypeScript identifier');
    expect(message(() => exportArgs("--execute", "--no-execute"))).toBe("--execute and --no-execute exclude each other");
  });

  it("values come out typed; the export commands keep their defaults and extra flags", () => {
    expect(runArgs("-j", "2", "--timeout", "1.5", "--output-limit", "500k", "-p", "lr=0.1", "a.ipynb").values).toMatchObject({
      jobs: 2,
      timeout: 1.5,
      "output-limit": 500_000,
      parameter: [["lr", 0.1]],
    });
    expect(exportArgs()).toMatchObject({ paths: ["notebooks"], out: "o", execute: "auto" });
    const a = exportArgs("x.ipynb", "--timeout=2", "--no-execute", "--pdf");
    expect(a).toMatchObject({ paths: ["x.ipynb"], timeout: 2, execute: "never" });
    expect([...a.flags]).toEqual(["pdf"]);
  });

  it("the help lists every option of the registry", () => {
    for (const spec of RUN_OPTIONS) expect(HELP).toContain(`--${spec.name}`);
    expect(HELP).toContain("--report-junit FILE");
  });

  it("grade and assign validate the same options with the same words as run", () => {
    const gradeArgs = (...argv: string[]) => parseGradeArgs(argv);
    expect(message(() => gradeArgs("--timeout=abc"))).toBe('--timeout: expected seconds > 0, got "abc"');
    expect(message(() => gradeArgs("--timeout", "-1"))).toBe('--timeout: expected seconds > 0, got "-1"');
    expect(message(() => gradeArgs("--notebook-timeout", "0"))).toBe('--notebook-timeout: expected seconds > 0, got "0"');
    expect(message(() => gradeArgs("-j", "0"))).toBe('--jobs: expected a whole number >= 1, got "0"');
    expect(message(() => gradeArgs("--jobs", "1.5"))).toBe('--jobs: expected a whole number >= 1, got "1.5"');
    expect(message(() => gradeArgs("--memory", "lots"))).toBe('--memory: expected a whole number >= 1, got "lots"');
    expect(message(() => gradeArgs("--output-cap", "-5"))).toBe(
      '--output-cap: expected a size such as 100000, 500k or 2M, got "-5"',
    );
    expect(message(() => gradeArgs("--out"))).toBe("--out needs a value");
    expect(message(() => gradeArgs("--frobnicate"))).toBe("unknown option --frobnicate");
    expect(message(() => gradeArgs("--quiet=yes"))).toBe("--quiet takes no value");
    expect(message(() => parseCommandLine(["--out"], ASSIGN_OPTIONS))).toBe("--out needs a value");
    expect(message(() => parseCommandLine(["--frobnicate"], ASSIGN_OPTIONS))).toBe("unknown option --frobnicate");
  });

  it("grade's values come out typed, with its defaults, and its help lists every option", () => {
    expect(parseGradeArgs(["-k", "m.ipynb", "class"])).toMatchObject({
      key: "m.ipynb",
      submissions: ["class"],
      out: "grades",
      jobs: 1,
      timeout: 30,
      notebookTimeout: 300,
      memory: 1024,
      outputCap: 10_000_000,
      disk: 64,
      noSandbox: false,
      force: false,
      quiet: false,
    });
    const a = parseGradeArgs([
      "class",
      "--key=m.ipynb",
      "-j",
      "2",
      "--timeout",
      "1.5",
      "--output-cap",
      "2M",
      "--no-sandbox",
      "--server",
      "http://h:1",
    ]);
    expect(a).toMatchObject({ jobs: 2, timeout: 1.5, outputCap: 2_000_000, noSandbox: true, server: "http://h:1" });
    for (const spec of GRADE_OPTIONS) expect(GRADE_USAGE).toContain(`--${spec.name}`);
  });

  /** Runs a command's main in-process, capturing what it writes; only usage paths are taken here (nothing runs). */
  async function command(main: (argv: string[]) => Promise<number>, argv: string[]) {
    let stdout = "";
    let stderr = "";
    const out = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
      stdout += String(s);
      return true;
    });
    const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
      stderr += String(s);
      return true;
    });
    try {
      return { code: await main(argv), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }
  const commands: [string, (argv: string[]) => Promise<number>, { name: string }[]][] = [
    ["run", run, RUN_OPTIONS],
    ["html", html, EXPORT_OPTIONS],
    ["slides", slides, [...EXPORT_OPTIONS, ...SLIDES_FLAGS]],
    ["course", course, COURSE_OPTIONS],
    ["editions", (argv) => editions(["student", ...argv]), EDITIONS_OPTIONS],
    ["grade", grade, GRADE_OPTIONS],
    ["assign", assign, ASSIGN_OPTIONS],
  ];

  it("every command: --help lists each option of its registry (exit 0); a bad value or an unknown option: the one wrong line and where the help is (exit 2)", async () => {
    for (const [name, main, specs] of commands) {
      const help = await command(main, ["--help"]);
      expect(help.code, name).toBe(0);
      for (const spec of specs) expect(help.stdout, `${name} --help`).toContain(`--${spec.name}`);
      const unknown = await command(main, ["--frobnicate"]);
      expect(unknown.code, name).toBe(2);
      expect(unknown.stderr, name).toBe(`dl4nlp ${name}: unknown option --frobnicate\nsee \`dl4nlp ${name} --help\`\n`);
      const has = (n: string) => specs.some((s) => s.name === n);
      const [bad, said] = has("jobs")
        ? [["-j", "0"], '--jobs: expected a whole number >= 1, got "0"']
        : has("timeout")
          ? [["--timeout", "abc"], '--timeout: expected seconds > 0, got "abc"']
          : [["--out"], "--out needs a value"];
      const wrong = await command(main, bad);
      expect(wrong.code, name).toBe(2);
      expect(wrong.stderr, name).toBe(`dl4nlp ${name}: ${said}\nsee \`dl4nlp ${name} --help\`\n`);
    }
    // a missing required part (no notebooks, no --out): the same two lines, never the whole help (html, slides and
    // course have defaults for everything, so they would run)
    for (const [name, main] of commands.filter(([n]) => ["run", "editions", "grade", "assign"].includes(n))) {
      const missing = await command(main, []);
      expect(missing.code, name).toBe(2);
      expect(missing.stderr, name).toMatch(new RegExp(`^dl4nlp ${name}: .+\nsee \`dl4nlp ${name} --help\`\n$`));
    }
    // --out naming a file: the same line in every command, before anything runs or is written (was ENOTDIR / EEXIST,
    // in run and html with a stack trace)
    const file = join(mkdtempSync(join(tmpdir(), "dl4nlp-out-file-")), "results.txt");
    writeFileSync(file, "mine");
    for (const [name, main] of commands.filter(([, , specs]) => specs.some((s) => s.name === "out"))) {
      const toFile = await command(main, ["--out", file]);
      expect(toFile.code, name).toBe(2);
      expect(toFile.stderr, name).toBe(
        `dl4nlp ${name}: --out ${file}: a file is there, not a folder; give a folder to write into\nsee \`dl4nlp ${name} --help\`\n`,
      );
    }
    expect(readFileSync(file, "utf8")).toBe("mine");
    const unknownCommand = await command(cli, ["frobnicate"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(
      /^dl4nlp: unknown command "frobnicate"; the commands: run, slides, html, .*\nsee `dl4nlp --help`\n$/,
    );
    expect((await command(slides, ["--show-code", "--hide-code"])).stderr).toMatch(
      /^dl4nlp slides: --show-code and --hide-code exclude each other\n/,
    );
  });
});
