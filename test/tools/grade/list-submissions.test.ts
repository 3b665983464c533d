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
      expect(why["carl/data"]).toMatch(
        /^a folder inside a student's folder.*not searched \(grading runs the notebook alone, so its imports of files in it fail\)$/,
      );
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("a code or JSON file beside a submission (the student's helper module) is named as what it is: the notebook's imports of it fail when graded", async () => {
    const d = mkdtempSync(join(tmpdir(), "dl4nlp-list-helpers-"));
    try {
      mkdirSync(join(d, "zoe"));
      writeFileSync(join(d, "zoe", "03.ipynb"), "{}");
      const helpers = ["mathutil.ts", "types.d.ts", "view.tsx", "util.mjs", "old.js", "vocab.json", "data.csv"];
      for (const f of helpers) writeFileSync(join(d, "zoe", f), "");
      writeFileSync(join(d, "bob.ipynb"), "{}");
      writeFileSync(join(d, "shared.ts"), "");
      const { submissions, skipped } = await listSubmissions(d, join(d, "out"), "03.ipynb");
      expect(submissions.map((s) => [s.student, s.problem])).toEqual([
        ["bob", undefined],
        ["zoe", undefined],
      ]);
      const why = Object.fromEntries(skipped.map((k) => [k.path.slice(d.length + 1), k.why]));
      const beside = (kind: string) =>
        `not a notebook (.ipynb): not graded; ${kind} beside the notebook: grading runs the notebook alone, so its imports of it fail (graded notebooks must be self-contained: grading runs the notebook alone, without the files beside it)`;
      expect(why).toEqual({
        "shared.ts": beside("a TypeScript file"),
        "zoe/data.csv": "not a notebook (.ipynb): not graded",
        "zoe/mathutil.ts": beside("a TypeScript file"),
        "zoe/old.js": beside("a JavaScript file"),
        "zoe/types.d.ts": beside("a TypeScript file"),
        "zoe/util.mjs": beside("a JavaScript file"),
        "zoe/view.tsx": beside("a TypeScript file"),
        "zoe/vocab.json": beside("a JSON file"),
      });
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

  describe("a student's folder holding several notebooks is one student, never one row per notebook", () => {
    /** A fresh class folder from a list of files (path → content); folders are made as needed. */
    const classOf = (files: Record<string, string>) => {
      const d = mkdtempSync(join(tmpdir(), "dl4nlp-list-several-"));
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(d, path, ".."), { recursive: true });
        writeFileSync(join(d, path), text);
      }
      return d;
    };
    const rows = (d: string, list: Awaited<ReturnType<typeof listSubmissions>>) =>
      list.submissions.map((s) => [s.student, s.file.replace(d, "DIR"), s.problem?.replaceAll(d, "DIR")]);
    const notGraded = (d: string, list: Awaited<ReturnType<typeof listSubmissions>>) =>
      Object.fromEntries(list.skipped.map((k) => [k.path.slice(d.length + 1), k.why]));

    it("zed/x.ipynb and zed/y.ipynb, none named as the assignment: one row for zed naming both, nothing graded (the tester's case)", async () => {
      const d = classOf({ "zed/x.ipynb": "{}", "zed/y.ipynb": "{}", "amy.ipynb": "{}" });
      try {
        const list = await listSubmissions(d, join(d, "out"), "03.ipynb");
        expect(rows(d, list)).toEqual([
          ["amy", "DIR/amy.ipynb", undefined],
          [
            "zed",
            "DIR/zed",
            "DIR/zed holds 2 notebooks (x.ipynb, y.ipynb) and none is named as the assignment (03.ipynb): nothing was graded; keep the one to grade, or name it 03.ipynb",
          ],
        ]);
        expect(list.submissions.find((s) => s.student === "zed")?.empty).toBeUndefined();
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });

    it("one of them named as the assignment is the submission; the others are listed as not graded", async () => {
      const d = classOf({ "zed/03.ipynb": "{}", "zed/scratch.ipynb": "{}", "zed/old.ipynb": "{}" });
      try {
        const list = await listSubmissions(d, join(d, "out"), "03.ipynb");
        expect(rows(d, list)).toEqual([["zed", "DIR/zed/03.ipynb", undefined]]);
        expect(notGraded(d, list)).toEqual({
          "zed/old.ipynb":
            "another notebook in zed's folder: the submission is zed/03.ipynb, the one named as the assignment; not graded",
          "zed/scratch.ipynb":
            "another notebook in zed's folder: the submission is zed/03.ipynb, the one named as the assignment; not graded",
        });
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });

    it("a notebook and its copied checkpoint (x.ipynb, x-checkpoint.ipynb) are one submission, in a folder and at the top", async () => {
      const d = classOf({
        "zed/x.ipynb": "{}",
        "zed/x-checkpoint.ipynb": "{}",
        "zed/.ipynb_checkpoints/x-checkpoint.ipynb": "{}",
        "bob.ipynb": "{}",
        "bob-checkpoint.ipynb": "{}",
        "lone-checkpoint.ipynb": "{}",
      });
      try {
        const list = await listSubmissions(d, join(d, "out"), "03.ipynb");
        expect(rows(d, list)).toEqual([
          ["bob", "DIR/bob.ipynb", undefined],
          ["lone-checkpoint", "DIR/lone-checkpoint.ipynb", undefined],
          ["zed", "DIR/zed/x.ipynb", undefined],
        ]);
        const why = notGraded(d, list);
        expect(why["bob-checkpoint.ipynb"]).toBe(
          "Jupyter's checkpoint copy of bob.ipynb (an older save of it), not a submission",
        );
        expect(why["zed/x-checkpoint.ipynb"]).toBe(
          "Jupyter's checkpoint copy of x.ipynb (an older save of it), not a submission",
        );
        expect(why["zed/.ipynb_checkpoints"]).toBe("Jupyter's checkpoints folder, not a submission");
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });

    it("nested folders: a notebook one folder deeper is named in the row (not graded); two copies of the assignment are one row", async () => {
      const d = classOf({
        "ann/ann/x.ipynb": "{}",
        "ben/03/03.ipynb": "{}",
        "ben/03-retry/03.ipynb": "{}",
        "cal/03/03.ipynb": "{}",
        "cal/notes/n.txt": "",
      });
      try {
        const list = await listSubmissions(d, join(d, "out"), "03.ipynb");
        expect(rows(d, list)).toEqual([
          [
            "ann",
            "DIR/ann",
            "DIR/ann holds no notebook (.ipynb): nothing was submitted; not graded, one folder deeper: ann/x.ipynb (a submission is ann/NOTEBOOK.ipynb or ann/ASSIGNMENT/03.ipynb)",
          ],
          [
            "ben",
            "DIR/ben",
            "DIR/ben holds 2 copies of 03.ipynb (03/03.ipynb, 03-retry/03.ipynb): nothing was graded; keep the one to grade",
          ],
          ["cal", "DIR/cal/03/03.ipynb", undefined],
        ]);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });

    it("symbolic links among a folder's notebooks: the one named as the assignment is a link row; a linked folder is one row", async () => {
      const d = classOf({ "zed/x.ipynb": "{}", "real/03.ipynb": "{}" });
      try {
        symlinkSync(join(d, "zed", "x.ipynb"), join(d, "zed", "03.ipynb"));
        symlinkSync(join(d, "real"), join(d, "linked"));
        const list = await listSubmissions(d, join(d, "out"), "03.ipynb");
        expect(rows(d, list)).toEqual([
          ["linked", "DIR/linked", "DIR/linked is a symbolic link; links are not followed (submit the notebook itself)"],
          ["real", "DIR/real/03.ipynb", undefined],
          ["zed", "DIR/zed/03.ipynb", "DIR/zed/03.ipynb is a symbolic link; links are not followed (submit the notebook itself)"],
        ]);
        expect(notGraded(d, list)["zed/x.ipynb"]).toMatch(/^another notebook in zed's folder/);
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });
  });
});
