import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, removeTempDirs, requireJupyter, run, tempDir } from "./helpers";

const CLI = join(ROOT, "kernel-setup", "jupyter.mjs");
const fixture = (name: string) => join(ROOT, "test", "fixtures", "notebooks", name);
const cellsOf = (path: string) =>
  JSON.parse(readFileSync(path, "utf8")).cells.filter((c: { cell_type: string }) => c.cell_type === "code") as {
    execution_count: number | null;
    outputs: { text?: string[] }[];
  }[];

// Each test starts real kernels (and Jupyter) as subprocesses: on a loaded 2-core machine that takes tens of seconds.
describe("kernel-setup/jupyter.mjs: Jupyter's executors with the project's kernelspec and config (used by the benchmark)", {
  timeout: 180_000,
}, () => {
  afterAll(removeTempDirs);

  it("versions: reports the Jupyter packages of the Python it found", () => {
    requireJupyter();
    const r = run(process.execPath, [CLI, "versions"]);
    expect(r.status, r.stderr).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.python).toBe(join(ROOT, ".venv", "bin", "python"));
    expect(Object.keys(v)).toEqual(expect.arrayContaining(["nbconvert", "nbclient", "jupyter_server", "papermill"]));
  });

  it("nbconvert --allow-errors: counts 1..3 and the cell after the error ran, with no kernelspec registered by the user", () => {
    requireJupyter();
    const out = tempDir("jupyter-nbconvert");
    const r = run(process.execPath, [CLI, "nbconvert", "--allow-errors", "--out", out, fixture("nbconvert-errors.ipynb")], {
      JUPYTER_DATA_DIR: tempDir("jupyter-empty-data"),
      JUPYTER_PATH: "",
    });
    expect(r.status, r.stderr).toBe(0);
    const cells = cellsOf(join(out, "nbconvert-errors.ipynb"));
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(cells[2].outputs[0].text?.join("")).toBe("ran after the error, answer is 42\n");
  });

  it("papermill runs a tslab notebook (with counts: the project's launcher sends execute_input)", () => {
    requireJupyter();
    const out = tempDir("jupyter-papermill");
    const r = run(process.execPath, [CLI, "papermill", "--out", out, fixture("nbconvert-ok.ipynb")]);
    expect(r.status, r.stderr).toBe(0);
    const cells = cellsOf(join(out, "nbconvert-ok.ipynb"));
    expect(cells.map((c) => c.outputs[0]?.text?.join(""))).toEqual(["hello from tslab\n", "16\n"]);
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2]);
  });

  it("bad usage exits 2 with a message", () => {
    const r = run(process.execPath, [CLI, "nbconvert", fixture("nbconvert-ok.ipynb")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out DIR is required");
  });
});
