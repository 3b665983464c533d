import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOW_STOPPED, isStopped } from "../../../lib/tools/grade/cell-events";
import type { StudentResult } from "../../../lib/tools/grade/grade-one";
import { SANDBOX_UID } from "../../../lib/tools/grade/sandbox";
import { gradeCli, leftSandboxProcesses } from "./grade-cli";

// The fixture class (test/fixtures/grading/make-class.mjs) graded end to end by the real `dl4nlp grade`: real tslab
// kernels in the bubblewrap sandbox, two at a time, hostile submissions beside honest controls in one run.
// Max score 8 (softmax 1 + 2 hidden, CE 1 + 1 hidden, gradient 1 + 2 hidden).
const root = join(__dirname, "..", "..", "..");
const classDir = join(root, "test/fixtures/grading/class");
const master = join(root, "test/fixtures/grading/master.ipynb");
const sha = (file: string) =>
  lstatSync(file).isFile() ? createHash("sha256").update(readFileSync(file)).digest("hex") : "not a file";
const hashes = () => Object.fromEntries(readdirSync(classDir).map((f) => [f, sha(join(classDir, f))]));
const RED = "\u001b[31mred\u001b[0m";

/** Each situation and the score an honest grader gives it. */
const EXPECTED: Record<string, number> = {
  // honest controls
  correct: 8,
  partial: 3,
  "moved-cells": 8,
  "deleted-solution": 6,
  // broken submissions
  malformed: 0,
  "infinite-loop": 6,
  "throw-getter": 6,
  // cells that misbehave outside the graded code: stopped, reported, and free (one policy, see STOPPED below)
  "process-exit": 8,
  "memory-bomb": 8,
  "output-flood": 8,
  "killed-mid-cell": 8,
  "stop-loop-before": 8,
  "stop-promise-between": 8,
  "stop-microtask-after": 8,
  "stop-flood-before": 8,
  "stop-print-forever-after": 8,
  "stop-timer-flood-between": 8,
  "stop-exit-before": 8,
  "stop-kill-last": 8,
  "stop-three": 8,
  // tampering with every answer wrong: any point is a hole
  "tamper-check": 0,
  "tamper-prototype": 0,
  "tamper-print": 0,
  "tamper-exit0": 0,
  "tamper-file": 0,
  "tamper-reporter": 0,
  "tamper-globalthis": 0,
  "tamper-math": 0,
  "tamper-iterator": 0,
  "tamper-library": 0,
  "tamper-leak": 0,
  // hostile acts beside right answers: no point lost, nothing reached outside
  "hostile-process": 8,
  "loop-after-await": 8,
  "loop-after-timer-await": 8,
  "stack-getter": 8,
  // built-ins the kernel's messages use, replaced: the reply or the answers must still be the student's
  "tamper-tojson": 8,
  "tamper-array-tojson": 8,
  "tamper-toprimitive": 8,
  "flood-scratch": 8,
  "ts-error": 8,
  // a solution cell whose own check at its end throws, or runs past the timeout: what it defined before still counts
  "own-check-throws": 8,
  "own-check-past-timeout": 8,
  // pasted copies of a solution cell: graded is the last copy before the student's own tests (what they saw pass);
  // later cells see the later copy, as the student's Run All does: the wrong softmax pasted late breaks the gradient
  "pasted-duplicate": 8,
  "pasted-duplicate-late": 5,
  // names that collide once file-safe, terminal escapes
  Müller: 8,
  Möller: 8,
  "a b": 8,
  a_b: 8,
  [RED]: 8,
  // symbolic links are not followed
  "link-master": 0,
  "link-shadow": 0,
};
const TOTAL = Object.keys(EXPECTED).length;
/**
 * The cells each misbehaving submission had stopped, by number as Jupyter shows it (1-based), and how (CELL_EVENTS).
 * A print loop is interrupted; if the output it had queued then passes the cap, it is the cap that stops it.
 */
