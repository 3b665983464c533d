import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { expandPaths, outputPaths, whyNoNotebooks } from "../../../lib/tools/run/find-notebooks";
import { parameterWarnings } from "../../../lib/tools/run/parameters";
import { runNotebooks } from "../../../lib/tools/run/run-notebooks";
import { notebookOf, root } from "../kernel/flood-notebooks";
import { tempDir } from "./helpers";

const tagged = (nb: ReturnType<typeof notebookOf>, i: number, tag: string) => {
  (nb.cells[i].metadata as { tags?: string[] }).tags = [tag];
  return nb;
};

describe("the runner says what it did not do as asked", { timeout: 300_000 }, () => {
  it("-p without a parameters cell warns naming each parameter a later cell sets again; a late unhandled rejection is a warning of the cell that started it", async () => {
    const nb = notebookOf([
      "let lr = 0.5;\nconst epochs = 10;",
      'setTimeout(() => { Promise.reject(new Error("late failure")); }, 200);',
      "await new Promise((r) => setTimeout(r, 1500));",
    ]);
    const r = await executeNotebook(nb as unknown as INotebookContent, { cwd: root, parameters: { lr: 0.1, seed: 3 } });
    expect(r.status, r.message).toBe("passed");
    expect(r.warnings).toEqual([
      'the notebook has no cell tagged "parameters": -p lr, -p seed injected as its first cell',
      "-p lr has no effect: cell 2 sets lr again after the injected cell 1",
      expect.stringMatching(
        /^cell 3 \(id cell-1\): after the cell ended, on stderr: \(after this cell ended\) UnhandledPromiseRejection: Error: late failure/,
      ),
    ]);
    expect(r.cells[2].warnings).toHaveLength(1);
    expect(JSON.stringify(r.notebook?.cells[2])).toContain("late failure");
  });

  it("with a parameters cell, a name it does not set is an unknown parameter; names it sets give no warning", () => {
    const nb = tagged(notebookOf(["const lr = 0.5;\nlet epochs: number = 3;", "console.log(lr)"]), 0, "parameters");
    expect(parameterWarnings(nb as unknown as INotebookContent, { lr: 1, epochs: 2, seed: 1 })).toEqual([
      '-p seed: unknown parameter (the cell tagged "parameters", cell 1, does not set seed)',
    ]);
    expect(parameterWarnings(nb as unknown as INotebookContent, {})).toEqual([]);
  });

  it("notebooks of the same name at several depths are mirrored under --out, none overwritten", async () => {
    const base = tempDir();
    const files = [join(base, "a", "x.ipynb"), join(base, "b", "x.ipynb"), join(base, "a", "deep", "er", "x.ipynb")];
    files.forEach((f, i) => {
      mkdirSync(join(f, ".."), { recursive: true });
      writeFileSync(f, JSON.stringify(notebookOf([`console.log("notebook ${i}")`])));
    });
    const out = tempDir();
    const results = await runNotebooks(files, { out, jobs: 3, staticFigures: false });
    expect(results.map((r) => r.status)).toEqual(["passed", "passed", "passed"]);
    expect(results.map((r) => r.outputPath)).toEqual([
      join(out, "a", "x.ipynb"),
      join(out, "b", "x.ipynb"),
      join(out, "a", "deep", "er", "x.ipynb"),
    ]);
    for (const [i, r] of results.entries()) expect(readFileSync(r.outputPath as string, "utf8")).toContain(`notebook ${i}`);
  });

  it("a notebook from elsewhere that breaks the format already (tags as a string) is said to be so as given, its cell named, in the progress line too", async () => {
    const base = tempDir();
    const nb = notebookOf(['console.log("ran")', "1 + 1"]);
    (nb.cells[1].metadata as { tags?: unknown }).tags = "not-a-list";
    const file = join(base, "web.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const done: string[] = [];
    const onProgress = (e: { type: string; result?: { status: string } }) => {
      if (e.type === "notebook-done") done.push(String(e.result?.status));
    };
    const [r] = await runNotebooks([file], { out: tempDir(), staticFigures: false, onProgress });
    expect(r.status).toBe("failed");
    expect(done).toEqual(["failed"]); // the progress line says what the table says (it said "ok" before the check)
    expect(r.message).toMatch(
      /^the notebook as given is not valid nbformat 4\.5 \(its executed copy keeps that\): cell 2 \(id cell-1\) metadata\/tags: must be array(;|$)/,
    );
    expect(r.message).not.toMatch(/oneOf/);
  });

  it("a folder with notebooks only in subfolders: --recursive finds them (mirrored), otherwise the reason names them", async () => {
    const base = tempDir();
    for (const rel of ["one/x.ipynb", "two/x.ipynb", "two/three/y.ipynb", ".hidden/z.ipynb", "node_modules/m/w.ipynb"]) {
      mkdirSync(join(base, rel, ".."), { recursive: true });
      writeFileSync(join(base, rel), "{}");
    }
    expect(await expandPaths([base])).toEqual([]);
    expect(await whyNoNotebooks([base, join(base, "missing")])).toEqual([
      `${base}: no .ipynb files directly in this folder, but 3 in its subfolders (e.g. one/x.ipynb): pass those folders, or use --recursive`,
      `${join(base, "missing")}: no such file or folder`,
    ]);
    const jobs = await expandPaths([base], { recursive: true });
    expect(outputPaths(jobs, "out")).toEqual([
      join("out", "one", "x.ipynb"),
      join("out", "two", "x.ipynb"),
      join("out", "two", "three", "y.ipynb"),
    ]);
    const empty = tempDir();
    expect(await whyNoNotebooks([empty])).toEqual([`${empty}: a folder without .ipynb files (none in its subfolders either)`]);
  });
});
