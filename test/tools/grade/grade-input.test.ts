import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { afterAll, describe, expect, it } from "vitest";
import { studentVersion } from "../../../lib/tools/grade/assign";
import { gradeAll } from "../../../lib/tools/grade/grade-all";
import { packageRoot } from "../../../lib/tools/grade/grade-one";
import { prepareKey } from "../../../lib/tools/grade/key";
import { createSandboxKernel, SANDBOX_UID } from "../../../lib/tools/grade/sandbox";
import { parseNotebook } from "../../../lib/tools/nbformat/read";
import { formatNotebook } from "../../../lib/tools/nbformat/write";
import { gradeCli } from "./grade-cli";
import { ancestors, isSandboxUid, processTable } from "./process-table";

// Bad grader input gets a clear error; nbgrader masters and layouts are read; failures of the grader are retried and
// never kept as a student's result; Ctrl-C ends every kernel and a rerun resumes.
const root = join(__dirname, "..", "..", "..");
const masterFile = join(root, "test/fixtures/grading/master.ipynb");
const classDir = join(root, "test/fixtures/grading/class");
const master = () => parseNotebook(readFileSync(masterFile, "utf8"), masterFile);
const tmp = mkdtempSync(join(tmpdir(), "dl4nlp-grade-input-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const folder = (name: string, files: Record<string, string> = {}) => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
};
const saveNotebook = (file: string, nb: INotebookContent) => {
  writeFileSync(file, formatNotebook(nb));
  return file;
};
/** The sandboxed (SANDBOX_UID + slot) descendants of `pid`: other test files grading beside this one use the same uids. */
const sandboxDescendants = (pid: number): number[] => {
  const table = processTable();
  return [...table].filter(([p, { uid }]) => isSandboxUid(uid, SANDBOX_UID) && ancestors(table, p).includes(pid)).map(([p]) => p);
};

/** The fixture master in nbgrader's terms: metadata.nbgrader, `### BEGIN SOLUTION`, hidden tests as regions. */
function nbgraderMaster(): INotebookContent {
  const nb = master();
  const cells = [];
  for (const cell of nb.cells) {
    const d = (cell.metadata as { dl4nlp?: Record<string, unknown> }).dl4nlp;
    const copy = structuredClone(cell);
    delete (copy.metadata as Record<string, unknown>).dl4nlp;
    if (d) {
      const base = { grade_id: d.grade_id, schema_version: 3 };
      const meta =
        d.kind === "solution"
          ? { ...base, solution: true, grade: false, locked: false }
          : d.kind === "test"
            ? { ...base, solution: false, grade: true, locked: true, points: d.points }
            : { ...base, solution: false, grade: false, locked: true };
      (copy.metadata as Record<string, unknown>).nbgrader = meta;
      const src = Array.isArray(copy.source) ? copy.source.join("") : String(copy.source);
      copy.source = src.replace(/\/\/ (BEGIN|END) SOLUTION/g, "### $1 SOLUTION");
      if (d.kind === "test" && d.hidden) copy.source = `check.ok(true);\n### BEGIN HIDDEN TESTS\n${src}\n### END HIDDEN TESTS`;
    }
    cells.push(copy);
  }
  return { ...nb, cells };
}

describe("dl4nlp grade: bad input, nbgrader interop, grader failures, Ctrl-C", () => {
  it("no submissions: an empty folder, or one without notebooks, is an error naming the folder", () => {
    const onlyEmptyFolders = folder("only-empty-folders");
    mkdirSync(join(onlyEmptyFolders, "assignment-1"));
    for (const dir of [folder("empty"), folder("no-notebooks", { "notes.txt": "hello" }), onlyEmptyFolders]) {
      const r = gradeCli(masterFile, dir, join(tmp, "out-none"));
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${dir}: no submissions found`);
    }
  });

  it("a missing or broken key notebook is named as any notebook is (was a raw ENOENT message)", () => {
    const dir = folder("one-for-a-bad-key", { "ana.ipynb": "{}" });
    const missing = join(tmp, "no-such-key.ipynb");
    const r = gradeCli(missing, dir, join(tmp, "out-missing-key"));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${missing}: cannot read the file (ENOENT)`);
    const broken = join(tmp, "broken-key.ipynb");
    writeFileSync(broken, '{"cells": [\n');
    const b = gradeCli(broken, dir, join(tmp, "out-broken-key"));
    expect(b.status).not.toBe(0);
    expect(b.stderr).toContain(`${broken}: not JSON: `);
  });

  it("a notebook given as the submissions folder, or a file as --out, is named as the wrong kind (was ENOTDIR from mkdir)", () => {
    const dir = folder("one-notebook", { "ana.ipynb": "{}" });
    const asFolder = gradeCli(masterFile, join(dir, "ana.ipynb"), join(tmp, "out-file-sub"));
    expect(asFolder.status).toBe(2);
    expect(asFolder.stderr).toContain(`${join(dir, "ana.ipynb")}: a file, not a folder of submissions`);
    const outFile = join(tmp, "results.txt");
    writeFileSync(outFile, "mine");
    const toFile = gradeCli(masterFile, dir, outFile);
    expect(toFile.status).toBe(2);
    expect(toFile.stderr).toContain(`--out ${outFile}: a file is there, not a folder; give a folder to write into`);
    expect(readFileSync(outFile, "utf8")).toBe("mine");
  });

  it("a folder holding only a hidden notebook says it was not graded and why, instead of finding nothing", () => {
    const dir = folder("only-hidden", { ".x.ipynb": "{}" });
    const r = gradeCli(masterFile, dir, join(tmp, "out-hidden"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no submissions found .*; not graded: \S*\.x\.ipynb: a hidden file \(its name starts with "\."/);
  });

  it("two submissions of one student (a file and a folder, a link beside a folder) stop the run naming both files; nothing is written", () => {
    const notebook = readFileSync(join(classDir, "correct.ipynb"), "utf8");
    const fileAndFolder = folder("twice", { "bob.ipynb": notebook, "alice.ipynb": notebook });
    mkdirSync(join(fileAndFolder, "bob"));
    writeFileSync(join(fileAndFolder, "bob", "submission.ipynb"), notebook);
    const linkAndFolder = folder("twice-link", { "carol-real.ipynb": notebook });
    mkdirSync(join(linkAndFolder, "carol"));
    writeFileSync(join(linkAndFolder, "carol", "a.ipynb"), notebook);
    symlinkSync(join(linkAndFolder, "carol-real.ipynb"), join(linkAndFolder, "carol.ipynb"));
    for (const [dir, student, a, b] of [
      [fileAndFolder, "bob", "bob.ipynb", join("bob", "submission.ipynb")],
      [linkAndFolder, "carol", "carol.ipynb", join("carol", "a.ipynb")],
    ]) {
      const out = join(tmp, `out-${student}`);
      const r = gradeCli(masterFile, dir, out);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`two submissions for one student`);
      expect(r.stderr).toContain(`student "${student}"`);
      expect(r.stderr).toContain(join(dir, a));
      expect(r.stderr).toContain(join(dir, b));
      expect(existsSync(join(out, "grades.csv"))).toBe(false);
      expect(existsSync(join(out, "results"))).toBe(false);
    }
  });

  it("a student folder holding two notebooks, none named as the master, is one row naming both; the terminal and report.json list what was not graded alike", () => {
    const notebook = readFileSync(join(classDir, "correct.ipynb"), "utf8");
    const dir = folder("several-notebooks");
    mkdirSync(join(dir, "zed", ".ipynb_checkpoints"), { recursive: true });
    writeFileSync(join(dir, "zed", "x.ipynb"), notebook);
    writeFileSync(join(dir, "zed", "y.ipynb"), notebook);
    writeFileSync(join(dir, "zed", ".ipynb_checkpoints", "x-checkpoint.ipynb"), notebook);
    const out = join(tmp, "out-several");
    const r = gradeCli(masterFile, dir, out);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stdout.split("\n");
    const row = lines.find((l) => l.startsWith("[1/1] zed: 0/"));
    expect(row, r.stdout).toMatch(
      /\(error: \S*zed holds 2 notebooks \(x\.ipynb, y\.ipynb\) and none is named as the assignment \(master\.ipynb\): nothing was graded/,
    );
    expect(lines.filter((l) => /zed\/(x|y)/.test(l) && l.startsWith("["))).toEqual([]);
    expect(lines).toContain(
      `not graded: ${join(dir, "zed", ".ipynb_checkpoints")}: Jupyter's checkpoints folder, not a submission`,
    );
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.students.map((s: { student: string; status: string }) => [s.student, s.status])).toEqual([["zed", "error"]]);
    expect(report.notGraded).toEqual([
      { path: join(dir, "zed", ".ipynb_checkpoints"), why: "Jupyter's checkpoints folder, not a submission" },
    ]);
    expect(
      readFileSync(join(out, "grades.csv"), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("zed")),
    ).toHaveLength(1);
  });

  it("a key without tests, a student version as the key, a key failing its own tests: refused, saying which", () => {
    const noTests = master();
    noTests.cells = noTests.cells.filter((c) => (c.metadata as { dl4nlp?: { kind?: string } }).dl4nlp?.kind !== "test");
    expect(() => prepareKey(noTests, "k.ipynb", packageRoot())).toThrow(/k\.ipynb: the key has no test cells/);
    expect(() => prepareKey(studentVersion(master()), "s.ipynb", packageRoot())).toThrow(
      /s\.ipynb: this looks like a student version, not the master/,
    );
    const broken = master();
    const sol = broken.cells.find((c) => (c.metadata as { dl4nlp?: { grade_id?: string } }).dl4nlp?.grade_id === "cross_entropy");
    if (sol)
      sol.source =
        "function crossEntropy(p: number[], c: number): number {\n  // BEGIN SOLUTION\n  return 0;\n  // END SOLUTION\n}";
    expect(() => prepareKey(broken, "b.ipynb", packageRoot())).toThrow(
      /b\.ipynb: the key does not pass its own tests[\s\S]*cell 9 \(test_ce_visible\): element 0: expected 0\.28/,
    );
    const r = gradeCli(saveNotebook(join(tmp, "student-key.ipynb"), studentVersion(master())), classDir, join(tmp, "out-s"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("looks like a student version");
  });

  it("an nbgrader master: assign strips solutions and hidden regions, the key compiles with every test", () => {
    const nb = nbgraderMaster();
    const student = studentVersion(nb);
    const text = JSON.stringify(student);
    expect(text).not.toMatch(/BEGIN SOLUTION|HIDDEN TESTS|Math\.exp\(v - m\)|large logits/);
    const key = prepareKey(nb, "nbgrader.ipynb", packageRoot());
    expect([...key.tests.values()].map((t) => [t.gradeId, t.meta.points, t.meta.hidden])).toEqual([
      ["test_softmax_visible", 1, false],
      ["test_softmax_hidden", 2, true],
      ["test_ce_visible", 1, false],
      ["test_ce_hidden", 1, true],
      ["test_grad_visible", 1, false],
      ["test_grad_hidden", 2, true],
    ]);
  });

  it("assign refuses to write a student version that would still hold a solution line", () => {
    for (const cell of [
      {
        cell_type: "code",
        id: "copy",
        metadata: {},
        source: "const e = z.map((v) => Math.exp(v - m));",
        outputs: [],
        execution_count: null,
      },
      {
        cell_type: "markdown",
        id: "hint",
        metadata: {},
        source: 'Hint:\n  check.close(softmaxOf([1000, 1001]), [0.2689414213699951, 0.7310585786300049], 1e-9, "large logits");',
      },
    ] as const) {
      const leaky = master();
      leaky.cells.push(structuredClone(cell) as unknown as INotebookContent["cells"][number]);
      expect(() => studentVersion(leaky)).toThrow(
        /refusing to write a student version that leaks:\n {2}cell \d+ still holds a solution or hidden-test line/,
      );
    }
  });

  it("grades nbgrader's submitted/STUDENT/ASSIGNMENT/ layout with an nbgrader master", () => {
    const key = saveNotebook(join(tmp, "ps3.ipynb"), nbgraderMaster());
    const submitted = folder("submitted/alice/ps3");
    copyFileSync(join(classDir, "correct.ipynb"), join(submitted, "ps3.ipynb"));
    const r = gradeCli(key, join(tmp, "submitted"), join(tmp, "out-nbgrader"), ["--timeout", "20"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("alice: 8/8");
  }, 300_000);

  it("a kernel that fails to start is retried; a grader failure is never saved as the student's result", async () => {
    const out = join(tmp, "out-flaky");
    const subs = folder("flaky");
    copyFileSync(join(classDir, "correct.ipynb"), join(subs, "bob.ipynb"));
    let attempts = 0;
    const common = {
      keyPath: masterFile,
      submissionsDir: subs,
      outDir: out,
      jobs: 1,
      force: false,
      cellTimeout: 20,
      notebookTimeout: 120,
      limits: { memoryMb: 512, outputCapBytes: 1_000_000 },
    };
    const failing = gradeAll({
      ...common,
      kernelFactory: async () => {
        attempts++;
        throw new Error("listen EADDRINUSE: address already in use 127.0.0.1:40000");
      },
    });
    await expect(failing).rejects.toThrow(
      /grader error: the kernel did not start: listen EADDRINUSE.*before any submission could be graded: nothing was saved/,
    );
    expect(attempts).toBe(3);
    expect(existsSync(join(out, "results", "bob.json"))).toBe(false);
    attempts = 0;
    const flaky = await gradeAll({
      ...common,
      kernelFactory: async (workDir, slot) => {
        if (++attempts === 1) throw new Error("listen EADDRINUSE: address already in use");
        return createSandboxKernel({
          workDir: join(workDir, `k${attempts}`),
          limits: common.limits,
          slot,
          packageRoot: packageRoot(),
        });
      },
    });
    expect(flaky.results[0]).toMatchObject({ status: "graded", score: 8 });
    // a submission outside the working folder is named by its absolute path, never as ../../tmp/...
    expect(flaky.results[0].file).toBe(join(subs, "bob.ipynb"));
    expect(flaky.reused).toBe(0);
    expect(existsSync(join(out, "results", "bob.json"))).toBe(true);
  }, 300_000);

  it("Ctrl-C ends every kernel and removes its temp files, keeps finished results; a rerun resumes", async () => {
    const subs = folder("interrupted");
    for (const s of ["a-correct", "b-loop", "c-correct"]) {
      const from = s === "b-loop" ? "infinite-loop" : "correct";
      copyFileSync(join(classDir, `${from}.ipynb`), join(subs, `${s}.ipynb`));
    }
    const out = join(tmp, "out-int");
    // the grader gets a temp folder of its own, so grading tests running beside cannot add to what is checked
    const graderTmp = folder("interrupted-tmp");
    const child = spawn(
      process.execPath,
      [join(root, "lib/bin/dl4nlp.js"), "grade", "--key", masterFile, subs, "--out", out, "--timeout", "60"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TMPDIR: graderTmp } },
    );
    let stdout = "";
    let stderr = "";
    let interruptAt: NodeJS.Timeout | undefined;
    let kernels: number[] = [];
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", (c) => {
        stdout += c;
        // the loop's first CE test has started its 60 s timeout: interrupt
        if (stdout.includes("a-correct: 8/8") && interruptAt === undefined)
          interruptAt = setTimeout(() => {
            kernels = sandboxDescendants(child.pid!);
            child.kill("SIGINT");
          }, 4000);
      });
      child.on("exit", (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain("interrupted");
    // the sandboxed kernel of b-loop was running when Ctrl-C came, and none of the grader's kernels outlives it
    expect(kernels.length).toBeGreaterThan(0);
    const alive = processTable();
    expect(kernels.filter((p) => alive.get(p)?.uid !== undefined && alive.get(p)!.uid >= SANDBOX_UID)).toEqual([]);
    // nothing left in the grader's temp folder: its work folders (mkdtemp "dl4nlp-grade-XXXXXX") are removed
    expect(readdirSync(graderTmp)).toEqual([]);
    expect(readdirSync(join(out, "results"))).toEqual(["a-correct.json"]);
    // the submission cut short gets no score and no cell event (its kernel was ended by the grader, not by its code),
    // and the count is that of the results saved
    expect(stdout).toContain("b-loop: interrupted, not saved");
    expect(stdout).not.toMatch(/b-loop: \d/);
    expect(stdout).not.toMatch(/kernel died|restarted/);
    expect(stderr).toContain(`interrupted: 1 result(s) saved in ${out}/results, 1 submission(s) cut short and not saved`);
    const again = gradeCli(masterFile, subs, out, ["--timeout", "5"]);
    expect(again.stdout).toContain("1 kept from an earlier run");
    expect(again.stdout).toMatch(/3 submission\(s\): 3 graded/);
  }, 400_000);
});
