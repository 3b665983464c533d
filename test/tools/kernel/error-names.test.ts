// What a student reads in the red box (JupyterLab shows the kernel's `error` message; nbconvert saves it, or raises
// CellExecutionError with it) for each kind of failed cell, the same in the runner (dl4nlp run) and in nbconvert:
// - a thrown value that is not an Error (`throw "no data"`, `throw {code: 42}`, `throw null`, a promise rejected with a
//   string) is named "Thrown string" / "Thrown object" / "Thrown null" (was "Uncaught", with the bare value as traceback);
// - a type error inside a helper the cell imports is a TSError naming the file, as one in the cell (was "Uncaught");
// - an import of a file outside the notebook's folder (`../x.ts`, an absolute path elsewhere, in the cell or in a
//   helper), by a `file:` URL or a `~/` path: one TSError naming the import and saying what works (was TypeScript's
//   "not under 'rootDir'", "Cannot find module 'file:///…'", or Node loading TypeScript as JavaScript: "SyntaxError:
//   Missing initializer in const declaration", "ERR_UNKNOWN_FILE_EXTENSION", "Cannot find module … Require stack: …/src.js");
// - an absolute path to a file in the notebook's folder (with or without `.ts`, in the cell or in a helper) works as
//   the relative one does;
// - every place an error names is the student's own file, line and column: in a one-line cell (was its line 2), after
//   an import (was the compiled JavaScript's line), after an await, in a timer, in a helper (was its compiled `.js`);
//   an Error whose stack was removed is named by its class and message (was "Uncaught").
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ICodeCell, IError, IStream } from "@jupyterlab/nbformat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { launcherKernelspec, notebookOf, root } from "./flood-notebooks";

let top = "";
let dir = "";
let dataDir = "";

