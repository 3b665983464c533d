import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { gradeCli } from "./grade-cli";

// The fixture class (test/fixtures/grading/make-class.mjs) graded end to end by the real `dl4nlp grade`: real tslab
// kernels in the sandbox, two at a time. Max score 8 (softmax 1 + 2 hidden, CE 1 + 1 hidden, gradient 1 + 2 hidden).
const root = join(__dirname, "..", "..", "..");
const classDir = join(root, "test/fixtures/grading/class");
const master = join(root, "test/fixtures/grading/master.ipynb");
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const hashes = () => Object.fromEntries(readdirSync(classDir).map((f) => [f, sha(join(classDir, f))]));

const EXPECTED: Record<string, number> = {
  correct: 8,
  partial: 3,
  "moved-cells": 8,
  "deleted-solution": 6,
  malformed: 0,
  "infinite-loop": 6,
  "process-exit": 3,
  "memory-bomb": 3,
  "output-flood": 3,
  "killed-mid-cell": 3,
  "tamper-check": 0,
  "tamper-prototype": 0,
  "tamper-print": 0,
  "tamper-exit0": 0,
  "tamper-file": 0,
  "tamper-reporter": 0,
};

const grade = (out: string, extra: string[] = []) =>
  gradeCli(master, classDir, out, [
    ...["--jobs", "2", "--timeout", "20", "--memory", "256", "--output-cap", "1000000", "--notebook-timeout", "120"],
    ...extra,
  ]);

describe("dl4nlp grade on the fixture class (real kernels)", () => {
  let out: string;
  let run: ReturnType<typeof grade>;
  let before: Record<string, string>;
  let results: Record<string, StudentResult>;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "dl4nlp-grades-"));
    before = hashes();
    // A forged cache entry: same file hash, another key: must not be trusted.
    mkdirSync(join(out, "results"), { recursive: true });
    const forged = {
      student: "tamper-file",
      fileHash: sha(join(classDir, "tamper-file.ipynb")),
      keyHash: "forged",
      graderVersion: 1,
      score: 8,
      maxScore: 8,
      tests: [],
    };
    writeFileSync(join(out, "results", "tamper-file.json"), JSON.stringify(forged));
    run = grade(out);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
    results = Object.fromEntries(report.students.map((s) => [s.student, s]));
  }, 900_000);

  it("scores every submission as expected: correct, partly correct, broken, tampering", () => {
    const scores = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.score]));
    expect(scores).toEqual(EXPECTED);
    expect(run.status).toBe(1); // one submission (malformed) could not be run
    expect(run.stdout).toContain("16 submission(s): 15 graded, 1 could not be run, 0 kept from an earlier run");
  });

  it("each broken case is a clear per-student result", () => {
    expect(results.malformed.status).toBe("error");
    expect(results.malformed.message).toMatch(/malformed notebook: .*malformed\.ipynb: not JSON/);
    expect(results["memory-bomb"].message).toMatch(/memory limit exceeded \(256 MB\)/);
    expect(results["output-flood"].message).toMatch(/output cap exceeded \(more than 1000000 bytes\)/);
    expect(results["killed-mid-cell"].message).toMatch(/killed by SIGKILL/);
    expect(results["process-exit"].message).toMatch(/kernel exited \(code 0\)/);
    expect(results["tamper-exit0"].message).toMatch(/kernel exited \(code 0\)/);
    const loop = results["infinite-loop"].tests.filter((t) => t.gradeId.startsWith("test_ce"));
    expect(loop.map((t) => t.status)).toEqual(["timeout", "timeout"]);
    const deleted = results["deleted-solution"].tests.filter((t) => t.gradeId.startsWith("test_ce"));
    expect(deleted.map((t) => t.status)).toEqual(["missing-solution", "missing-solution"]);
    expect(results.partial.tests.find((t) => t.gradeId === "test_softmax_hidden")?.message).toMatch(
      /large logits: element 0: expected 0\.26\d+ .*got NaN/,
    );
  });

  it("tampering: the blocked operations say so, and no printed PASSED line counts", () => {
    const file = results["tamper-file"];
    expect(file.cells.map((c) => c.message).join("\n")).toMatch(/require\("fs"\) is not allowed in a graded notebook/);
    expect(results["tamper-print"].tests.every((t) => t.status === "failed")).toBe(true);
    expect(results["tamper-check"].tests.every((t) => /expected .* got NaN|expected numbers/.test(t.message ?? ""))).toBe(true);
  });

  it("writes grades.csv, report.json, junit.xml and one escaped feedback page per student; submissions unchanged", () => {
    const csv = readFileSync(join(out, "grades.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "student,score,max_score,percent,status,test_softmax_visible,test_softmax_hidden,test_ce_visible,test_ce_hidden,test_grad_visible,test_grad_hidden",
    );
    expect(csv).toContain("correct,8,8,100.0,graded,1,2,1,1,1,2");
    expect(csv).toHaveLength(17);
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(junit).toMatch(/<testsuites name="dl4nlp grade" tests="96" failures="\d+">/);
    expect(readdirSync(join(out, "feedback")).sort()).toEqual(
      Object.keys(EXPECTED)
        .map((s) => `${s}.html`)
        .sort(),
    );
    const page = readFileSync(join(out, "feedback", "partial.html"), "utf8");
    expect(page).toContain("score <b>3 / 8</b>");
    expect(page).toContain("test_softmax_hidden (hidden)");
    expect(hashes()).toEqual(before);
  });

  it("a rerun keeps what is already graded (same file, same key); a forged entry with another key was not kept", () => {
    const again = grade(out, ["--quiet"]);
    expect(again.stdout).toContain("16 submission(s): 15 graded, 1 could not be run, 16 kept from an earlier run");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
    expect(Object.fromEntries(report.students.map((s) => [s.student, s.score]))).toEqual(EXPECTED);
  }, 120_000);
});
