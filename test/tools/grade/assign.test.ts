import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { STUB, stubSolution, studentVersion } from "../../../lib/tools/grade/assign";
import { packageRoot, type StudentResult } from "../../../lib/tools/grade/grade-one";
import { prepareKey } from "../../../lib/tools/grade/key";
import { planRun } from "../../../lib/tools/grade/merge";
import { topLevelNames } from "../../../lib/tools/grade/trusted-realm";
import { gradeMeta } from "../../../lib/tools/grade/metadata";
import { gradeJunit } from "../../../lib/tools/grade/report-junit";
import { feedbackHtml, gradesCsv, resultLine } from "../../../lib/tools/grade/reports";
import { terminalSafe } from "../../../lib/tools/terminal-safe";
import { parseNotebook, sourceText } from "../../../lib/tools/nbformat/read";

const root = join(__dirname, "..", "..", "..");
const assignments = ["01-perceptron-by-hand", "02-xor-network", "03-softmax-cross-entropy", "04-backprop-two-layer"];
const load = (file: string): INotebookContent => parseNotebook(readFileSync(file, "utf8"), file);
const master = () => load(join(root, "test/fixtures/grading/master.ipynb"));
const cli = (args: string[]) => spawnSync(process.execPath, [join(root, "lib/bin/dl4nlp.js"), ...args], { encoding: "utf8" });

