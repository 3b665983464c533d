// Node's header before a thrown error quotes the source line; tslab's cells run as compiled JavaScript, so it quoted
// `exports.tsLastExpr = null.foo;` under a cell `(null as any).foo;`. The kernel launcher shows the cell's own line
// there, the caret under the same place, and frames with the cell's lines and columns: in the runner (dl4nlp run) and
// in a Jupyter client (nbconvert here; JupyterLab shows the same stderr stream the kernel sends).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
];

/** The traceback each cell should show: the cell's line under the header, the caret and the frames in its terms. */
function expectCellTerms(tracebacks: string[]): void {
  const [nullFoo, typed, deep, library, awaited] = tracebacks;
  expect(nullFoo).toMatch(/^In\[1\]:1\n\(null as any\)\.foo;\n {14}\^\n\nTypeError: Cannot read properties of null/);
  expect(nullFoo).toMatch(/\n {4}at In\[1\]:1:15$/);
  expect(typed).toMatch(/^In\[2\]:2\n {2}return \(x as any\)\.y\.z;\n {22}\^\n/);
  expect(typed).toMatch(/at f \(In\[2\]:2:23\)\n {4}at In\[2\]:4:1$/);
  expect(deep).toMatch(/^In\[3\]:3\n {4}throw new Error\("deep"\);\n {4}\^\n/);
  // thrown inside the library (whose header is left out) or after an await (Node prints none): the cell's line above
  expect(library).toMatch(
    /^In\[4\]:2\nconst net = mlp\(\[2, 1\], \{ activations: \["nope" as any\] \}\);\n {15}\^\n\nRangeError: mlp \(layer 1\): activation "nope" is unknown/,
  );
  expect(awaited).toMatch(
    /^In\[5\]:2\nconst t: number = \(null as any\)\.bar;\n *\^\n\nTypeError: Cannot read properties of null/,
  );
  expect(library).toMatch(/\n {4}at In\[4\]:2:\d+$/);
  for (const t of tracebacks) expect(t).not.toMatch(/exports\.|__tslab__|dl4nlp_1|tsLastExpr/);
}

describe("a failed cell's traceback quotes the cell's own line, not the compiled JavaScript", { timeout: 300_000 }, () => {
  it("dl4nlp run (the runner): the error outputs of four failing cells", async () => {
    const r = await executeNotebook(notebookOf(CELLS) as never, { cwd: root, timeout: 120, allowErrors: true });
    const cells = r.notebook?.cells as ICodeCell[];
    const tracebacks = cells.map((c) =>
      ((c.outputs.find((o) => o.output_type === "error") as IError).traceback ?? []).join("\n"),
    );
    expectCellTerms(tracebacks);
  });

  it("jupyter nbconvert --execute against the launcher's kernelspec: the stderr stream of each cell", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dl4nlp-jupyter-data-"));
    launcherKernelspec(dataDir, "dl4nlp-traceback");
    mkdirSync(join(root, "build"), { recursive: true });
    const dir = mkdtempSync(join(root, "build", "traceback-"));
    const file = join(dir, "cells.ipynb");
    writeFileSync(file, JSON.stringify(notebookOf(CELLS, "dl4nlp-traceback")));
    const r = spawnSync(
      join(root, ".venv", "bin", "jupyter"),
      ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--output", "executed", file],
      { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PLATFORM_DIRS: "1" }, timeout: 280_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const cells = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8")).cells as ICodeCell[];
    for (const d of [dir, dataDir]) rmSync(d, { recursive: true, force: true });
    const stderr = cells.map((c) =>
      c.outputs
        .filter((o) => o.output_type === "stream" && (o as IStream).name === "stderr")
        .map((o) => [(o as IStream).text].flat().join(""))
        .join("")
        .replace(/\n+$/, ""),
    );
    expectCellTerms(stderr);
  });
});
