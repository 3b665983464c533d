// Node's header before a thrown error quotes the source line; tslab's cells run as compiled JavaScript, so it quoted
// `exports.tsLastExpr = null.foo;` under a cell `(null as any).foo;`. The kernel launcher shows the cell's own line
// there, the caret under the same place, and frames with the cell's lines and columns: in the runner (dl4nlp run) and
// in a Jupyter client (nbconvert here; JupyterLab shows the same `error` message the kernel sends). The kernel sends a
// failed cell's error as an `error` message (tslab alone sent a stderr stream): a notebook nbconvert saves with
// --allow-errors has one `error` output per failed cell, the runner's text, and without --allow-errors nbconvert's
// CellExecutionError names the error.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ICodeCell, IError, IStream } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { launcherKernelspec, notebookOf, root } from "./flood-notebooks";

const CELLS = [
  "(null as any).foo;",
  "function f(x: number): number {\n  return (x as any).y.z;\n}\nf(2);",
  'const deep = true;\nif (deep) {\n    throw new Error("deep");\n}',
  'import { mlp } from "dl4nlp";\nconst net = mlp([2, 1], { activations: ["nope" as any] });',
  "await Promise.resolve();\nconst t: number = (null as any).bar;",
  // a type error (TypeScript's diagnostics), and the student's own console.error before a throw (a stream of its own)
  "const n: string = 3;",
  'console.error("mine");\nthrow new Error("after my own stderr");',
];

/** The traceback each cell should show: the cell's line under the header, the caret and the frames in its terms. */
function expectCellTerms(tracebacks: string[]): void {
  const [nullFoo, typed, deep, library, awaited] = tracebacks;
  expect(nullFoo).toMatch(/^In\[1\]:1\n\(null as any\)\.foo;\n {14}\^\n\nTypeError: Cannot read properties of null/);
  expect(nullFoo).toMatch(/\n {4}at In\[1\]:1:15$/);
  expect(typed).toMatch(/^In\[2\]:2\n {2}return \(x as any\)\.y\.z;\n {22}\^\n/);
  expect(typed).toMatch(/at f \(In\[2\]:2:23\)\n {4}at In\[2\]:4:1$/);
  expect(deep).toMatch(/^In\[3\]:3\n {4}throw new Error\("deep"\);\n {4}\^\n/);
  // thrown inside the library (whose header is left out) or after an await (Node prints none): the cell's line above,
  // the caret under the called name (where V8 places a call the cell wrote, not the compiled `(0, dl4nlp_1.mlp)(`)
  expect(library).toMatch(
    /^In\[4\]:2\nconst net = mlp\(\[2, 1\], \{ activations: \["nope" as any\] \}\);\n {12}\^\n\nRangeError: mlp \(layer 1\): activation "nope" is unknown/,
  );
  expect(awaited).toMatch(
    /^In\[5\]:2\nconst t: number = \(null as any\)\.bar;\n *\^\n\nTypeError: Cannot read properties of null/,
  );
  expect(library).toMatch(/\n {4}at In\[4\]:2:13$/);
  for (const t of tracebacks) expect(t).not.toMatch(/exports\.|__tslab__|dl4nlp_1|tsLastExpr/);
}

/** `jupyter nbconvert --to notebook --execute [extra] CELLS` against the launcher's kernelspec: the run and its cells. */
function nbconvert(cells: string[], extra: string[]): { status: number | null; stderr: string; cells: ICodeCell[] } {
  const dataDir = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-data-"));
  launcherKernelspec(dataDir, "dl4nlp-traceback");
  mkdirSync(join(root, "build"), { recursive: true });
  const dir = mkdtempSync(join(root, "build", "traceback-"));
  try {
    const file = join(dir, "cells.ipynb");
    writeFileSync(file, JSON.stringify(notebookOf(cells, "dl4nlp-traceback")));
    const r = spawnSync(
      join(root, ".venv", "bin", "jupyter"),
      ["nbconvert", "--to", "notebook", "--execute", ...extra, "--output", "executed", file],
      { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PLATFORM_DIRS: "1" }, timeout: 280_000 },
    );
    const saved = join(dir, "executed.ipynb");
    const out = existsSync(saved) ? (JSON.parse(readFileSync(saved, "utf8")).cells as ICodeCell[]) : [];
    return { status: r.status, stderr: r.stderr, cells: out };
  } finally {
    for (const d of [dir, dataDir]) rmSync(d, { recursive: true, force: true });
  }
}

/** The traceback of each cell's error output, joined ("" when it has none). */
const tracebacksOf = (cells: ICodeCell[]) =>
  cells.map((c) => ((c.outputs.find((o) => o.output_type === "error") as IError | undefined)?.traceback ?? []).join("\n"));

describe("a failed cell's traceback quotes the cell's own line, not the compiled JavaScript", { timeout: 300_000 }, () => {
  let runner: ICodeCell[] = [];

  it("dl4nlp run (the runner): the error outputs of seven failing cells, a type error and a console.error among them", async () => {
    const r = await executeNotebook(notebookOf(CELLS) as never, { cwd: root, timeout: 120, allowErrors: true });
    runner = r.notebook?.cells as ICodeCell[];
    // one error output per failed cell, and no stderr stream beside it (the kernel's error message, not a copy)
    const kinds = runner.map((c) =>
      c.outputs.map((o) => `${o.output_type}${o.output_type === "stream" ? `:${(o as IStream).name}` : ""}`),
    );
    expect(kinds).toEqual([...Array(6).fill(["error"]), ["stream:stderr", "error"]]);
    expectCellTerms(tracebacksOf(runner));
    expect(runner[5].outputs[0]).toMatchObject({
      ename: "TSError",
      evalue: "1:7 - Type 'number' is not assignable to type 'string'.",
    });
    expect(runner[6].outputs[0]).toMatchObject({ text: "mine\n" });
    expect(runner[6].outputs[1]).toMatchObject({ ename: "Error", evalue: "after my own stderr" });
  });

  it("jupyter nbconvert --execute --allow-errors: an `error` output per failed cell, the runner's, no stderr stream", () => {
    const r = nbconvert(CELLS, ["--allow-errors"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.cells.map((c) => c.outputs.map((o) => o.output_type))).toEqual([...Array(6).fill(["error"]), ["stream", "error"]]);
    expectCellTerms(tracebacksOf(r.cells));
    // the same outputs as the runner's (nbconvert keeps a stream's text as a list of lines, tracebacks as lists)
    const same = (cells: ICodeCell[]) =>
      cells.map((c) =>
        c.outputs.map((o) =>
          o.output_type === "error"
            ? { ...(o as IError), traceback: (o as IError).traceback.join("\n") }
            : { ...o, text: [(o as IStream).text].flat().join("") },
        ),
      );
    expect(same(r.cells)).toEqual(same(runner));
  });

  it("jupyter nbconvert --execute without --allow-errors: CellExecutionError names the error and the cell's line", () => {
    const r = nbconvert([CELLS[0], 'console.log("never")'], []);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("CellExecutionError");
    expect(r.stderr).toMatch(/In\[1\]:1\n\(null as any\)\.foo;\n {14}\^/);
    expect(r.stderr).toContain("TypeError: Cannot read properties of null (reading 'foo')");
  });
});
