/** `dl4nlp editions student|check` as a lecturer runs them: exit codes and what they print. */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "lib", "bin", "dl4nlp.js"), ...args], { cwd: root, encoding: "utf8" });
const dir = mkdtempSync(join(tmpdir(), "dl4nlp-editions-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dl4nlp editions", () => {
  const source = join(root, "notebooks", "05-softmax.ipynb");

  it("student writes the student edition, and check finds nothing in it (exit 0)", () => {
    const r = cli("editions", "student", source, "--out", join(dir, "clean"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(dir, "clean", "05-softmax.ipynb"));
    expect(readFileSync(join(dir, "clean", "05-softmax.ipynb"), "utf8")).not.toContain("BEGIN SOLUTION");
    const c = cli("editions", "check", join(dir, "clean"), "--source", source);
    expect(c.status, c.stdout + c.stderr).toBe(0);
    expect(c.stderr).toMatch(/secrets searched in 1 file: 0 found/);
  });

  it("check names the file, the cell and the text of a solution that reached the student folder (exit 1)", () => {
    mkdirSync(join(dir, "leaky"), { recursive: true });
    copyFileSync(source, join(dir, "leaky", "handout.ipynb"));
    const c = cli("editions", "check", join(dir, "leaky"), "--source", source);
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(
      /^LEAK handout\.ipynb: 05-softmax\.ipynb, cell \d+ \(ex-softmax\): solution: "const m = Math\.max\(\.\.\.scores\);"/m,
    );
  });

  it("prints a notebook name holding escape sequences escaped, not as terminal codes", () => {
    const odd = join(dir, "odd");
    mkdirSync(odd, { recursive: true });
    const name = "soft\u001b[31mmax\u202e.ipynb";
    copyFileSync(source, join(odd, name));
    const r = cli("editions", "student", join(odd, name), "--out", join(dir, "odd-out"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("soft\\x1b[31mmax\\u{202e}.ipynb");
    expect(r.stdout).not.toContain("\u001b");
    expect(r.stdout).not.toContain("\u202e");
  });

  it("says what is missing on bad usage (exit 2)", () => {
    expect(cli("editions", "student", source).stderr).toMatch(/--out DIR is required/);
    expect(cli("editions", "check", dir).stderr).toMatch(/check: --source NOTEBOOK\|DIR is required/);
    mkdirSync(join(dir, "empty"), { recursive: true });
    expect(cli("editions", "check", dir, "--source", join(dir, "empty")).stderr).toMatch(/empty names no notebook \(\.ipynb\)/);
    expect(cli("editions", "frobnicate").status).toBe(2);
  });
});

describe("dl4nlp course over a build folder that holds other files", () => {
  const sources = join(dir, "course-src");
  mkdirSync(sources, { recursive: true });
  const nb = {
    cells: [{ cell_type: "markdown", id: "a", metadata: {}, source: "# A tiny course" }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(sources, "00-tiny.ipynb"), `${JSON.stringify(nb, null, 1)}\n`);

  it("deletes nothing it did not write: a user's student/ or instructor/ folder is named and kept (exit 1)", () => {
    const out = join(dir, "course-out-user");
    mkdirSync(join(out, "student", "submissions"), { recursive: true });
    writeFileSync(join(out, "student", "submissions", "alice.ipynb"), "{}");
    mkdirSync(join(out, "instructor"), { recursive: true });
    writeFileSync(join(out, "instructor", "grades.csv"), "student,points\n");
    const r = cli("course", "--source", sources, "--assignments", join(dir, "none"), "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(out, "student")} exists and was not written by dl4nlp course`);
    expect(existsSync(join(out, "student", "submissions", "alice.ipynb"))).toBe(true);
    expect(existsSync(join(out, "instructor", "grades.csv"))).toBe(true);
  });

  it("names a --source that is not there before touching the build folder (was a stack trace after deleting it)", () => {
    const out = join(dir, "course-out-missing");
    mkdirSync(join(out, "student"), { recursive: true });
    writeFileSync(join(out, "student", "keep.txt"), "mine");
    const r = cli("course", "--source", join(dir, "no-such-folder"), "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--source ${join(dir, "no-such-folder")}: cannot be read (ENOENT)`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, "student", "keep.txt"), "utf8")).toBe("mine");
  });

  it("rebuilds a folder an earlier course build wrote (its mark), and marks what it writes", () => {
    const out = join(dir, "course-out-own");
    mkdirSync(join(out, "student"), { recursive: true });
    writeFileSync(join(out, "student", ".dl4nlp-course"), "earlier build\n");
    writeFileSync(join(out, "student", "stale.txt"), "from an earlier build");
    const r = cli("course", "--source", sources, "--assignments", join(dir, "none"), "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, "student", "stale.txt"))).toBe(false);
    for (const edition of ["student", "instructor"]) expect(existsSync(join(out, edition, ".dl4nlp-course"))).toBe(true);
    expect(existsSync(join(out, "student", "notebooks", "00-tiny.ipynb"))).toBe(true);
  }, 300_000);
});