describe("dl4nlp assign: the student version", () => {
  it("replaces each BEGIN/END SOLUTION region by the stub, keeping the lines around it and the indentation", () => {
    const src = "function f(x: number): number {\n  // BEGIN SOLUTION\n  return 2 * x;\n  // END SOLUTION\n}";
    expect(stubSolution(src)).toBe(`function f(x: number): number {\n  // YOUR CODE HERE\n  ${STUB}\n}`);
    expect(stubSolution("const w = [1, 2];")).toBe(`// YOUR CODE HERE\n${STUB}`);
  });

  it.each(assignments)("%s: no solution text, no hidden test, no output is left; visible tests and setup stay", (name) => {
    const m = load(join(root, "notebooks/assignments", `${name}.ipynb`));
    const s = studentVersion(m);
    const kinds = (nb: INotebookContent) =>
      nb.cells.flatMap((c) => {
        const m = gradeMeta(c);
        return m ? [m] : [];
      });
    const hidden = kinds(m).filter((k) => k.kind === "test" && k.hidden);
    const visible = kinds(m).filter((k) => k.kind === "test" && !k.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    expect(visible.length).toBeGreaterThan(0);
    expect(
      kinds(s)
        .filter((k) => k.kind === "test")
        .map((k) => k.grade_id),
    ).toEqual(visible.map((k) => k.grade_id));
    expect(kinds(s).some((k) => k.kind === "setup")).toBe(true);
    for (const cell of s.cells) {
      const text = sourceText(cell);
      expect(text).not.toMatch(/BEGIN SOLUTION|END SOLUTION/);
      if (gradeMeta(cell)?.kind === "solution") expect(text).toContain(STUB);
      if (cell.cell_type === "code") {
        expect((cell as ICodeCell).outputs).toEqual([]);
        expect((cell as ICodeCell).execution_count).toBeNull();
      }
    }
    expect(m.metadata.kernelspec?.name).toBe("dl4nlp");
    expect(s.metadata.kernelspec?.name).toBe("dl4nlp");
  });

  it("refuses a master with a test without points or unbalanced markers, naming the cells", () => {
    const m = master();
    const bad = structuredClone(m);
    const test = bad.cells.find((c) => gradeMeta(c)?.kind === "test") as ICodeCell;
    (test.metadata.dl4nlp as { points?: number }).points = 0;
    const sol = bad.cells.find((c) => gradeMeta(c)?.kind === "solution") as ICodeCell;
    sol.source = "// BEGIN SOLUTION\nconst x = 1;";
    expect(() => studentVersion(bad, "bad.ipynb")).toThrow(
      /bad\.ipynb: not a valid master notebook:\n {2}cell 4 \(grade_id softmax_stable\): unbalanced[\s\S]*cell 5 \(grade_id test_softmax_visible\): a test needs points > 0/,
    );
  });

  it("refuses what is no master: a lecture notebook, a master whose solution cells lost their marks, a student version", () => {
    const lecture = load(join(root, "notebooks/07-gradient-descent.ipynb"));
    expect(() => studentVersion(lecture, "07.ipynb")).toThrow(/07\.ipynb: not a master notebook: no solution cells/);
    const unmarked = master();
    for (const cell of unmarked.cells) {
      const meta = cell.metadata.dl4nlp as { kind?: string } | undefined;
      if (meta?.kind === "solution") delete cell.metadata.dl4nlp;
    }
    expect(() => studentVersion(unmarked, "m.ipynb")).toThrow(/m\.ipynb: not a master notebook: no solution cells/);
    const student = studentVersion(master(), "m.ipynb");
    expect(() => studentVersion(student, "s.ipynb")).toThrow(/s\.ipynb: this looks like a student version already/);
    // the CLI: exit 1, the reason, and nothing written
    const dir = mkdtempSync(join(tmpdir(), "dl4nlp-assign-"));
    const file = join(dir, "lecture.ipynb");
    copyFileSync(join(root, "notebooks/07-gradient-descent.ipynb"), file);
    const r = cli(["assign", file, "--out", join(dir, "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/lecture\.ipynb: not a master notebook: no solution cells/);
    expect(existsSync(join(dir, "out", "lecture.ipynb"))).toBe(false);
  });

  it("the CLI writes DIR/<name>.ipynb, never over the master, and over an existing file only with --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "dl4nlp-assign-"));
    const masterFile = join(dir, "hw.ipynb");
    copyFileSync(join(root, "test/fixtures/grading/master.ipynb"), masterFile);
    const before = readFileSync(masterFile, "utf8");
    const same = cli(["assign", masterFile, "--out", dir]);
    expect(same.status).toBe(1);
    expect(same.stderr).toMatch(/that is the master itself/);
    expect(readFileSync(masterFile, "utf8")).toBe(before);
    const out = join(dir, "students");
    expect(cli(["assign", masterFile, "--out", out]).status).toBe(0);
    const student = load(join(out, "hw.ipynb"));
    expect(JSON.stringify(student)).not.toContain("Math.max(...z)");
    writeFileSync(join(out, "hw.ipynb"), "edited by the teacher");
    const again = cli(["assign", masterFile, "--out", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists; pass --force/);
    expect(readFileSync(join(out, "hw.ipynb"), "utf8")).toBe("edited by the teacher");
    expect(cli(["assign", masterFile, "--out", out, "--force"]).status).toBe(0);
    expect(load(join(out, "hw.ipynb")).cells.length).toBe(student.cells.length);
  });
});

describe("the assignments' check: one source for students and grader", () => {
  it("each set-up cell imports check from dl4nlp, the object the grader hands to every test; no cell keeps a copy", () => {
    for (const name of assignments) {
      const file = join(root, "notebooks/assignments", `${name}.ipynb`);
      const nb = load(file);
      const setups = nb.cells.filter((c) => gradeMeta(c)?.kind === "setup").map(sourceText);
      expect(setups, name).toHaveLength(1);
      expect(setups[0], name).toMatch(/^import \{[^}]*\bcheck\b[^}]*\} from "dl4nlp";$/m);
      const declaring = nb.cells.filter((c) => c.cell_type === "code" && topLevelNames(sourceText(c)).includes("check"));
      expect(
        declaring.map((c) => c.id),
        `${name}: cells declaring their own check`,
      ).toEqual([]);
      // the master's solutions pass its own tests in the trusted realm, with that check
      expect(() => prepareKey(nb, file, packageRoot()), name).not.toThrow();
    }
    // the package's export is the grader's module (lib/dist/check/assert.js, which the trusted realm imports)
    const graders = require(join(packageRoot(), "dist", "check", "assert.js")) as { check: unknown };
    expect((require(packageRoot()) as { check: unknown }).check).toBe(graders.check);
  });
});

describe("grading plan: the master's tests put back in place", () => {
  const submission = (name: string) => load(join(root, "test/fixtures/grading/class", `${name}.ipynb`));
  const tests = (m: INotebookContent) => m.cells.filter((c) => gradeMeta(c)?.kind === "test").map((c) => gradeMeta(c)?.grade_id);

  it("every master test (hidden ones too) runs, each after its own solution, with the master's source", () => {
    const m = master();
    const { plan } = planRun(m, submission("correct"));
    const planned = plan.filter((p) => p.role === "test");
    expect(planned.map((p) => p.meta?.grade_id)).toEqual(tests(m));
    for (const p of planned) {
      const solutionAt = plan.findIndex((q) => q.role === "student" && q.meta?.grade_id === p.meta?.solution);
      expect(solutionAt).toBeGreaterThanOrEqual(0);
      expect(plan.indexOf(p)).toBeGreaterThan(solutionAt);
      expect(p.source).toBe(sourceText(m.cells[p.index]));
    }
    expect(plan[0].role).toBe("setup");
  });

  it("moved, deleted and added cells: tests follow their solution; a student's copy of a test cell is not run", () => {
    const m = master();
    const sub = submission("moved-cells");
    const forged = structuredClone(sub.cells[0]) as ICodeCell;
    Object.assign(forged, { cell_type: "code", id: "forged", source: "check.ok(true);", outputs: [], execution_count: null });
    forged.metadata = { dl4nlp: { grade_id: "test_ce_hidden", kind: "test", points: 100 } };
    sub.cells.push(forged);
    const { plan } = planRun(m, sub);
    expect(
      plan
        .filter((p) => p.role === "test")
        .map((p) => p.meta?.grade_id)
        .sort(),
    ).toEqual(tests(m).sort());
    expect(plan.some((p) => p.source === "check.ok(true);")).toBe(false);
    const order = plan.map((p) => (p.role === "student" ? `s:${p.meta?.grade_id ?? p.id}` : `t:${p.meta?.grade_id}`));
    expect(order.indexOf("t:test_ce_visible")).toBe(order.indexOf("s:cross_entropy") + 1);
    expect(order.indexOf("t:test_grad_hidden")).toBeGreaterThan(order.indexOf("s:ce_gradient"));
    expect(order).toContain("s:student-added");
  });

  it("code a student adds to the set-up cell or a test cell (or a pasted copy of one) does not run: warned, never silently", () => {
    const m = master();
    const planned = (edit: (cells: ICodeCell[]) => void) => {
      const sub = submission("correct");
      edit(sub.cells as ICodeCell[]);
      return planRun(m, sub).warnings.join("\n");
    };
    const at = (cells: ICodeCell[], kind: string) => cells.findIndex((c) => gradeMeta(c)?.kind === kind);
    // unchanged, or only trailing white space: nothing to say
    expect(planned(() => {})).toBe("");
    expect(planned((cells) => (cells[at(cells, "setup")].source = `${sourceText(cells[at(cells, "setup")])}  \n`))).toBe("");
    // a helper appended to the set-up cell
    const setup = planned((cells) => {
      cells[at(cells, "setup")].source =
        `${sourceText(cells[at(cells, "setup")])}\nconst helperMax = (a: number[]) => Math.max(...a);`;
    });
    expect(setup).toMatch(
      /^cell \d+ is the assignment's set-up cell "[\w-]+" changed by the student: graded with the assignment's own set-up cell, so the changes did not run/,
    );
    // a pasted copy of the set-up cell (a new id, the same grade_id) with the helper in it
    const pasted = planned((cells) => {
      const copy = { ...structuredClone(cells[at(cells, "setup")]), id: "pasted-setup" };
      copy.source = `${sourceText(copy)}\nconst helperMax = 1;`;
      cells.splice(at(cells, "setup") + 1, 0, copy);
    });
    expect(pasted).toMatch(/is the assignment's set-up cell .* changed by the student/);
    // an edited visible test
    const test = planned((cells) => {
      cells[at(cells, "test")].source = "// the test removed";
    });
    expect(test).toMatch(
      /is the assignment's test cell "[\w-]+" changed by the student: graded with the assignment's own test cell/,
    );
  });

  it("the student version locks its set-up and test cells in Jupyter (editable and deletable false), not the answers", () => {
    const s = studentVersion(load(join(root, "notebooks/assignments", `${assignments[2]}.ipynb`)));
    for (const cell of s.cells) {
      const kind = gradeMeta(cell)?.kind;
      const locked = kind === "setup" || kind === "test";
      expect(cell.metadata.editable, `${kind} cell ${cell.id}`).toBe(locked ? false : undefined);
      expect(cell.metadata.deletable, `${kind} cell ${cell.id}`).toBe(locked ? false : undefined);
    }
  });

  it("pasted copies of a solution cell: graded is the last copy before the student's own tests, else the last one; warned", () => {
    const m = master();
    /** The submission's cells by id after `edit`, planned: which copy the softmax tests follow, and the warning. */
    const graded = (edit: (cells: ICodeCell[]) => void) => {
      const sub = submission("correct");
      edit(sub.cells as ICodeCell[]);
      const { plan, warnings } = planRun(m, sub);
      const test = plan.findIndex((p) => p.meta?.grade_id === "test_softmax_visible");
      return { after: plan[test - 1].id, warnings: warnings.join("\n") };
    };
    const at = (cells: ICodeCell[], id: string) => cells.findIndex((c) => gradeMeta(c)?.grade_id === id);
    const copy = (cells: ICodeCell[], id: string, source: string) => ({
      ...structuredClone(cells[at(cells, "softmax_stable")]),
      id,
      source,
    });
    // a wrong copy pasted after the tests (the fixture "pasted-duplicate-late"): the answer the tests ran on is graded
    const late = graded((cells) => cells.splice(at(cells, "test_softmax_visible") + 1, 0, copy(cells, "late", "// wrong")));
    expect(late.after).not.toBe("late");
    expect(late.warnings).toMatch(
      /all stand for "softmax_stable" \(a pasted copy\?\): graded is cell \d+, the last one before its tests/,
    );
    // two copies before the tests (stub first, the answer pasted after it): the later one, as the student ran them
    const both = graded((cells) => cells.splice(at(cells, "softmax_stable"), 0, copy(cells, "stub", "// stub")));
    expect(both.after).not.toBe("stub");
    expect(both.warnings).toMatch(/graded is cell \d+, the last one before its tests/);
    // a copy before and one after, and a third far below: still the one before the tests
    const three = graded((cells) => {
      cells.push(copy(cells, "end", "// at the end"));
      cells.splice(at(cells, "test_softmax_visible") + 1, 0, copy(cells, "late", "// wrong"));
    });
    expect(["late", "end"]).not.toContain(three.after);
    // the student deleted the visible test: nothing tells where it ran, so the last copy (as Run All leaves it)
    const noTests = graded((cells) => {
      cells.splice(at(cells, "test_softmax_visible"), 1);
      cells.push(copy(cells, "end", "// at the end"));
    });
    expect(noTests.after).toBe("end");
    expect(noTests.warnings).toMatch(/the tests ran after the last one \(cell \d+\), as Run All leaves it/);
    // every copy after the tests: the last one
    const allAfter = graded((cells) => {
      const [answer] = cells.splice(at(cells, "softmax_stable"), 1);
      cells.splice(at(cells, "test_softmax_visible") + 1, 0, answer, copy(cells.concat(answer), "again", "// again"));
    });
    expect(allAfter.after).toBe("again");
    // one copy only: no warning
    expect(graded(() => {}).warnings).toBe("");
  });

  it("a deleted solution cell: its tests are marked, not run; the others are planned", () => {
    const { plan } = planRun(master(), submission("deleted-solution"));
    const ce = plan.filter((p) => p.meta?.solution === "cross_entropy");
    expect(ce.map((p) => p.skip)).toEqual([
      'the solution cell "cross_entropy" is missing from the submission (deleted, or its answer moved to another cell: answers are graded in their own cells; put it back from the assignment with the answer in it)',
      'the solution cell "cross_entropy" is missing from the submission (deleted, or its answer moved to another cell: answers are graded in their own cells; put it back from the assignment with the answer in it)',
    ]);
    expect(plan.filter((p) => p.role === "test" && !p.skip)).toHaveLength(4);
  });
});

describe("reports", () => {
  const result: StudentResult = {
    student: '<img src=x onerror="alert(1)">',
    file: "x.ipynb",
    fileHash: "a",
    keyHash: "b",
    status: "graded",
    score: 1,
    maxScore: 2,
    tests: [
      {
        gradeId: "t1",
        points: 1,
        score: 0,
        hidden: false,
        status: "failed",
        message: "expected 1, got <i>2</i>",
        outputs: [{ output_type: "stream", name: "stdout", text: "<script>alert(2)</script>" }],
      },
      { gradeId: "t2", points: 1, score: 0, hidden: true, status: "failed", message: "</td><b>bold</b>\u0001" },
    ],
    cells: [],
    durationMs: 1000,
    gradedAt: "2026-01-01T00:00:00Z",
  };

  it("the feedback page escapes everything the student controls and shows no output of hidden tests", () => {
    const html = feedbackHtml(result, "hw");
    expect(html).not.toMatch(/<script>|<img|<b>bold|<i>2/);
    expect(html).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain("expected 1, got &lt;i&gt;2&lt;/i&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("default-src 'none'");
    expect(html).toContain("hidden test: details are not shown");
    expect(html).not.toContain("bold");
  });

  it("grades.csv quotes fields and neutralises spreadsheet formulas; JUnit XML escapes and drops control characters", () => {
    const csv = gradesCsv([
      {
        ...result,
        student: '=HYPERLINK("http://x")',
        tests: [{ ...result.tests[0], score: 1, status: "passed" }, result.tests[1]],
      },
    ]);
    expect(csv.split("\n")[0]).toBe("student,score,max_score,percent,status,t1,t2,stopped_cells");
    expect(csv.split("\n")[1]).toBe(`"'=HYPERLINK(""http://x"")",1,2,50.0,graded,1,0,`);
    // a file name holding terminal codes: shown escaped in the CSV and on the grader's one line per student
    const forged = { ...result, student: "eve: 0/7\n[2/2] mallory: 7/7 \u001b[2K\u001b[1Aok" };
    expect(gradesCsv([forged])).toContain('\n"eve: 0/7\n[2/2] mallory: 7/7 \\x1b[2K\\x1b[1Aok",');
    expect(terminalSafe(resultLine(forged, false, 1, 2), "escape")).toMatch(/^\[1\/2\] eve: 0\/7\\x0a\[2\/2\] mallory/);
    const xml = gradeJunit([result]);
    expect(xml).toContain('<testcase classname="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" name="t2" time="0.000">');
    expect(xml).toContain('<failure message="failed: &lt;/td&gt;&lt;b&gt;bold&lt;/b&gt;" type="failed"/>');
    expect(xml).not.toContain("\u0001");
    expect(xml).toMatch(/^<testsuites name="dl4nlp grade" tests="2" failures="2" errors="0" skipped="0" time="1.000">$/m);
  });

  it("cells the grader stopped: grades.csv's stopped_cells lists their numbers, the page names each once", () => {
    const stopped: StudentResult = {
      ...result,
      cells: [
        { cellNumber: 2, id: "a", event: "error", status: "error", message: "TypeError: x is not a function" },
        { cellNumber: 4, id: "b", event: "interrupted", status: "timeout", message: "ran past its 30 s timeout" },
        { cellNumber: 9, id: "c", event: "output-cap", status: "dead", message: "printed more than the output cap" },
      ],
      warnings: [
        "cell 4 ran past its 30 s timeout; the rest was graded without it",
        "cell 9 printed more than the output cap; the rest was graded without it",
      ],
    };
    const [header, row] = gradesCsv([stopped, result])
      .split("\n")
      .slice(0, 3)
      .map((l) => l.split(","));
    expect(header.at(-1)).toBe("stopped_cells");
    expect(row.at(-1)).toBe("4 9");
    expect(row[4]).toBe("graded"); // the status column keeps its meaning
    const html = feedbackHtml(stopped, "hw");
    expect(html).toContain("<li>cell 2: TypeError: x is not a function</li>");
    for (const n of [4, 9]) expect(html.split(`cell ${n} `).length - 1, `cell ${n}`).toBe(1);
    // the terminal: a few words per stopped cell, the other warnings whole
    expect(resultLine({ ...stopped, warnings: [...(stopped.warnings ?? []), "cells 3, 5 all stand for x"] }, false, 1, 2)).toBe(
      '[1/2] <img src=x onerror="alert(1)">: 1/2 (stopped, the rest graded on: cell 4 interrupted at the time limit; cell 9 output cap, kernel restarted) (warning: cells 3, 5 all stand for x)',
    );
  });

  it("JUnit XML (the shared writer): a submission that could not run and the warnings reach <system-err>, escaped", () => {
    const xml = gradeJunit([
      {
        ...result,
        student: "ok\u001b[31m",
        tests: [{ ...result.tests[0], score: 1, status: "passed" }],
        warnings: ["two <cells>"],
      },
      { ...result, student: "broken", status: "error", message: "not JSON: \u0007<x>", tests: [], score: 0 },
    ]);
    expect(xml).toContain('<testsuite name="ok[31m" tests="1" failures="0" errors="0" skipped="0" time="1.000">');
    expect(xml).toContain(
      '<testcase classname="ok[31m" name="t1" time="0.000">\n      <system-err>two &lt;cells&gt;</system-err>',
    );
    expect(xml).toContain('<testcase classname="broken" name="submission" time="1.000">');
    expect(xml).toContain('<error message="not JSON: &lt;x&gt;" type="SubmissionError"/>');
    for (const c of ["\u0007", "\u001b"]) expect(xml).not.toContain(c);
  });
});
