import { describe, expect, it } from "vitest";
import { createProgress, summaryTable } from "../../../lib/tools/run/progress";
import { jsonReport } from "../../../lib/tools/run/report-json";
import { junitReport, xmlEscape } from "../../../lib/tools/run/report-junit";
import type { NotebookResult } from "../../../lib/tools/run/types";

const sink = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream };
};

const failed: NotebookResult = {
  path: "nb/02-perceptron.ipynb",
  status: "failed",
  message: "cell 3 (id c3): SlideCheckError: 0.70 on the slide, 0.704746 here",
  durationMs: 2500,
  cells: [
    {
      cellNumber: 1,
      id: "m",
      cellType: "markdown",
      status: "skipped",
      executionCount: null,
      durationMs: 0,
      title: "# Perceptron",
    },
    { cellNumber: 2, id: "c1", cellType: "code", status: "ok", executionCount: 1, durationMs: 120, title: "import <x> & y" },
    {
      cellNumber: 3,
      id: "c3",
      cellType: "code",
      status: "error",
      executionCount: 2,
      durationMs: 80,
      title: "slideCheck(...)",
      error: { ename: "SlideCheckError", evalue: "0.70 on the slide, 0.704746 here" },
    },
    { cellNumber: 4, id: "c4", cellType: "code", status: "not-run", executionCount: null, durationMs: 0, title: "next" },
  ],
};
const broken: NotebookResult = {
  path: "nb/bad.ipynb",
  status: "error",
  message: "not JSON: Unexpected end",
  durationMs: 1,
  cells: [],
};

describe("progress display", () => {
  it("a file name or error with escape sequences, a carriage return or a newline is printed escaped, one line per notebook", () => {
    const evil: NotebookResult = {
      ...failed,
      path: "subs/ev\x1b[31mil\nname\r.ipynb",
      message: "cell 3 (id c3): Error: \x1b]52;c;Y2xpcA==\x07boom",
      cells: failed.cells.map((c) => (c.error ? { ...c, error: { ename: "Error", evalue: "\x1b[2Jcleared" } } : c)),
    };
    const { chunks, stream } = sink(false);
    const p = createProgress({ stream, total: 1 });
    p.handle({ type: "notebook-start", path: evil.path, cells: 3 });
    p.handle({ type: "cell-done", path: evil.path, cell: evil.cells[2], done: 2, cells: 3 });
    p.handle({ type: "notebook-done", result: evil });
    const printed = [...chunks, summaryTable([evil])].join("");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal
    expect(printed).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(printed).toContain("subs/ev\\x1b[31mil\\x0aname\\x0d.ipynb");
    expect(printed).toContain("\\x1b]52;c;Y2xpcA==\\x07boom");
    expect(printed).toContain("Error: \\x1b[2Jcleared");
    expect(summaryTable([evil]).split("\n")[2]).toMatch(/^subs\/ev\\x1b\[31mil\\x0aname\\x0d\.ipynb +failed/);
  });

  it("plain lines when not a TTY: start, failing cells, the end of each notebook", () => {
    const { chunks, stream } = sink(false);
    const p = createProgress({ stream, total: 1 });
    p.handle({ type: "notebook-start", path: failed.path, cells: 3 });
    p.handle({ type: "cell-done", path: failed.path, cell: failed.cells[1], done: 1, cells: 3 });
    p.handle({ type: "cell-done", path: failed.path, cell: failed.cells[2], done: 2, cells: 3 });
    p.handle({ type: "notebook-done", result: failed });
    expect(chunks.join("")).toBe(
      "start  nb/02-perceptron.ipynb (3 cells)\n" +
        "  cell 3 error: SlideCheckError: 0.70 on the slide, 0.704746 here\n" +
        "FAILED nb/02-perceptron.ipynb (2.5 s): cell 3 (id c3): SlideCheckError: 0.70 on the slide, 0.704746 here\n",
    );
  });
  it("a redrawn bar on a TTY, cleared at the end", () => {
    const { chunks, stream } = sink(true);
    const p = createProgress({ stream, total: 2, tty: true });
    p.handle({ type: "notebook-start", path: failed.path, cells: 4 });
    p.handle({ type: "cell-done", path: failed.path, cell: failed.cells[1], done: 2, cells: 4 });
    expect(chunks[chunks.length - 1]).toBe(`\r\x1b[2K[######..................] 0/2 notebooks 02-perceptron.ipynb`);
    p.end();
    expect(chunks[chunks.length - 1]).toBe("\r\x1b[2K");
  });
});

describe("summary and reports", () => {
  it("the summary table counts code cells only", () => {
    const table = summaryTable([failed, broken]);
    expect(table.split("\n")[2]).toMatch(/^nb\/02-perceptron\.ipynb\s+failed\s+1\/3\s+-\s+2\.5 s\s+cell 3 \(id c3\)/);
    expect(table).toContain("0 of 2 notebooks passed");
  });
  it("the JSON report leaves the notebooks out and counts statuses", () => {
    const r = jsonReport([{ ...failed, notebook: { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 } }, broken], 10);
    expect(r.counts).toEqual({ notebooks: 2, passed: 0, failed: 1, error: 1 });
    expect("notebook" in r.notebooks[0]).toBe(false);
  });
  it("JUnit: failure for an error, error for a broken notebook, skipped for cells not run; XML escaped", () => {
    const xml = junitReport([failed, broken]);
    expect(xml).toContain('<testsuites name="dl4nlp run" tests="4" failures="1" errors="1" skipped="1" time="2.501">');
    expect(xml).toContain('name="cell 2: import &lt;x&gt; &amp; y" time="0.120"/>');
    expect(xml).toContain('<failure message="SlideCheckError: 0.70 on the slide, 0.704746 here" type="SlideCheckError">');
    expect(xml).toContain('<error message="not JSON: Unexpected end" type="NotebookError"/>');
    expect(xmlEscape('a\x1b[31m"b"')).toBe("a[31m&quot;b&quot;");
  });
});
