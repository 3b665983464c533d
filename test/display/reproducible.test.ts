// Two `dl4nlp run`s of the same notebook write the same bytes: figure ids come from the notebook, cell and output
// position, Plotly's SVG ids are seeded, numbers are written as Python writes them, and execution timing is only kept
// on request (the runner's part).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..", "..");
const FIXTURE = join(__dirname, "fixtures", "every-figure.ipynb");

describe("reproducible executed notebooks", () => {
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const work = mkdtempSync(join(ROOT, "build", "display-reproducible-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("two runs of a notebook with every figure type are byte-identical", () => {
    copyFileSync(FIXTURE, join(work, "every-figure.ipynb"));
    const outputs: string[] = [];
    for (const out of ["first", "second"]) {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, "lib", "bin", "dl4nlp.js"), "run", join(work, "every-figure.ipynb"), "--out", join(work, out)],
        { encoding: "utf8", timeout: 600_000 },
      );
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      outputs.push(readFileSync(join(work, out, "every-figure.ipynb"), "utf8"));
    }
    expect(outputs[0]).toContain('"image/svg+xml"');
    expect(outputs[0]).not.toContain('"text/html": [\n       "<div id=\\"dl4nlp-fig');
    const lines = [outputs[0].split("\n"), outputs[1].split("\n")];
    const differing = lines[0].filter((line, i) => line !== lines[1][i]).slice(0, 5);
    expect(differing).toEqual([]);
    expect(outputs[1]).toBe(outputs[0]);
  }, 900_000);
});
