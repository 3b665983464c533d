import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotebookFormatError, parseNotebook, readNotebook } from "../../../lib/tools/nbformat/read";
import { validateNotebook } from "../../../lib/tools/nbformat/validate";
import { formatNotebook, writeNotebook } from "../../../lib/tools/nbformat/write";
import { fixture, tempDir } from "../run/helpers";

const python = join(__dirname, "..", "..", "..", ".venv", "bin", "python");

describe("readNotebook", () => {
  it("reads a fixture notebook written by Python's nbformat", async () => {
    const nb = await readNotebook(fixture("outputs"));
    expect(nb.nbformat).toBe(4);
    expect(nb.cells[1].id).toBe("outputs-1");
    expect(validateNotebook(nb)).toEqual([]);
  });
  it("names the file and the problem: not JSON", async () => {
    const file = fixture("malformed");
    await expect(readNotebook(file)).rejects.toThrow(new RegExp(`^${file.replace(/[.]/g, "\\.")}: not JSON: `));
    await expect(readNotebook(file)).rejects.toBeInstanceOf(NotebookFormatError);
  });
  it("says what is not JSON on one line, whatever text around the fault the parser quotes (a summary table's row)", () => {
    for (const text of ['garbage{\n  "cells": []\n}', '{"cells": [\n  {"cell_type": "code",\n', "{\r\n\r\n,}"]) {
      let message = "";
      try {
        parseNotebook(text, "broken.ipynb");
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^broken\.ipynb: not JSON: /);
      expect(message).not.toMatch(/[\r\n]/);
    }
  });
  it("names the file and the problem: an empty file, a file saved with a byte-order mark", () => {
    expect(() => parseNotebook("", "empty.ipynb")).toThrow("empty.ipynb: the file is empty: not a notebook");
    expect(() => parseNotebook(" \n", "blank.ipynb")).toThrow("blank.ipynb: the file is empty: not a notebook");
    expect(() => parseNotebook('\uFEFF{"nbformat": 4, "cells": []}', "bom.ipynb")).toThrow(
      "bom.ipynb: starts with a byte-order mark (U+FEFF), which Jupyter refuses too",
    );
  });
  it("names the file and the problem: missing file, nbformat 3, no cells, a cell without cell_type", async () => {
    await expect(readNotebook("/nonexistent/x.ipynb")).rejects.toThrow("/nonexistent/x.ipynb: cannot read the file (ENOENT)");
    expect(() => parseNotebook('{"nbformat": 3, "worksheets": []}', "old.ipynb")).toThrow(
      "old.ipynb: not an nbformat 4 notebook (nbformat 3)",
    );
    expect(() => parseNotebook('{"nbformat": 4, "metadata": {}}', "a.ipynb")).toThrow("a.ipynb: missing cells: no `cells` array");
    expect(() => parseNotebook('{"nbformat": 4, "cells": [{}]}', "b.ipynb")).toThrow(
      "b.ipynb: cell 1: not a cell (no cell_type)",
    );
    expect(() => parseNotebook("[]", "c.ipynb")).toThrow("c.ipynb: not a notebook: the JSON is not an object");
  });
  it("upgrades nbformat 4.4 (no cell ids) to 4.5 so it validates", () => {
    const nb = parseNotebook(
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 4,
        metadata: {},
        cells: [{ cell_type: "markdown", metadata: {}, source: "# a" }],
      }),
    );
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.cells[0].id).toMatch(/^[0-9a-f]{8}$/);
    expect(validateNotebook(nb)).toEqual([]);
  });
});

describe("validateNotebook (official nbformat 4.5 schema with ajv)", () => {
  it("reports where and what is wrong", async () => {
    const nb = await readNotebook(fixture("outputs"));
    (nb.cells[1] as { outputs: unknown[] }).outputs = [{ output_type: "stream", name: "stdout" }];
    expect(validateNotebook(nb)).toContain("/cells/1/outputs/0: must have required property 'text'");
  });
  it("an update_display_data output is not a notebook output", async () => {
    const nb = await readNotebook(fixture("outputs"));
    (nb.cells[1] as { outputs: unknown[] }).outputs = [{ output_type: "update_display_data", data: {}, metadata: {} }];
    expect(validateNotebook(nb).length).toBeGreaterThan(0);
  });
});

describe("writeNotebook", () => {
  it("writes atomically (no temp file left) in Jupyter's layout, which Python's nbformat validates", async () => {
    const dir = tempDir();
    const file = join(dir, "sub", "out.ipynb");
    const nb = await readNotebook(fixture("outputs"));
    await writeNotebook(file, nb);
    expect(readdirSync(join(dir, "sub"))).toEqual(["out.ipynb"]);
    expect(readFileSync(file, "utf8")).toBe(formatNotebook(nb));
    // Same bytes as Python's nbformat writes for the fixture it wrote itself.
    expect(readFileSync(file, "utf8")).toBe(readFileSync(fixture("outputs"), "utf8"));
    if (existsSync(python)) {
      execFileSync(python, ["-c", "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", file]);
    }
  });
  it("replaces an existing file whole", async () => {
    const file = join(tempDir(), "x.ipynb");
    writeFileSync(file, "old content that is longer than the notebook will be ".repeat(200));
    await writeNotebook(file, { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
    expect(JSON.parse(readFileSync(file, "utf8")).cells).toEqual([]);
  });
});

describe("formatNotebook", () => {
  it("splits lines as Python's nbformat does, so executed notebooks are byte-identical to nbformat.write", () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: "code",
          id: "a",
          metadata: {},
          execution_count: 1,
          source: "x\ny",
          outputs: [
            { output_type: "stream", name: "stdout", text: "1\n2\r\n3\u2028x\u001cy\rz" },
            {
              output_type: "display_data",
              metadata: {},
              data: { "text/html": "<b>\n</b>", "application/vnd.plotly.v1+json": { a: "x\ny" } },
            },
            {
              output_type: "display_data",
              metadata: { "image/png": { width: 300.5 } },
              // numbers Python writes differently from JavaScript (1e-05, 1e-07, 1e+21), non-ASCII, escapes, nesting
              data: {
                "application/json": {
                  small: [0.00001, 1e-7, -0.000123, 0.0001, 1.5e-5, 5e-324],
                  large: [1e21, 2.5e22, 1e16, 123456789012345.6, -0],
                  plain: [0.1, 1 / 3, -2.5, 42, 0, []],
                  text: "η = 0.1 → “ok” \u2028 \t \u0001 / \\",
                  z: { b: 1, a: {}, ä: null, A: true },
                },
              },
            },
          ],
        },
      ],
    } as never;
    const ours = formatNotebook(nb);
    if (existsSync(python)) {
      const script =
        "import sys, nbformat; sys.stdout.write(nbformat.writes(nbformat.reads(sys.stdin.read(), as_version=4)) + '\\n')";
      expect(execFileSync(python, ["-c", script], { input: JSON.stringify(nb), encoding: "utf8" })).toBe(ours);
    }
    expect(JSON.parse(ours).cells[0].outputs[0].text).toEqual(["1\n", "2\r\n", "3\u2028", "x\u001c", "y\r", "z"]);
  });
});
