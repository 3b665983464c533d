// A notebook outside any project (a copy in /tmp) that imports "dl4nlp": `dl4nlp run` and nbconvert with the
// project's kernelspec resolve the package the kernel belongs to, types included (a type error against dl4nlp's own
// declarations is reported); a folder that installs its own dl4nlp keeps it.
import type { INotebookContent, IOutput, IStream } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dl4nlpNotebook } from "../../helpers/notebook";

const ROOT = resolve(__dirname, "..", "..", "..");
const CLI = join(ROOT, "lib", "bin", "dl4nlp.js");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");

/** Uses the library, the tools entry and dl4nlp's types. */
const USES_DL4NLP = dl4nlpNotebook([
  `import { Tensor, softmax } from "dl4nlp";
import { parseNotebook } from "dl4nlp/tools";
console.log(softmax(Tensor.from([[0, 0]])).toArray(), typeof parseNotebook);`,
]);
/** A type error only dl4nlp's declarations can find (softmax takes a Tensor). */
const TYPE_ERROR = dl4nlpNotebook([`import { softmax } from "dl4nlp";\nsoftmax("not a tensor");`]);
/** In a folder with its own node_modules/dl4nlp. */
const OWN_INSTALL = dl4nlpNotebook([`import { marker } from "dl4nlp";\nconsole.log(marker);`]);

function streams(nb: INotebookContent): string {
  return nb.cells
    .flatMap((c) => (c.outputs as IOutput[] | undefined) ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => String((o as IStream).text))
    .join("");
}

describe("a notebook outside the project imports dl4nlp", () => {
  let dir = "";
  beforeAll(() => {
    // outside the project: nothing above a folder under the system temp dir installs dl4nlp
    dir = realpathSync(mkdtempSync(join(tmpdir(), "dl4nlp-outside-")));
    for (const [folder, nb] of [
      ["uses", USES_DL4NLP],
      ["typo", TYPE_ERROR],
      ["own", OWN_INSTALL],
    ] as const) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, "nb.ipynb"), JSON.stringify(nb));
    }
    const own = join(dir, "own", "node_modules", "dl4nlp");
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, "package.json"), JSON.stringify({ name: "dl4nlp", version: "0.0.1", main: "index.js" }));
    writeFileSync(join(own, "index.js"), 'exports.marker = "the folder\'s own dl4nlp";\n');
    writeFileSync(join(own, "index.d.ts"), "export declare const marker: string;\n");
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("dl4nlp run: the kernel's own package (library, tools, types); a folder's own install wins", () => {
    const out = join(dir, "out");
    const run = spawnSync(
      process.execPath,
      [CLI, "run", join(dir, "uses", "nb.ipynb"), join(dir, "typo", "nb.ipynb"), join(dir, "own", "nb.ipynb"), "--out", out],
      { cwd: dir, encoding: "utf8", timeout: 300_000, env: { ...process.env, DL4NLP_LIVE_STATIC_FIGURES: "0" } },
    );
    const said = `${run.stdout}\n${run.stderr}`;
    expect(said).not.toMatch(/Cannot find module 'dl4nlp/);
    // the type error is dl4nlp's: its declaration of softmax was read
    expect(said).toMatch(/typo[\\/]nb\.ipynb[\s\S]*not assignable to parameter of type 'Tensor'/);
    const executed = (folder: string) => JSON.parse(readFileSync(join(out, folder, "nb.ipynb"), "utf8")) as INotebookContent;
    expect(streams(executed("uses"))).toBe("[ [ 0.5, 0.5 ] ] function\n");
    expect(streams(executed("own"))).toBe("the folder's own dl4nlp\n");
  }, 320_000);

  it("nbconvert --execute with the project's kernelspec, in that folder", () => {
    const prefix = join(dir, "prefix");
    const install = spawnSync(process.execPath, [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
      encoding: "utf8",
    });
    expect(install.status, install.stderr).toBe(0);
    const run = spawnSync(JUPYTER, ["nbconvert", "--to", "notebook", "--execute", "--output", "done.ipynb", "nb.ipynb"], {
      cwd: join(dir, "uses"),
      encoding: "utf8",
      timeout: 300_000,
      env: {
        ...process.env,
        JUPYTER_PATH: join(prefix, "share", "jupyter"),
        JUPYTER_DATA_DIR: join(dir, "jupyter-data"),
        JUPYTER_CONFIG_DIR: join(dir, "jupyter-config"),
        JUPYTER_RUNTIME_DIR: join(dir, "jupyter-runtime"),
        JUPYTER_PLATFORM_DIRS: "1",
      },
    });
    expect(run.status, run.stderr).toBe(0);
    const done = JSON.parse(readFileSync(join(dir, "uses", "done.ipynb"), "utf8")) as INotebookContent;
    expect(streams(done)).toBe("[ [ 0.5, 0.5 ] ] function\n");
  }, 320_000);
});