/** The cells, and what each gives: `ename: evalue` (evalue matched as a pattern) or its stdout. */
function cases(): [string, string | RegExp][] {
  return [
    ['throw "no data";', "Thrown string: 'no data'"],
    ["throw { code: 42 };", "Thrown object: { code: 42 }"],
    ["throw null;", "Thrown null: null"],
    ['await Promise.reject("late");', "Thrown string: 'late'"],
    ['throw new RangeError("r");', "RangeError: r"],
    [
      'import { bad } from "./badhelper.ts";',
      /^TSError: badhelper\.ts 1:14 - Type 'string' is not assignable to type 'number'\.$/,
    ],
    ['import { z } from "../outside.ts";', outside('"../outside.ts"', "1:19")],
    [`import { z } from "${top}/outside.ts";`, outside(`"${top}/outside.ts"`, "1:19")],
    ['import { w } from "./sub/out.ts";', outside('"../../outside.ts"', "sub/out.ts 1:19")],
    [
      `import { x } from "file://${dir}/helper.ts";`,
      /^TSError: 1:19 - import "file:\/\/.*": a file: URL is not supported; .*: write "\.\/helper\.ts"$/,
    ],
    ['import { x } from "~/helper.ts";', /^TSError: 1:19 - import "~\/helper\.ts": .* is outside the notebook's folder/],
    [`import { x } from "${dir}/helper.ts";\nconsole.log(x);`, "21\n"],
    [`import { twice } from "${dir}/helper";\nconsole.log(twice(2));`, "4\n"],
    ['import { y } from "./sub/deep.ts";\nconsole.log(y);', "42\n"],
    ...placed().map(([source, expected]): [string, string | RegExp] => [source, expected]),
  ];
}

/**
 * Cells whose error names a place, what each gives (as in cases()) and the lines of its traceback that name places
 * (`In[K]` for the cell's execution count): each the cell's or helper's own file, line and column, never the compiled
 * JavaScript's.
 */
function placed(): [string, string | RegExp, string[]][] {
  return [
    ['throw new RangeError("one line")', "RangeError: one line", ["In[K]:1", "    at In[K]:1:7"]],
    ['await Promise.reject(new URIError("late"))', "URIError: late", ["In[K]:1", "    at In[K]:1:22"]],
    [
      'import { boom } from "./throwhelper.ts";\nboom()',
      "TypeError: from helper",
      ["In[K]:2", `    at boom (${dir}/throwhelper.ts:1:39)`, "    at In[K]:2:1"],
    ],
    [
      'import { deep } from "./sub/deeper.ts";\nconst k: number = 2;\n\ndeep(k)',
      "RangeError: deep 2",
      ["In[K]:4", `    at deep (${dir}/sub/deeper.ts:2:20)`, "    at In[K]:4:1"],
    ],
    [
      'const q = 1; const r = 2; throw new RangeError("third statement")',
      "RangeError: third statement",
      ["In[K]:1", "    at In[K]:1:33"],
    ],
    ['const e = new Error("no stack"); e.stack = undefined; throw e', "Error: no stack", []],
    [
      'setTimeout(() => { throw new SyntaxError("in timer") }, 0); await new Promise((r) => setTimeout(r, 100))',
      /^In\[\d+\]:1\n.*\n {25}\^\n\nUncaughtException: SyntaxError: in timer\n {4}at Timeout\._onTimeout \(In\[\d+\]:1:26\)\n$/,
      [],
    ],
  ];
}

/** The lines of a traceback that name a place (a cell's `In[K]:LINE` header, stack frames), `In[K]` for the cell. */
const places = (e: IError) =>
  e.traceback.map((l) => l.replace(/In\[\d+\]/g, "In[K]")).filter((l) => /^In\[K\]:\d+$|^\s+at /.test(l));

/** Each of placed()'s cells' error names the places placed() expects. */
function expectPlaces(cells: ICodeCell[]): void {
  const first = cases().length - placed().length;
  for (const [i, [source, , want]] of placed().entries()) {
    const e = cells[first + i].outputs.find((o) => o.output_type === "error") as IError | undefined;
    if (want.length > 0 || e) expect(e && places(e), source).toEqual(want);
  }
}

/** The TSError pattern for an import of the file outside the notebook's folder. */
function outside(written: string, where: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(
    `^TSError: ${esc(where)} - import ${esc(written)}: ${esc(top)}/outside\\.ts is outside the notebook's folder ${esc(dir)}; ` +
      `a notebook imports TypeScript files of its own folder or below, by a relative path .*: copy the file into the notebook's folder`,
  );
}

/** Each cell's result as a string: `ename: evalue` of its error, else its stdout. */
function results(cells: ICodeCell[]): string[] {
  return cells.map((c) => {
    const e = c.outputs.find((o) => o.output_type === "error") as IError | undefined;
    if (e) return `${e.ename}: ${e.evalue}`;
    return c.outputs
      .filter((o) => o.output_type === "stream")
      .map((o) => [(o as IStream).text].flat().join(""))
      .join("");
  });
}

function expectCases(got: string[]): void {
  const want = cases();
  expect(got).toHaveLength(want.length);
  for (const [i, [source, expected]] of want.entries()) {
    if (typeof expected === "string") expect(got[i], source).toBe(expected);
    else expect(got[i], source).toMatch(expected);
  }
}

describe("the error a student reads for each kind of failed cell", { timeout: 300_000 }, () => {
  beforeAll(() => {
    mkdirSync(join(root, "build"), { recursive: true });
    top = mkdtempSync(join(root, "build", "error-names-"));
    dir = join(top, "notebook");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(top, "outside.ts"), "export const z: number = 5;\nexport const w: number = 6;\n");
    writeFileSync(
      join(dir, "helper.ts"),
      "export const x: number = 21;\nexport function twice(n: number): number {\n  return 2 * n;\n}\n",
    );
    writeFileSync(join(dir, "badhelper.ts"), 'export const bad: number = "s";\n');
    writeFileSync(join(dir, "throwhelper.ts"), 'export function boom(): never { throw new TypeError("from helper"); }\n');
    writeFileSync(
      join(dir, "sub", "deeper.ts"),
      'export function deep(n: number): number {\n  if (n > 0) throw new RangeError("deep " + n);\n  return n;\n}\n',
    );
    writeFileSync(join(dir, "sub", "deep.ts"), `import { x } from "${dir}/helper.ts";\nexport const y: number = 2 * x;\n`);
    writeFileSync(join(dir, "sub", "out.ts"), 'import { w } from "../../outside.ts";\nexport { w };\n');
    dataDir = join(top, "jupyter-data");
    launcherKernelspec(dataDir, "dl4nlp-error-names");
  });
  afterAll(() => {
    if (top) rmSync(top, { recursive: true, force: true });
  });

  it("dl4nlp run (the runner)", async () => {
    const r = await executeNotebook(notebookOf(cases().map(([s]) => s)) as never, { cwd: dir, timeout: 120, allowErrors: true });
    const cells = r.notebook?.cells as ICodeCell[];
    expectCases(results(cells));
    expectPlaces(cells);
    // a thrown value's traceback says what happened and what to write instead (the red box shows the traceback)
    expect((cells[0].outputs[0] as IError).traceback).toEqual([
      "Thrown string: 'no data'",
      '(the cell threw a string, not an Error, so there is no message or stack: throw new Error("…") gives both)',
    ]);
  });

  /** `jupyter nbconvert --to notebook --execute [extra]` of the cells in the notebook's folder. */
  const nbconvert = (sources: string[], extra: string[]) => {
    const file = join(dir, "cells.ipynb");
    writeFileSync(file, JSON.stringify(notebookOf(sources, "dl4nlp-error-names")));
    const r = spawnSync(
      join(root, ".venv", "bin", "jupyter"),
      ["nbconvert", "--to", "notebook", "--execute", ...extra, "--output", "executed", file],
      { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PLATFORM_DIRS: "1" }, timeout: 280_000 },
    );
    const saved = join(dir, "executed.ipynb");
    const cells = existsSync(saved) ? (JSON.parse(readFileSync(saved, "utf8")).cells as ICodeCell[]) : [];
    rmSync(saved, { force: true });
    return { status: r.status, stderr: r.stderr, cells };
  };

  it("jupyter nbconvert --execute --allow-errors: the same error outputs", () => {
    const r = nbconvert(
      cases().map(([s]) => s),
      ["--allow-errors"],
    );
    expect(r.status, r.stderr).toBe(0);
    expectCases(results(r.cells));
    expectPlaces(r.cells);
  });

  it("jupyter nbconvert --execute without --allow-errors: CellExecutionError names the thrown string", () => {
    const r = nbconvert(['throw "no data";', 'console.log("never")'], []);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("CellExecutionError");
    expect(r.stderr).toContain("Thrown string: 'no data'");
    expect(r.stderr).toContain("not an Error");
  });
});
