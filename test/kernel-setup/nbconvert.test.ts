import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUPYTER, NBCONVERT_CONFIG, ROOT, VENV_BIN, installer, removeTempDirs, requireJupyter, run, tempDir } from "./helpers";

const FIXTURE = join(ROOT, "test", "fixtures", "notebooks", "nbconvert-errors.ipynb");

interface Cell {
  cell_type: string;
  execution_count?: number | null;
  outputs?: { output_type: string; name?: string; text?: string | string[] }[];
  source: string | string[];
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

// Each test starts real kernels (and Jupyter) as subprocesses: on a loaded 2-core machine that takes tens of seconds.
describe("jupyter nbconvert --execute with the dl4nlp kernelspec", { timeout: 180_000 }, () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    requireJupyter();
    const prefix = tempDir("nbconvert-prefix");
    installer(["--prefix", prefix]);
    env = { JUPYTER_PATH: join(prefix, "share", "jupyter"), JUPYTER_DATA_DIR: tempDir("nbconvert-data") };
  });
  afterAll(removeTempDirs);

  /** Runs nbconvert on one notebook and returns its exit status, stderr and the executed cells. */
  function nbconvert(
    notebook: string,
    extra: string[],
    moreEnv: NodeJS.ProcessEnv = {},
  ): { status: number | null; stderr: string; cells: Cell[] } {
    const out = tempDir("nbconvert-out");
    const r = run(
      JUPYTER,
      [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.kernel_name=dl4nlp",
        "--output-dir",
        out,
        ...extra,
        notebook,
      ],
      { ...env, ...moreEnv },
    );
    let cells: Cell[] = [];
    try {
      cells = JSON.parse(readFileSync(join(out, basename(notebook)), "utf8")).cells;
    } catch {
      // no output notebook: nbconvert failed; the caller looks at status and stderr
    }
    return { status: r.status, stderr: r.stderr, cells };
  }

  it("with the config: counts from execute_reply, the error as an error output, and the cell after the error still runs (--allow-errors)", () => {
    const r = nbconvert(FIXTURE, ["--allow-errors", "--config", NBCONVERT_CONFIG]);
    expect(r.status, r.stderr).toBe(0);
    const code = r.cells.filter((c) => c.cell_type === "code");
    expect(code.map((c) => c.execution_count)).toEqual([1, 2, 3]);
    expect(text(code[0].outputs?.[0]?.text)).toBe("answer = 42\n");
    // the kernel's `error` message (tslab alone wrote a stderr stream, so the saved notebook had no error output)
    expect(code[1].outputs).toHaveLength(1);
    expect(code[1].outputs?.[0]).toMatchObject({ output_type: "error", ename: "Error", evalue: "deliberate failure in cell 2" });
    expect(code[2].outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["ran after the error, answer is 42\n"] }]);
  });

  it("without the config too (the project's launcher sends execute_input and honours stop_on_error): counts, and the cell after the error runs", () => {
    const r = nbconvert(FIXTURE, ["--allow-errors"]);
    expect(r.status, r.stderr).toBe(0);
    const code = r.cells.filter((c) => c.cell_type === "code");
    expect(code.map((c) => c.execution_count ?? null)).toEqual([1, 2, 3]);
    expect(code[2].outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["ran after the error, answer is 42\n"] }]);
  });

  it("without --allow-errors nbconvert stops at the failing cell with a non-zero exit", () => {
    const r = nbconvert(FIXTURE, ["--config", NBCONVERT_CONFIG]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("CellExecutionError");
    expect(r.stderr).toContain('throw new Error("deliberate failure in cell 2")');
  });

  it("a notebook in notebooks/ imports the library by package name, the kernel started with no node on PATH (a desktop launcher)", () => {
    // Written into notebooks/ itself (the kernel's cwd and tslab's rootDir are the notebook's folder), removed afterwards.
    const notebook = join(ROOT, "notebooks", `.nbconvert-import-test-${process.pid}.ipynb`);
    const nb = {
      cells: [
        {
          cell_type: "code",
          execution_count: null,
          id: "import-1",
          metadata: {},
          outputs: [],
          source:
            'import { Tensor, Rng } from "dl4nlp";\nconst t = Tensor.from([[1, 2, 3], [4, 5, 6]]);\nconsole.log(t.shape.join("x"), t.get(1, 2), new Rng(1).uniform() < 1);',
        },
      ],
      metadata: { kernelspec: { display_name: "TypeScript (dl4nlp)", language: "typescript", name: "dl4nlp" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(notebook, JSON.stringify(nb));
    try {
      // PATH holds Jupyter only: the kernelspec starts tslab through the absolute path of node, not `#!/usr/bin/env node`
      const r = nbconvert(notebook, ["--config", NBCONVERT_CONFIG], { PATH: VENV_BIN });
      expect(r.status, r.stderr).toBe(0);
      expect(r.cells[0].execution_count).toBe(1);
      expect(r.cells[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["2x3 6 true\n"] }]);
    } finally {
      rmSync(notebook, { force: true });
    }
  });
});
