/**
 * The instructor edition (the notebooks as stored, with their solutions): every lecture notebook executed headless by
 * the project's runner (`dl4nlp run`, real tslab kernels, two at a time):
 * zero errors, every cell executed, every slide check and erratum shown (a failing check throws, so it would be an
 * error), every self-check passed, every figure delivered as a display output. Prints the wall time of the whole set
 * (9 notebooks, --jobs 2, with static SVG figures from Chromium: 203-229 s on the 2-core machine while other test suites
 * ran; notebooks 01-05 alone without static figures: 45 s). The student edition's run, with stubs and wrong answers,
 * is student-edition.test.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const dir = join(root, "notebooks");
const notebooks = readdirSync(dir)
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Cell {
  cell_type: string;
  id: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

const join_ = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : (s ?? ""));
/** Everything a student would read in a cell's outputs: streams, plain-text and HTML displays, errors. */
const shown = (c: Cell): string =>
  (c.outputs ?? [])
    .map((o) =>
      o.output_type === "stream"
        ? join_(o.text)
        : o.output_type === "error"
          ? `${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join("\n")}`
          : join_(o.data?.["text/plain"] as string | string[] | undefined) + join_(o.data?.["text/html"] as string | string[]),
    )
    .join("\n");
/** The literal labels of the slideCheck(...) and erratum(...) calls in a cell. */
const checkLabels = (src: string): string[] =>
  [...src.matchAll(/\b(?:slideCheck|erratum)\("((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);

let out = "";
let run: { status: number | null; stdout: string; stderr: string; seconds: number };

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "dl4nlp-run-all-"));
  const cli = join(root, "lib", "bin", "dl4nlp.js");
  const started = Date.now();
  const r = spawnSync(process.execPath, [cli, "run", ...notebooks.map((f) => join(dir, f)), "--out", out, "--jobs", "2"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
    timeout: 900_000,
  });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - started) / 1000 };
  console.log(
    `dl4nlp run: ${notebooks.length} notebooks in ${run.seconds.toFixed(1)} s (exit ${r.status})\n${r.stdout}${r.stderr}`,
  );
}, 900_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("every lecture notebook, executed by `dl4nlp run`", () => {
  it("the runner exits with 0", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  });

  describe.each(notebooks)("%s", (f) => {
    const executed = (): Cell[] => {
      const p = join(out, f);
      expect(existsSync(p), `the runner wrote no ${p}`).toBe(true);
      return JSON.parse(readFileSync(p, "utf8")).cells;
    };

    it("runs every code cell without an error", () => {
      const code = executed().filter((c) => c.cell_type === "code");
      const failed = code
        .filter((c) =>
          (c.outputs ?? []).some((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr")),
        )
        .map((c) => `cell ${c.id}:\n${shown(c)}`);
      expect(failed.join("\n\n")).toBe("");
      const notRun = code.filter((c) => typeof c.execution_count !== "number").map((c) => c.id);
      expect(notRun).toEqual([]);
    });

    it("shows every slide check and erratum of its source", () => {
      for (const c of executed().filter((c) => c.cell_type === "code")) {
        const text = shown(c);
        for (const label of checkLabels(join_(c.source))) expect(text, `cell ${c.id}`).toContain(label.replace(/\\"/g, '"'));
      }
    });

    it("passes its self-checks", () => {
      const checks = executed().filter((c) => c.metadata.tags?.includes("self-check"));
      expect(checks.length).toBeGreaterThan(0);
      for (const c of checks) expect(shown(c), `cell ${c.id}`).toContain("✓");
    });

    it("delivers each figure as a display output (a Plotly figure, or an SVG image for a graph)", () => {
      for (const c of executed().filter((c) => c.cell_type === "code" && /\bshow\(/.test(join_(c.source)))) {
        const plots = (c.outputs ?? []).filter(
          (o) => o.data && ("application/vnd.plotly.v1+json" in o.data || "image/svg+xml" in o.data),
        );
        expect(plots.length, `cell ${c.id}`).toBeGreaterThan(0);
      }
    });
  });
});