const STOPPED: Record<string, [number, string | RegExp][]> = {
  "stop-loop-before": [[3, "interrupted"]],
  "stop-promise-between": [[8, "interrupted"]],
  "stop-microtask-after": [[11, "no-reply"]],
  "stop-flood-before": [],
  "stop-print-forever-after": [[11, /^(interrupted|output-cap)$/]],
  "stop-timer-flood-between": [],
  "stop-exit-before": [[3, "kernel-exit"]],
  "stop-kill-last": [[12, "kernel-killed"]],
  "stop-three": [
    [3, "interrupted"],
    [10, "kernel-exit"],
  ],
  "output-flood": [],
  "memory-bomb": [[5, "out-of-memory"]],
  "killed-mid-cell": [[5, "kernel-killed"]],
  "process-exit": [[5, "kernel-exit"]],
  "loop-after-await": [[5, "no-reply"]],
  "stack-getter": [[5, "no-reply"]],
  "tamper-tojson": [[5, "no-reply"]],
  "own-check-past-timeout": [[4, "interrupted"]],
};
/**
 * The cells whose output the kernel cut at its per-cell budget (half the output cap) while they ran on to their end: a
 * flood costs nothing, the cell keeps its definitions (a timer's flood is cut under whatever cell runs then, and an
 * endless print loop is interrupted at its timeout: neither is listed here).
 */
const CUT: Record<string, number[]> = {
  "stop-flood-before": [3],
  "output-flood": [5],
  "stop-three": [6],
};
const UNREADABLE = ["malformed", "link-master", "link-shadow"];

/** The grader's own temp folder: grading tests of other files running beside cannot add to what is checked in it. */
const graderTmp = mkdtempSync(join(tmpdir(), "dl4nlp-grade-class-tmp-"));
afterAll(() => rmSync(graderTmp, { recursive: true, force: true }));
const grade = (out: string, extra: string[] = []) =>
  gradeCli(
    master,
    classDir,
    out,
    [...["--jobs", "2", "--timeout", "10", "--memory", "256", "--output-cap", "1000000", "--notebook-timeout", "150"], ...extra],
    { TMPDIR: graderTmp },
  );

/** Entries of the host's temporary folders that a submission could have left (report files, litter). */
const litter = () =>
  ["/tmp", "/var/tmp", "/dev/shm"].flatMap((d) =>
    readdirSync(d)
      .filter((e) => /^(r\d+\.json|report\..*\.json|grades\.csv|litter)/.test(e))
      .map((e) => join(d, e)),
  );

