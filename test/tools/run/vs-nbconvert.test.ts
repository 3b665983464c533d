import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNotebooks } from "../../../lib/tools/run/run-notebooks";
import { launcherKernelspec, notebookOf, python, root } from "../kernel/flood-notebooks";

/** A notebook of the situations where executors differ: streams, displays and updates, tags, errors, a flood. */
function ownNotebook() {
  const nb = notebookOf(
    [
      'console.log("out");\nconsole.error("err");\nconsole.log("out again");',
      'import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nd.html("<b>first</b>");',
      'd.html("<b>updated from the next cell</b>");\ntslab.display.html("<i>plain</i>");',
      "for (let i = 0; i < 600; i++) console.log(`line ${i}`);",
      'console.log("skipped");',
      "",
      'throw new RangeError("expected failure");',
      "[1, 2, 3].map((x) => x * 2)",
    ],
    "dl4nlp",
  );
  (nb.cells[4].metadata as { tags?: string[] }).tags = ["skip-execution"];
  (nb.cells[6].metadata as { tags?: string[] }).tags = ["raises-exception"];
  return nb;
}

describe("the runner's executed copy against nbconvert's (same kernel: the project's launcher)", { timeout: 300_000 }, () => {
  it("same cells run, same outputs, the raised error an error output in both (the kernel's error message)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dl4nlp-vs-nbconvert-"));
    const dataDir = join(dir, "jupyter-data");
    launcherKernelspec(dataDir, "dl4nlp");
    for (const d of ["in", "runner", "nbconvert"]) mkdirSync(join(dir, d));
    writeFileSync(join(dir, "in", "own.ipynb"), JSON.stringify(ownNotebook()));
    const [r] = await runNotebooks([join(dir, "in", "own.ipynb")], { out: join(dir, "runner"), staticFigures: false });
    expect(r.status, r.message).toBe("passed");
    const nbconvert = spawnSync(
      python,
      ["-m", "nbconvert", "--to", "notebook", "--execute", "--output-dir", join(dir, "nbconvert"), join(dir, "in", "own.ipynb")],
      {
        encoding: "utf8",
        cwd: root,
        env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PLATFORM_DIRS: "1" },
        timeout: 240_000,
      },
    );
    expect(nbconvert.status, nbconvert.stderr.slice(-2000)).toBe(0);
    const compare = spawnSync(
      python,
      [join(__dirname, "compare_executed.py"), join(dir, "runner"), join(dir, "nbconvert"), "own.ipynb"],
      { encoding: "utf8" },
    );
    expect(compare.status, compare.stderr).toBe(0);
    const own = JSON.parse(compare.stdout)["own.ipynb"];
    expect(own).toEqual({ same_cells_ran: true, cells_ran: 6, code_cells: 8, differences: {} });
  });
});
