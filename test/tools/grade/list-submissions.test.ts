import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listSubmissions } from "../../../lib/tools/grade/grade-all";

// Which submissions a class folder holds, as the grader lists them before grading (no kernel needed).
const dir = mkdtempSync(join(tmpdir(), "dl4nlp-list-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("listSubmissions: every student of the folder gets a row", () => {
  it("an empty student folder, or one holding no notebook, is listed with a problem instead of being left out", async () => {
    const nb = "{}";
    writeFileSync(join(dir, "alice.ipynb"), nb);
    mkdirSync(join(dir, "nina"));
    mkdirSync(join(dir, "olga"));
    writeFileSync(join(dir, "olga", "notes.txt"), "no notebook here");
    mkdirSync(join(dir, "pia"));
    writeFileSync(join(dir, "pia", "03.ipynb"), nb);
    symlinkSync(join(dir, "alice.ipynb"), join(dir, "mallory.ipynb"));
    const { submissions: found } = await listSubmissions(dir, join(dir, "out"), "03.ipynb");
    expect(found.map((s) => s.student)).toEqual(["alice", "mallory", "nina", "olga", "pia"]);
    const problem = (student: string) => found.find((s) => s.student === student)?.problem;
    expect(problem("nina")).toMatch(/nina holds no notebook \(\.ipynb\): nothing was submitted/);
    expect(problem("olga")).toMatch(/olga holds no notebook/);
    expect(problem("mallory")).toMatch(/symbolic link; links are not followed/);
    expect(problem("alice")).toBeUndefined();
    expect(problem("pia")).toBeUndefined();
    expect(found.filter((s) => s.empty).map((s) => s.student)).toEqual(["nina", "olga"]);
  });

  it("every entry that is not graded gets a line saying why: hidden notebooks, files that are not notebooks, checkpoints", async () => {
    const d = mkdtempSync(join(tmpdir(), "dl4nlp-list-skipped-"));
    try {
      writeFileSync(join(d, "bob.ipynb"), "{}");
      writeFileSync(join(d, ".x.ipynb"), "{}");
      writeFileSync(join(d, "._bob.ipynb"), "\u0000\u0005");
      writeFileSync(join(d, "notes.txt"), "hi");
      mkdirSync(join(d, ".ipynb_checkpoints"));
      mkdirSync(join(d, "carl"));
      writeFileSync(join(d, "carl", "03.ipynb"), "{}");
      writeFileSync(join(d, "carl", "scratch.py"), "");
      writeFileSync(join(d, "carl", ".03-backup.ipynb"), "{}");
      mkdirSync(join(d, "carl", "data"));
      mkdirSync(join(d, "out"));
      const { submissions, skipped } = await listSubmissions(d, join(d, "out"), "03.ipynb");
      expect(submissions.map((s) => s.student)).toEqual(["bob", "carl"]);
      const why = Object.fromEntries(skipped.map((k) => [k.path.slice(d.length + 1), k.why]));
      expect(Object.keys(why)).toEqual([
        "._bob.ipynb",
        ".ipynb_checkpoints",
        ".x.ipynb",
        "carl/.03-backup.ipynb",
        "carl/data",
        "carl/scratch.py",
        "notes.txt",
      ]);
      expect(why[".x.ipynb"]).toMatch(/^a hidden file \(its name starts with "\."; .*not graded; rename it to grade it$/);
      expect(why[".ipynb_checkpoints"]).toBe("Jupyter's checkpoints folder, not a submission");
      expect(why["notes.txt"]).toBe("not a notebook (.ipynb): not graded");
      expect(why["carl/scratch.py"]).toBe("not a notebook (.ipynb): not graded");
      expect(why["carl/data"]).toMatch(/^a folder inside a student's folder/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("an empty notebook file is a row of its own saying nothing was submitted (not a 'malformed notebook')", async () => {
    const d = mkdtempSync(join(tmpdir(), "dl4nlp-list-empty-"));
    try {
      writeFileSync(join(d, "dora.ipynb"), "");
      mkdirSync(join(d, "emil"));
      writeFileSync(join(d, "emil", "03.ipynb"), "");
      const { submissions } = await listSubmissions(d, join(d, "out"), "03.ipynb");
      expect(submissions.map((s) => [s.student, s.problem?.replace(d, "DIR")])).toEqual([
        ["dora", "DIR/dora.ipynb is empty (0 bytes): nothing was submitted"],
        ["emil", "DIR/emil/03.ipynb is empty (0 bytes): nothing was submitted"],
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
