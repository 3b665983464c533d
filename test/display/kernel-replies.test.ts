// A cell's figures are complete when the kernel replies: real `jupyter nbconvert --execute` (nbclient reads only the
// running cell's messages and stops at its reply, then shuts the kernel down at once) on notebooks whose LAST cell shows
// figures, with the project's kernelspec pointing at this checkout; and a real jupyter_client asking for a restart while
// a figure's image is still being rendered. Also: a figure as a cell's last value is shown, not printed.
import type { IDisplayData, INotebookContent, IOutput, IStream } from "@jupyterlab/nbformat";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../lib/display/figure";
import { dl4nlpNotebook } from "../helpers/notebook";

const ROOT = resolve(__dirname, "..", "..");
const JUPYTER = join(ROOT, ".venv", "bin", "jupyter");
const PYTHON = join(ROOT, ".venv", "bin", "python");

const IMPORT = `import { show, softmaxBars, lossCurves, liveChart } from "dl4nlp";`;
/** Every kind of figure output in the middle and at the end of a notebook. */
const FIGURES_EVERYWHERE = dl4nlpNotebook([
  IMPORT,
  "show(softmaxBars([0.6, 1.1, -1.5]));",
  // a figure as the cell's last value, no show()
  "lossCurves({ loss: [1, 0.5, 0.3], accuracy: [0.5, 0.7, 0.9] })",
  // a user's own records with a data array: printed as usual, not taken for a figure
  "const records = { data: [{ id: 1 }] };\nrecords",
  // the last cell: two figures, then a live chart whose last epochs the throttle held back and finish() never drew
  `show(softmaxBars([1, 2, 3]));
show(lossCurves({ loss: [3, 2, 1] }));
const chart = liveChart({ minIntervalMs: 3_600_000 });
for (let epoch = 1; epoch <= 5; epoch++) chart({ epoch, loss: 1 / epoch });`,
]);
/** The last cell shows a figure, prints at once, and ends on a figure value. */
const FIGURE_THEN_PRINT = dl4nlpNotebook([
  IMPORT,
  `show(softmaxBars([2, 1]));
console.log("quick");
softmaxBars([3, 1])`,
]);

function displays(cell: { outputs?: IOutput[] }): IDisplayData[] {
  return (cell.outputs ?? []).filter((o) => o.output_type === "display_data") as IDisplayData[];
}
function streamText(nb: INotebookContent): string {
  return nb.cells
    .flatMap((c) => (c.outputs as IOutput[] | undefined) ?? [])
    .filter((o) => o.output_type === "stream")
    .map((o) => String((o as IStream).text))
    .join("");
}

describe("a cell's figures are complete when the kernel replies (real nbconvert, real jupyter_client)", () => {
  let home = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "dl4nlp-replies-"));
    // the kernelspec of this checkout, in a prefix of its own (the user's kernelspecs are not touched)
    const prefix = join(home, "prefix");
    const install = spawnSync(process.execPath, [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
      encoding: "utf8",
    });
    if (install.status !== 0) throw new Error(`kernel-setup/install.mjs --prefix failed: ${install.stderr}`);
    env = {
      ...process.env,
      JUPYTER_PATH: join(prefix, "share", "jupyter"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_PLATFORM_DIRS: "1",
      DL4NLP_LIVE_STATIC_FIGURES: "1",
    };
  });
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("nbconvert --execute: every figure has its image, the last cell's too (two figures, a live chart, a print after)", () => {
    // notebooks in the project (so "dl4nlp" resolves as from notebooks/), run by one nbconvert call
    const work = mkdtempSync(join(ROOT, "build", "replies-"));
    try {
      writeFileSync(join(work, "everywhere.ipynb"), JSON.stringify(FIGURES_EVERYWHERE));
      writeFileSync(join(work, "print.ipynb"), JSON.stringify(FIGURE_THEN_PRINT));
      const run = spawnSync(
        JUPYTER,
        ["nbconvert", "--to", "notebook", "--execute", "--output-dir", join(work, "out"), "everywhere.ipynb", "print.ipynb"],
        { cwd: work, env, encoding: "utf8", timeout: 400_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      const read = (name: string) => JSON.parse(readFileSync(join(work, "out", name), "utf8")) as INotebookContent;
      const everywhere = read("everywhere.ipynb");
      const print = read("print.ipynb");
      const perCell = (nb: INotebookContent) => nb.cells.map((c) => displays(c as { outputs?: IOutput[] }).length);
      // the last value is shown as a figure; the live chart is one output
      expect(perCell(everywhere)).toEqual([0, 1, 1, 0, 3]);
      expect(perCell(print)).toEqual([0, 2]);
      for (const nb of [everywhere, print]) {
        for (const cell of nb.cells) {
          for (const d of displays(cell as { outputs?: IOutput[] })) {
            // the image, stored once; no loader script left
            expect(Object.keys(d.data).sort()).toEqual([PLOTLY_MIME, "image/svg+xml", "text/plain"]);
            expect(String(d.data["image/svg+xml"])).toMatch(/^<svg/);
          }
        }
      }
      // the live chart ends on its last epoch, though the throttle held epochs 2-5 and finish() was never called
      const chart = displays(everywhere.cells[4] as { outputs?: IOutput[] })[2].data[PLOTLY_MIME] as {
        layout: { title: { text: string } };
      };
      expect(chart.layout.title.text).toBe("Training: epoch 5");
      expect(String(displays(everywhere.cells[4] as { outputs?: IOutput[] })[2].data["image/svg+xml"])).toContain("epoch 5");
      // no object dump of a figure value, no notice; the records printed
      expect(streamText(everywhere)).toBe("{ data: [ { id: 1 } ] }\n");
      expect(streamText(print)).toBe("quick\n");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 420_000);

  it("a restart while a figure's image is being rendered: the kernel sends the image before it answers and ends", () => {
    const work = mkdtempSync(join(ROOT, "build", "replies-"));
    try {
      const run = spawnSync(PYTHON, [join(__dirname, "fixtures", "shutdown-pending.py"), work], {
        env,
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as {
        iopub: string[];
        image: boolean;
        image_at: number | null;
        reply_at: number | null;
      };
      // without the wait, tslab answers and closes at once: the cell's update never comes (iopub and control are
      // separate sockets, so which of the two the client reads first is not the kernel's order)
      expect(result.image, JSON.stringify(result)).toBe(true);
      expect(result.reply_at, JSON.stringify(result)).not.toBeNull();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
