/**
 * The student edition of a notebook, and the leak check over notebooks, pages and decks: on notebooks built here
 * (every kind of cell) and on the course's own notebooks.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ICell, ICodeCell, INotebookContent } from "@jupyterlab/nbformat";
import type { PartialJSONValue } from "@lumino/coreutils";
import { afterAll, describe, expect, it } from "vitest";
import { checkStudentEdition } from "../../../lib/tools/editions/editions";
import { findLeaks } from "../../../lib/tools/editions/leaks";
import { browserScript } from "../../../lib/tools/html/browser-script";
import { splitSolution } from "../../../lib/tools/editions/markers";
import { secretsOf } from "../../../lib/tools/editions/secrets";
import { studentEdition } from "../../../lib/tools/editions/student";
import { htmlText } from "../../../lib/tools/editions/text";

const root = join(__dirname, "..", "..", "..");
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "dl4nlp-editions-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const code = (id: string, source: string, metadata: Record<string, PartialJSONValue> = {}, text = "out\n"): ICodeCell => ({
  cell_type: "code",
  id,
  source,
  metadata,
  execution_count: 1,
  outputs: [{ output_type: "stream", name: "stdout", text }],
});
const md = (id: string, source: string, metadata: Record<string, PartialJSONValue> = {}): ICell => ({
  cell_type: "markdown",
  id,
  source,
  metadata,
});
const notebook = (cells: ICell[]): INotebookContent => ({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });

const FUNCTION_EXERCISE = [
  "function myStep(w: number[], x: number[]): number[] {",
  "  // BEGIN SOLUTION",
  "  return w.map((wj, j) => wj + 0.5 * x[j]);",
  "  // END SOLUTION",
  "}",
].join("\n");
const TOP_LEVEL_EXERCISE = ["let myW = [Number.NaN, Number.NaN];", "// BEGIN SOLUTION", "myW = [-1, 2];", "// END SOLUTION"].join(
  "\n",
);

const master = notebook([
  md("task", "## Your turn\nWrite `myStep`.", { tags: ["exercise"] }),
  code("setup", 'import { selfCheck } from "dl4nlp";', {}, "figure output kept\n"),
  code("ex-fn", FUNCTION_EXERCISE, { tags: ["exercise"] }),
  code("ex-top", TOP_LEVEL_EXERCISE, { dl4nlp: { grade_id: "xnor", kind: "solution" } }),
  code("check", 'selfCheck("step", () => "ok");', { tags: ["self-check"] }, "✓ step: myStep gives [0.5, 1.5, 3]\n"),
  md("quiz-answer", "**Answers**: the weights $w_0 < 0$ and $w_0 + w_1 + w_2 > 0$, for example w = [-0.5, 1, 1].", {
    tags: ["answer"],
  }),
  code("hidden", "// hidden test\nif (myStep([1], [1])[0] !== 1.5) throw new Error('hidden expectation');", {
    dl4nlp: { grade_id: "h", kind: "test", hidden: true, points: 1 },
  }),
  md("note", "Say that the slide's 0/1 loss uses == where it means ≠.", { slideshow: { slide_type: "notes" } }),
]);

describe("studentEdition", () => {
  const student = studentEdition(master, "fixture.ipynb");
  const byId = (id: string) => student.cells.find((c) => c.id === id);

  it("replaces a solution inside a function by a throw, so the cell runs and the self-check says what is missing", () => {
    expect(byId("ex-fn")?.source).toBe(
      [
        "function myStep(w: number[], x: number[]): number[] {",
        "  // YOUR CODE HERE",
        '  throw new Error("not written yet: replace this line with your code");',
        "}",
      ].join("\n"),
    );
  });

  it("replaces a top-level solution by a comment only, so the placeholders above it stay", () => {
    expect(byId("ex-top")?.source).toBe("let myW = [Number.NaN, Number.NaN];\n// YOUR CODE HERE");
  });

  it("removes answers, hidden tests and speaker notes, keeps the task", () => {
    expect(student.cells.map((c) => c.id)).toEqual(["task", "setup", "ex-fn", "ex-top", "check"]);
  });

  it("clears the outputs of solutions and self-checks, tags self-checks raises-exception, keeps other outputs", () => {
    for (const id of ["ex-fn", "ex-top", "check"]) {
      expect((byId(id) as ICodeCell).outputs, id).toEqual([]);
      expect((byId(id) as ICodeCell).execution_count, id).toBeNull();
    }
    expect(byId("check")?.metadata.tags).toEqual(["self-check", "raises-exception"]);
    expect((byId("setup") as ICodeCell).outputs).toHaveLength(1);
  });

  it("leaves the source notebook untouched", () => {
    expect(master.cells).toHaveLength(8);
    expect(master.cells[2].source).toBe(FUNCTION_EXERCISE);
  });

  it("refuses unbalanced solution markers, naming the notebook and cell", () => {
    const broken = notebook([code("bad", "// BEGIN SOLUTION\nx = 1;")]);
    expect(() => studentEdition(broken, "broken.ipynb")).toThrow(/broken.ipynb, cell 1 \(bad\): .*never closed/);
    expect(() => splitSolution("// END SOLUTION", "here")).toThrow(/here: line 1: END SOLUTION without BEGIN/);
  });
});

describe("secrets and the leak check", () => {
  const secrets = secretsOf(master, "fixture.ipynb", master);
  const texts = secrets.map((s) => s.text);

  it("takes each solution line and region, the answer's text pieces, hidden tests and the self-checks' outputs", () => {
    expect(texts).toContain("return w.map((wj, j) => wj + 0.5 * x[j]);");
    expect(texts).toContain("myW = [-1, 2];");
    expect(texts).toContain(", for example w = [-0.5, 1, 1].");
    expect(texts).toContain("w_0 + w_1 + w_2 > 0");
    expect(texts).toContain("if (myStep([1], [1])[0] !== 1.5) throw new Error('hidden expectation');");
    expect(texts).toContain("✓ step: myStep gives [0.5, 1.5, 3]");
  });

  it("leaves out what the student edition shows anyway (the task, the set-up, the stubs)", () => {
    expect(texts.some((t) => t.includes("selfCheck"))).toBe(false);
    expect(texts.some((t) => t.includes("function myStep"))).toBe(false);
  });

  const write = (files: Record<string, string>) => {
    const d = tempDir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    return d;
  };

  it.each([
    [
      "highlighted code (one span per token)",
      '<pre><span class="k">return</span> w.<span>map</span>((wj, j) =&gt; wj + 0.5 * x[j]);</pre>',
    ],
    ["code wrapped over lines", "<pre>return w.map((wj, j) =&gt;\n    wj + 0.5 * x[j]);</pre>"],
    ["JSON inside a script", '<script>var cell = {"source": "return w.map((wj, j) => wj + 0.5 * x[j]);\\n"};</script>'],
    ["an attribute", '<div data-code="return w.map((wj, j) =&gt; wj + 0.5 * x[j]);"></div>'],
    ["a rendered answer", "<p><strong>Answers</strong>: the weights <span>…</span>, for example w = [-0.5, 1, 1].</p>"],
    ["math of an answer (KaTeX keeps its TeX)", '<annotation encoding="application/x-tex">w_0 + w_1 + w_2 &gt; 0</annotation>'],
  ])("finds a secret in a page: %s", (_what, html) => {
    const report = findLeaks(write({ "page.html": `<html><body>${html}</body></html>` }), secrets);
    expect(report.leaks.length).toBeGreaterThan(0);
    expect(report.leaks[0].file).toBe("page.html");
  });

  it("finds a self-check's output left in a student notebook, and nothing in the real student edition", () => {
    const leaky = structuredClone(studentEdition(master, "fixture.ipynb"));
    (leaky.cells[4] as ICodeCell).outputs = (master.cells[4] as ICodeCell).outputs;
    const report = findLeaks(write({ "a.ipynb": JSON.stringify(leaky) }), secrets);
    expect(report.leaks.map((l) => l.secret.where)).toEqual(["fixture.ipynb, cell 5 (check): output"]);
    const clean = findLeaks(write({ "a.ipynb": JSON.stringify(studentEdition(master, "fixture.ipynb")) }), secrets);
    expect(clean.leaks).toEqual([]);
  });

  it("finds a solution that a plain cell prints (as text, as JSON, as compiled JavaScript): by its markers", () => {
    const printed = (text: string) =>
      notebook([
        ...master.cells.slice(0, 2),
        code("show", "console.log(myStep.toString());", {}, text),
        ...master.cells.slice(2),
      ]);
    const region = "return w.map((wj, j) => wj + 0.5 * x[j]);";
    for (const text of [
      `function myStep(w, x) {\n  // BEGIN SOLUTION\n  ${region}\n  // END SOLUTION\n}\n`,
      `${JSON.stringify({ src: FUNCTION_EXERCISE })}\n`,
      // tslab prints the compiled JavaScript: the types are gone, the markers stay
      "function myStep(w, x) {\n  // BEGIN SOLUTION\n  return w.map((wj, j) => wj + 0.5 * (x[j] as number));\n  // END SOLUTION\n}\n".replace(
        " as number",
        "",
      ),
    ]) {
      const executed = printed(text);
      const secrets = secretsOf(printed(""), "fixture.ipynb", executed);
      const leaky = structuredClone(studentEdition(executed, "fixture.ipynb"));
      const report = findLeaks(write({ "a.ipynb": JSON.stringify(leaky) }), secrets);
      expect(report.leaks.length, text).toBeGreaterThan(0);
      expect(
        report.leaks.every((l) => /: solution( marker)?$/.test(l.secret.where)),
        text,
      ).toBe(true);
    }
  });

  it("does not report a solution's output that a plain cell prints too (the same weights shown after the exercise)", () => {
    const executed = notebook([
      ...master.cells,
      code("after", 'console.log("✓ step: " + check);', {}, "✓ step: myStep gives [0.5, 1.5, 3]\n"),
    ]);
    const secrets = secretsOf(executed, "fixture.ipynb", executed);
    expect(secrets.map((s) => s.text)).not.toContain("✓ step: myStep gives [0.5, 1.5, 3]");
    expect(secrets.map((s) => s.text)).toContain("return w.map((wj, j) => wj + 0.5 * x[j]);");
  });

  it("does not report a solution line that the exporter's own page scripts also hold (`return count;`)", async () => {
    const src = tempDir();
    const nb = notebook([
      code("ex", "function n(): number {\n  let count = 3;\n  // BEGIN SOLUTION\n  return count;\n  // END SOLUTION\n}", {
        tags: ["exercise"],
      }),
    ]);
    writeFileSync(join(src, "c.ipynb"), JSON.stringify(nb));
    const page = `<html><body><script>${browserScript("slides/browser/plot-labels")}</script></body></html>`;
    expect(page).toContain("return count;");
    const report = await checkStudentEdition(write({ "c.html": page }), [join(src, "c.ipynb")]);
    expect(report.leaks).toEqual([]);
    const leaky = await checkStudentEdition(write({ "c.html": `${page}<pre>// BEGIN SOLUTION</pre>` }), [join(src, "c.ipynb")]);
    expect(leaky.leaks.map((l) => l.secret.where)).toEqual(["c.ipynb, cell 1 (ex): solution marker"]);
  });

  it("reads entities and scripts the way a browser would", () => {
    expect(htmlText('<p>a &lt;= b &amp;&amp; c</p><script>x = "\\u003cb\\u003e"</script>')).toBe('a <= b && cx = "<b>"');
  });
});

describe("the course notebooks", () => {
  const sources = readFileSync(join(root, "test", "notebooks", "course-notebooks.txt"), "utf8")
    .split("\n")
    .filter(Boolean);

  it.each(sources)("%s: its student edition holds none of its solutions or answers, and every exercise is stubbed", (file) => {
    const nb = JSON.parse(readFileSync(join(root, "notebooks", file), "utf8")) as INotebookContent;
    const secrets = secretsOf(nb, file);
    expect(secrets.length, "no secret at all: the notebook has no exercise?").toBeGreaterThan(0);
    const student = studentEdition(nb, file);
    const d = tempDir();
    writeFileSync(join(d, file), JSON.stringify(student));
    expect(findLeaks(d, secrets).leaks.map((l) => `${l.secret.where}: ${l.secret.text}`)).toEqual([]);
    const text = JSON.stringify(student);
    expect(text).not.toMatch(/BEGIN SOLUTION|END SOLUTION/);
    expect(text).toContain("YOUR CODE HERE");
  });
});
