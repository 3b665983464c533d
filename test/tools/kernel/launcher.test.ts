import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ICodeCell } from "@jupyterlab/nbformat";
import { cellStdout } from "../../helpers/notebook";
import { afterAll, describe, expect, it } from "vitest";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { FLOODS, jupyterCheck, launcherKernelspec, notebookOf, root } from "./flood-notebooks";

const lines = (text: string) => text.split("\n").length - 1;

/** Flood figures measured by these tests, printed at the end (lines kept, seconds) for the README and the report. */
const figures: string[] = [];
afterAll(() => {
  if (figures.length) process.stdout.write(`\nflood figures:\n${figures.join("\n")}\n`);
});

describe("the project's kernel launcher keeps every output of a flood", { timeout: 600_000 }, () => {
  it("the runner (zeromq client, launcher kernel): every line of each flood kept, the next cell runs, errors still found", async () => {
    const nb = notebookOf([
      ...FLOODS.map((f) => f.source),
      'console.log("next cell ran")',
      'throw new TypeError("no such layer")',
    ]);
    const r = await executeNotebook(nb as never, { cwd: root, timeout: 120 });
    expect(r.message).toBe("cell 6 (id cell-5): TypeError: no such layer");
    const cells = r.notebook?.cells as ICodeCell[];
    FLOODS.forEach((flood, i) => {
      figures.push(
        `runner   ${flood.name}: ${lines(cellStdout(cells[i]))}/${flood.lines} lines, ${r.cells[i].durationMs / 1000} s`,
      );
      expect(lines(cellStdout(cells[i])), flood.name).toBe(flood.lines);
    });
    expect(cellStdout(cells[FLOODS.length])).toBe("next cell ran\n");
  });

  it("nbclient (Python, as JupyterLab's kernel clients) against a kernelspec starting the launcher: every line kept, the next cell runs, an error cell's CellExecutionError names it", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-data-"));
    launcherKernelspec(dataDir, "dl4nlp-launcher");
    // in the project, so that the notebook's `import ... from "dl4nlp"` resolves
    mkdirSync(join(root, "build"), { recursive: true });
    const file = join(mkdtempSync(join(root, "build", "flood-")), "flood.ipynb");
    const sources = [...FLOODS.map((f) => f.source), 'console.log("next cell ran")', 'throw new TypeError("no such layer")'];
    writeFileSync(file, JSON.stringify(notebookOf(sources)));
    const answer = jupyterCheck(dataDir, ["notebook", file, "dl4nlp-launcher"]) as {
      cells: { lines: number; seconds: number | null }[];
      failure: unknown;
    };
    FLOODS.forEach((flood, i) => {
      figures.push(`nbclient ${flood.name}: ${answer.cells[i].lines}/${flood.lines} lines, ${answer.cells[i].seconds} s`);
      expect(answer.cells[i].lines, flood.name).toBe(flood.lines);
    });
    expect(answer.cells[FLOODS.length].lines).toBe(1);
    expect(answer.failure).toEqual({ ename: "TypeError", evalue: "no such layer" });
  });

  it("an error's execute_reply carries ename, evalue and traceback (jupyter_client): thrown errors and type errors", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-data-"));
    launcherKernelspec(dataDir, "dl4nlp-launcher");
    const { replies } = jupyterCheck(dataDir, [
      "reply",
      "dl4nlp-launcher",
      'console.error("before");\nthrow new RangeError("bad size 3");',
      'const n: number = "x";',
      'throw "a string"',
      "1 + 1",
      'import { Tensor, matmul } from "dl4nlp";\nmatmul(Tensor.from([[1, 2]]), Tensor.from([[1, 2]]));',
    ]) as { replies: Record<string, unknown>[] };
    expect(replies[0]).toMatchObject({ status: "error", ename: "RangeError", evalue: "bad size 3" });
    expect((replies[0].traceback as string[]).join("\n")).toContain("RangeError: bad size 3");
    // the throw is line 2 of the cell (In[1]), not a line of the JavaScript tslab compiled it to
    expect((replies[0].traceback as string[])[0]).toBe("In[1]:2");
    expect(replies[1]).toMatchObject({ status: "error", ename: "TSError" });
    expect(String(replies[1].evalue)).toContain("not assignable to type 'number'");
    expect(replies[2]).toMatchObject({ status: "error", ename: "Thrown string", evalue: "'a string'" });
    expect(replies[3]).toEqual({ status: "ok", execution_count: 4 });
    // thrown inside the library: named by the error, not by the library's source line, which the traceback leaves out
    expect(replies[4]).toMatchObject({ status: "error", ename: "RangeError" });
    expect(String(replies[4].evalue)).toMatch(/^matmul: .*1×2.*1×2/);
    const traceback = (replies[4].traceback as string[]).join("\n");
    // the cell's line that called it above the message (as for any error), the caret under the call
    expect(traceback).toMatch(
      /^In\[5\]:2\nmatmul\(Tensor\.from\(\[\[1, 2\]\]\), Tensor\.from\(\[\[1, 2\]\]\)\);\n\^\n\nRangeError: matmul/,
    );
    expect(traceback).not.toMatch(/throw new/);
    expect(traceback).toMatch(/\n {4}at In\[5\]:2:1$/);
  });
});
