/**
 * The lecture notebooks as stored in git: valid nbformat 4.5 (checked by the official Python `nbformat` validator,
 * the real thing, and by the runner's ajv validator with the same schema), the project's kernelspec and tslab's language_info, slideshow metadata on every cell, no outputs and
 * no execution counts, the course conventions (learning goals first, one seeded set-up cell, exercises with self-checks).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateNotebook } from "../../lib/tools/nbformat";

const root = join(__dirname, "..", "..");
const dir = join(root, "notebooks");
const python = join(root, ".venv", "bin", "python");

/**
 * The nine lecture notebooks, one per section of the slides: written out, not read from the folder, because it is
 * the expectation (a missing or renamed notebook fails). Its shape matches export.test.ts's figure list by chance.
 */
const lecture = [
  "01-neural-unit.ipynb",
  "02-perceptron.ipynb",
  "03-xor.ipynb",
  "04-feedforward-networks.ipynb",
  "05-softmax.ipynb",
  "06-loss-functions.ipynb",
  "07-gradient-descent.ipynb",
  "08-backpropagation.ipynb",
  "09-iris.ipynb",
];
const assignments = readdirSync(join(dir, "assignments"))
  .filter((f) => f.endsWith(".ipynb"))
  .map((f) => join(dir, "assignments", f));
const present = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

interface Cell {
  cell_type: string;
  id?: string;
  metadata: { slideshow?: { slide_type?: string }; tags?: string[]; [k: string]: unknown };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: Record<string, unknown>; language_info?: Record<string, unknown> };
  cells: Cell[];
}

/** tslab 1.0.22's `kernel_info_reply.language_info` (its `version` is the TypeScript version it was built against). */
const tslabLanguageInfo = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
  version: "3.7.2",
};

const read = (f: string): Notebook => JSON.parse(readFileSync(join(dir, f), "utf8"));
const text = (c: Cell): string => (Array.isArray(c.source) ? c.source.join("") : c.source);
const slideTypes = ["slide", "subslide", "fragment", "skip", "notes", "-"];

describe("the lecture notebooks in git", () => {
  it.each(lecture)("%s exists", (f) => {
    expect(present).toContain(f);
  });

  it("every notebook validates against the official nbformat 4 schema (Python nbformat)", () => {
    expect(existsSync(python), `${python} is missing: run the set-up script (kernel-setup/setup.sh)`).toBe(true);
    const script = [
      "import sys, json, nbformat",
      "bad = {}",
      "for p in sys.argv[1:]:",
      "    try:",
      "        nbformat.validate(nbformat.read(p, as_version=nbformat.NO_CONVERT))",
      "    except Exception as e:",
      "        bad[p] = str(e)[:500]",
      "print(json.dumps(bad))",
    ].join("\n");
    const out = execFileSync(python, ["-c", script, ...present.map((f) => join(dir, f))], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({});
  });

  it("is stored byte for byte as Python's nbformat writes it, so a save in Jupyter changes nothing", () => {
    const all = [...present.map((f) => join(dir, f)), ...assignments];
    const script = [
      "import sys, json, nbformat",
      "changed = []",
      "for p in sys.argv[1:]:",
      "    text = open(p, encoding='utf-8').read()",
      "    again = nbformat.writes(nbformat.read(p, as_version=nbformat.NO_CONVERT)) + '\\n'",
      "    if again != text: changed.append(p)",
      "print(json.dumps(changed))",
    ].join("\n");
    const out = execFileSync(python, ["-c", script, ...all], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe.each(present)("%s", (f) => {
  const nb = read(f);
  const code = nb.cells.filter((c) => c.cell_type === "code");

  it("validates against the official nbformat 4.5 JSON schema with ajv (the runner's validator)", () => {
    expect(validateNotebook(nb)).toEqual([]);
  });

  it("is nbformat 4.5 on the project's tslab kernelspec", () => {
    expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
    expect(nb.metadata.kernelspec).toEqual({ name: "dl4nlp", display_name: "TypeScript (dl4nlp)", language: "typescript" });
    // exactly what tslab's kernel_info_reply says, so the first save in Jupyter does not rewrite it
    expect(nb.metadata.language_info).toEqual(tslabLanguageInfo);
  });

  it("has a unique id on every cell", () => {
    const ids = nb.cells.map((c) => c.id);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has slideshow metadata on every cell", () => {
    const missing = nb.cells.filter((c) => !slideTypes.includes(c.metadata.slideshow?.slide_type ?? "")).map((c) => c.id);
    expect(missing).toEqual([]);
    expect(nb.cells[0].metadata.slideshow?.slide_type).toBe("slide");
  });

  it("is stored without outputs and without execution counts", () => {
    const dirty = code.filter((c) => (c.outputs ?? []).length > 0 || c.execution_count !== null).map((c) => c.id);
    expect(dirty).toEqual([]);
  });

  it("opens with the chapter's learning goals and the slide section it mirrors", () => {
    const first = nb.cells[0];
    expect(first.cell_type).toBe("markdown");
    expect(text(first)).toMatch(/^# \d+ · /);
    expect(text(first)).toMatch(/Learning goals/);
    expect(text(first)).toMatch(/mirrors/i);
  });

  it("has one set-up cell that imports dl4nlp and seeds one Rng, skipped in the deck", () => {
    const imports = code.filter((c) => /from "dl4nlp"/.test(text(c)));
    expect(imports.map((c) => c.id)).toEqual([code[0].id]);
    expect(text(code[0])).toMatch(/const rng = new Rng\(2026\);/);
    expect(code[0].metadata.slideshow?.slide_type).toBe("skip");
  });

  it("uses no unseeded randomness and starts every code cell with a comment saying what it does", () => {
    for (const c of code) {
      expect(text(c), c.id).not.toMatch(/Math\.random/);
      expect(text(c).trimStart(), c.id).toMatch(/^\/\/ /);
    }
  });

  it("has a 'your turn' exercise with a self-check through the library's selfCheck, solution marked for the editions", () => {
    const exercises = code.filter((c) => c.metadata.tags?.includes("exercise"));
    const checks = code.filter((c) => c.metadata.tags?.includes("self-check"));
    expect(exercises.length).toBeGreaterThanOrEqual(1);
    expect(checks.length).toBeGreaterThanOrEqual(1);
    for (const c of exercises) expect(text(c), c.id).toMatch(/\/\/ BEGIN SOLUTION\n[\s\S]*\/\/ END SOLUTION/);
    for (const c of checks) expect(text(c), c.id).toMatch(/\bselfCheck\("/);
  });
});
