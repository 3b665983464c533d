import { dirname } from "node:path";
import type { ICodeCell } from "@jupyterlab/nbformat";
import { cellStdout } from "../../helpers/notebook";
import { describe, expect, it } from "vitest";
import {
  exportedValues,
  onlyDeclarationsOf,
  valuesAfterFailure,
  withoutDeclarationsOf,
  withoutExportResets,
} from "../../../lib/tools/kernel/failed-cell-declarations";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { notebookOf, root } from "./flood-notebooks";

// tslab's own compiler and converter, as the kernel uses them
const tslabDir = dirname(require.resolve("tslab/package.json", { paths: [root] }));
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
const { createConverter } = require(`${tslabDir}/dist/converter.js`);

describe("a cell that throws part-way keeps the declarations of the values it made", { timeout: 300_000 }, () => {
  it("in the kernel: imports, constants and functions before the throw stay usable; names after it are still unknown; types are kept", async () => {
    const nb = notebookOf([
      [
        'import { mlp, relu } from "dl4nlp";',
        'import type { Activation } from "dl4nlp";',
        "interface Point { x: number }",
        "const made = 1, alsoMade = 2;",
        "function double(x: number) { return 2 * x; }",
        'throw new Error("boom");',
        "const notReached = 3;",
        "function neverDefined() { return 0; }",
      ].join("\n"),
      "const p: Point = { x: 1 }; const a: Activation | null = null;\nconsole.log(typeof mlp, typeof relu, made, alsoMade, double(2), p.x, a);",
      "console.log(notReached);",
      "neverDefined();",
      'const before = 5;\nawait Promise.reject(new Error("later"));\nconst afterAwait = 6;',
      "console.log(before);",
      "console.log(afterAwait);",
      // a failing cell that redeclares an earlier name: the earlier value is gone at run time, so is its declaration
      'const made = "again";\nconst twice = double(made.length);\nthrow new Error("again");',
      "console.log(made.toUpperCase(), twice);",
      // an edited cell that throws before it assigns names an earlier cell made: they keep the earlier values
      'const rate = 0.1;\nconst model = { name: "first" };\nconst seed = 1;',
      'const seed = 2;\nconst model: { name: string } = (() => { throw new Error("bad activation"); })();\nconst rate = 0.5;',
      "console.log(seed, model.name, rate);",
    ]);
    const r = await executeNotebook(nb as never, { cwd: root, timeout: 120, allowErrors: true });
    const cells = r.notebook?.cells as ICodeCell[];
    const status = r.cells.map((c) => `${c.status}${c.error ? ` ${c.error.ename}: ${c.error.evalue}` : ""}`);
    expect(r.cells[0].error?.evalue).toBe("boom");
    expect(r.cells[1].status, status.join("\n")).toBe("ok");
    expect(cellStdout(cells[1])).toBe("function function 1 2 4 1 null\n");
    expect(r.cells[2].error?.evalue).toMatch(/Cannot find name 'notReached'/);
    expect(r.cells[3].error?.evalue).toMatch(/Cannot find name 'neverDefined'/);
    expect(r.cells[4].error?.evalue).toBe("later");
    expect(cellStdout(cells[5])).toBe("5\n");
    expect(r.cells[6].error?.evalue).toMatch(/Cannot find name 'afterAwait'/);
    expect(r.cells[7].error?.evalue).toBe("again");
    expect(cellStdout(cells[8])).toBe("AGAIN 10\n");
    expect(r.cells[10].error?.evalue).toBe("bad activation");
    expect(r.cells[11].status, status.join("\n")).toBe("ok");
    expect(cellStdout(cells[11])).toBe("2 first 0.1\n");
  });
});

describe("the declaration filter, on tslab's own output for a cell", () => {
  const cell = [
    'import def, { readFileSync, type Stats, existsSync as exists } from "node:fs";',
    'import * as path from "node:path";',
    "type Kept = number;",
    "const a = 1, b = 2;",
    "let c: string;",
    "function f(x: number): number;",
    "function f(x: string): string;",
    "function f(x: unknown) { return x; }",
    "class K {}",
    "enum E { A }",
  ].join("\n");
  const converter = createConverter({});
  const converted = converter.convert("", cell);
  converter.close();

  it("tslab exports every value of the cell and resets them first (what exportedValues reads; the resets are taken out)", () => {
    expect(converted.diagnostics).toEqual([]);
    const names = exportedValues(converted.output);
    expect([...names].sort()).toEqual(["E", "K", "a", "b", "c", "def", "exists", "f", "path", "readFileSync"]);
    expect(withoutExportResets(converted.output)).not.toMatch(/void 0;/);
    expect(exportedValues(withoutExportResets(converted.output))).toEqual([]);
    const before = new Map<string, unknown>(names.map((n) => [n, n === "a" ? 1 : n === "K" ? "old K" : undefined]));
    const after = { a: 1, K: "old K", readFileSync: () => 0, def: {}, path: {}, f: () => 0 };
    const { unset, unchanged } = valuesAfterFailure(before, after);
    expect([...unset].sort()).toEqual(["E", "b", "c", "exists"]);
    expect([...unchanged].sort()).toEqual(["K", "a"]);
  });

  it("only the named values, from an earlier cell's declarations", () => {
    const text = onlyDeclarationsOf(ts, converted.declOutput, new Set(["a", "K", "exists", "path"]));
    expect(text).toContain('import { existsSync as exists } from "node:fs";');
    expect(text).toContain('import * as path from "node:path";');
    expect(text).toContain("declare const a = 1;");
    expect(text).toMatch(/declare class K/);
    expect(text).not.toMatch(/Kept|readFileSync|\bb\b|enum E|function f/);
    expect(onlyDeclarationsOf(ts, converted.declOutput, new Set())).toBe("");
  });

  it("drops exactly the named values: import bindings, declarators, overloads, classes, enums", () => {
    const text = withoutDeclarationsOf(ts, converted.declOutput, new Set(["E", "K", "b", "c", "exists", "path"]));
    expect(text).toContain('import def, { readFileSync, type Stats } from "node:fs";');
    expect(text).not.toMatch(/node:path|exists|declare class K|enum E|\bb\b|\bc\b/);
    expect(text).toMatch(/declare const a = 1;/);
    expect(text.match(/declare function f/g)).toHaveLength(2); // the overloads (a .d.ts has no implementation)
    expect(text).toContain("type Kept = number;");
    // what is left still compiles as the declarations of a next cell
    const next = createConverter({});
    expect(next.convert(text, "const k: Kept = a; f(1); readFileSync; def;").diagnostics).toEqual([]);
    expect(next.convert(text, "b;").diagnostics.map((d: { messageText: string }) => d.messageText)).toEqual([
      "Cannot find name 'b'.",
    ]);
    next.close();
  });

  it("nothing to drop: the text as it was; everything dropped: nothing", () => {
    expect(withoutDeclarationsOf(ts, converted.declOutput, new Set())).toBe(converted.declOutput);
    expect(withoutDeclarationsOf(ts, 'import * as p from "node:path";\n', new Set(["p"]))).toBe("");
  });
});