describe("dl4nlp grade on the fixture class (real kernels, bubblewrap sandbox)", () => {
  let out: string;
  let run: ReturnType<typeof grade>;
  let before: Record<string, string>;
  let litterBefore: string[];
  let results: Record<string, StudentResult>;
  let reportText: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "dl4nlp-grades-"));
    before = hashes();
    litterBefore = litter();
    // A forged cache entry: same file hash, another key: must not be trusted.
    mkdirSync(join(out, "results"), { recursive: true });
    const forged = {
      student: "tamper-file",
      fileHash: sha(join(classDir, "tamper-file.ipynb")),
      keyHash: "forged",
      graderVersion: 4,
      score: 8,
      maxScore: 8,
      tests: [],
    };
    writeFileSync(join(out, "results", "tamper-file.json"), JSON.stringify(forged));
    run = grade(out);
    reportText = readFileSync(join(out, "report.json"), "utf8");
    const report = JSON.parse(reportText) as { students: StudentResult[] };
    results = Object.fromEntries(report.students.map((s) => [s.student, s]));
  }, 1_200_000);

  it("scores every situation as an honest grader would, hostile ones beside honest controls", () => {
    const scores = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.score]));
    expect(scores).toEqual(EXPECTED);
    expect(run.status, run.stderr).toBe(1); // the malformed notebook and the two links could not be run
    expect(run.stdout).toContain(
      `${TOTAL} submission(s): ${TOTAL - UNREADABLE.length} graded, ${UNREADABLE.length} could not be run, 0 kept from an earlier run`,
    );
  });

  it("after the run: no process of a sandbox user is left, no file outside the output folder", () => {
    expect(leftSandboxProcesses(SANDBOX_UID)).toEqual([]);
    expect(litter().filter((f) => !litterBefore.includes(f))).toEqual([]);
    // the grader's work folders (mkdtemp "dl4nlp-grade-XXXXXX") are gone
    expect(readdirSync(graderTmp)).toEqual([]);
    expect(hashes()).toEqual(before);
  });

  it("each broken case is a clear per-student result", () => {
    expect(results.malformed.status).toBe("error");
    expect(results.malformed.message).toMatch(/malformed notebook: .*malformed\.ipynb: not JSON/);
    const warned = (s: string) => results[s].warnings?.join("\n");
    expect(warned("memory-bomb")).toMatch(/cell 5 ran out of memory \(limit 256 MB\) after \d/);
    expect(warned("output-flood")).toMatch(
      /cell 5 printed more than 500000 bytes: the rest of its output was dropped, and it ran on to its end/,
    );
    expect(warned("killed-mid-cell")).toMatch(/cell 5 killed the kernel process \(SIGKILL\)/);
    expect(warned("process-exit")).toMatch(/cell 5 ended the kernel process \(exit code 0: process\.exit\?\)/);
    expect(warned("tamper-exit0")).toMatch(/cell 5 ended the kernel process \(exit code 0/);
    const loop = results["infinite-loop"].tests.filter((t) => t.gradeId.startsWith("test_ce"));
    expect(loop.map((t) => t.status)).toEqual(["timeout", "timeout"]);
    const deleted = results["deleted-solution"].tests.filter((t) => t.gradeId.startsWith("test_ce"));
    expect(deleted.map((t) => t.status)).toEqual(["missing-solution", "missing-solution"]);
    expect(results.partial.tests.find((t) => t.gradeId === "test_softmax_hidden")?.message).toMatch(
      /large logits: element 0: expected 0\.26\d+ .*got NaN/,
    );
    expect(results["throw-getter"].tests.find((t) => t.gradeId === "test_softmax_hidden")?.message).toMatch(
      /softmaxOf threw an object \(not an Error\)/,
    );
  });

  it("cells that cannot be interrupted restart the kernel without the cell, with a warning; the points stay", () => {
    for (const s of ["loop-after-await", "loop-after-timer-await", "stack-getter", "tamper-tojson"]) {
      expect(results[s].warnings?.join("\n"), s).toMatch(
        /cell 5 sent no reply within 10 s, even after an interrupt: an endless loop after an await.*toJSON.* kernel was restarted/,
      );
      expect(
        results[s].tests.every((t) => t.status === "passed"),
        s,
      ).toBe(true);
    }
  });

  it("one policy for every way a cell misbehaves outside the graded code: stopped, reported by number, no point lost", () => {
    const csv = readFileSync(join(out, "grades.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    const stoppedColumn = header.indexOf("stopped_cells");
    const rowOf = (s: string) => csv.find((line) => line.startsWith(`${s},`))?.split(",") ?? [];
    for (const [s, cells] of Object.entries(STOPPED)) {
      const r = results[s];
      const stopped = r.cells.filter((c) => isStopped(c.event));
      expect(
        stopped.map((c) => c.cellNumber),
        s,
      ).toEqual(cells.map(([n]) => n));
      for (const [i, [n, kind]] of cells.entries()) {
        expect(stopped[i].event, s).toMatch(kind);
        expect(
          r.warnings?.some(
            (w) =>
              w.startsWith(`cell ${n} `) &&
              w.endsWith(stopped[i].event === "interrupted" ? HOW_STOPPED.interrupted : "the rest was graded without it"),
          ),
          s,
        ).toBe(true);
      }
      expect(
        r.tests.every((t) => t.status === "passed"),
        s,
      ).toBe(true);
      expect(r.message, s).toBeUndefined();
      // grades.csv: still "graded", and which cells were stopped
      expect(rowOf(s)[4], s).toBe("graded");
      expect(rowOf(s)[stoppedColumn], s).toBe(cells.map(([n]) => n).join(" "));
    }
    expect(rowOf("correct")[stoppedColumn]).toBe("");
    expect(run.stdout).toContain(
      "stop-three: 8/8 (stopped, the rest graded on: cell 3 interrupted at the time limit; cell 10 ended the kernel (exit code 1: process.exit?), restarted)",
    );
    // words that are true: a flood that took milliseconds is not called a timeout
    expect(results["output-flood"].warnings?.join("\n")).not.toMatch(/timed out|timeout/);
    const page = readFileSync(join(out, "feedback", "stop-three.html"), "utf8");
    for (const n of [3, 6, 10]) expect(page).toContain(`<li>cell ${n} `);
  });

  it("floods and chatty cells cost nothing: their output is cut in the kernel, the cell runs to its end, no point lost", () => {
    for (const [s, cells] of Object.entries(CUT)) {
      const r = results[s];
      expect(
        r.cells.filter((c) => c.event === "output-cut").map((c) => c.cellNumber),
        s,
      ).toEqual(cells);
      for (const n of cells) {
        expect(
          r.warnings?.some((w) => w.startsWith(`cell ${n} printed more than 500000 bytes: the rest of its output was dropped`)),
        ).toBe(true);
      }
      expect(
        r.tests.every((t) => t.status === "passed"),
        s,
      ).toBe(true);
    }
    // a chatty scratch cell (5,000 short lines) at most has its output cut: nothing stopped, nothing timed out
    expect(results["flood-scratch"].cells.filter((c) => c.event !== "output-cut")).toEqual([]);
    expect(results["hostile-process"].cells).toEqual([]);
  });

  it("a TypeScript error is placed in the student's own lines", () => {
    expect(results["ts-error"].cells.map((c) => c.message)).toEqual([expect.stringMatching(/^TSError: 3:\d+ - Type 'string'/)]);
  });

  it("pasted duplicates of a solution cell: the copy before the tests is graded, with a warning", () => {
    expect(results["pasted-duplicate"].warnings?.join("\n")).toMatch(/all stand for "softmax_stable" \(a pasted copy\?\)/);
    expect(results["pasted-duplicate-late"].warnings?.join("\n")).toMatch(
      /all stand for "softmax_stable" \(a pasted copy\?\): graded is cell \d+, the last one before its tests/,
    );
  });

  it("symbolic links are reported, not followed; nothing of their targets shows", () => {
    for (const s of ["link-master", "link-shadow"]) {
      expect(results[s].status).toBe("error");
      expect(results[s].message).toMatch(/is a symbolic link; links are not followed/);
    }
    expect(reportText).not.toMatch(/root:[^ ]*:\d+:/);
  });

  it("one results and one feedback file per submission, whatever the names; the terminal gets no escapes", () => {
    expect(readdirSync(join(out, "feedback"))).toHaveLength(TOTAL);
    expect(readdirSync(join(out, "results"))).toHaveLength(TOTAL);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.stdout).toContain("\\x1b[31mred\\x1b[0m: 8/8");
  });

  it("hidden tests never reach the feedback: no source, no inputs, no expected values, no message", () => {
    for (const f of readdirSync(join(out, "feedback"))) {
      const page = readFileSync(join(out, "feedback", f), "utf8");
      expect(page, f).not.toMatch(/large logits|1000, ?1001|0\.2689414213699951|dz\d/);
    }
    const partial = readFileSync(join(out, "feedback", "partial.html"), "utf8");
    expect(partial).toContain("score <b>3 / 8</b>");
    expect(partial).toContain("test_softmax_hidden (hidden)");
  });

  it("feedback shows each test once: passed tests without an empty block, a failed visible test's message once", () => {
    const correct = readFileSync(join(out, "feedback", "correct.html"), "utf8");
    expect(correct).not.toMatch(/<pre>\s*<\/pre>/);
    const partial = readFileSync(join(out, "feedback", "partial.html"), "utf8");
    const message = results.partial.tests.find((t) => t.gradeId === "test_grad_visible")?.message ?? "";
    expect(message).toMatch(/not implemented/);
    expect(partial.split("not implemented").length - 1).toBe(1);
  });

  it("writes grades.csv, report.json and junit.xml", () => {
    const csv = readFileSync(join(out, "grades.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "student,score,max_score,percent,status,test_softmax_visible,test_softmax_hidden,test_ce_visible,test_ce_hidden,test_grad_visible,test_grad_hidden,stopped_cells",
    );
    expect(csv).toContain("correct,8,8,100.0,graded,1,2,1,1,1,2,");
    const junit = readFileSync(join(out, "junit.xml"), "utf8");
    expect(junit).toMatch(
      new RegExp(`<testsuites name="dl4nlp grade" tests="${TOTAL * 6}" failures="\\d+" errors="0" skipped="0" `),
    );
  });

  it("a rerun keeps what is already graded (same file, same key); a forged entry with another key was not kept", () => {
    const again = grade(out, ["--quiet"]);
    expect(again.stdout).toContain(`${TOTAL - 2} kept from an earlier run`);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { students: StudentResult[] };
    expect(Object.fromEntries(report.students.map((s) => [s.student, s.score]))).toEqual(EXPECTED);
  }, 120_000);
});
