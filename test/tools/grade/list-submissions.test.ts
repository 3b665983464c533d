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
    const found = await listSubmissions(dir, join(dir, "out"), "03.ipynb");
    expect(found.map((s) => s.student)).toEqual(["alice", "mallory", "nina", "olga", "pia"]);
    const problem = (student: string) => found.find((s) => s.student === student)?.problem;
    expect(problem("nina")).toMatch(/nina holds no notebook \(\.ipynb\): nothing was submitted/);
    expect(problem("olga")).toMatch(/olga holds no notebook/);
    expect(problem("mallory")).toMatch(/symbolic link; links are not followed/);
    expect(problem("alice")).toBeUndefined();
    expect(problem("pia")).toBeUndefined();
    expect(found.filter((s) => s.empty).map((s) => s.student)).toEqual(["nina", "olga"]);
  });
});
