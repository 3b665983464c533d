import { describe, expect, it } from "vitest";
import { cellLineOf, mapCellLines } from "../../../lib/tools/kernel/cell-lines";

/** A cell and the JavaScript tslab 1.0.22 runs for it (types and the interface gone, exports added, wrapped). */
const CELL = [
  'import { Tensor } from "dl4nlp";',
  "const a: number = 1;",
  "interface P { x: number }",
  "const b = 2;",
  "",
  "function f(n: number): number {",
  '  throw new RangeError("bad " + n);',
  "}",
  "f(a + b);",
].join("\n");
const JS = [
  '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
  "exports.b = exports.a = exports.Tensor = exports.f = exports.tsLastExpr = void 0;",
  'const dl4nlp_1 = require("dl4nlp");',
  'Object.defineProperty(exports, "Tensor", { enumerable: true, get: function () { return dl4nlp_1.Tensor; } });',
  "const a = 1;",
  "exports.a = a;",
  "const b = 2;",
  "exports.b = b;",
  "function f(n) {",
  '    throw new RangeError("bad " + n);',
  "}",
  "exports.f = f;",
  "exports.tsLastExpr = f(a + b);",
  "",
  "})(__tslab__.exports, __tslab__.require)",
].join("\n");

describe("traceback lines of tslab's compiled JavaScript map back to the cell's own lines", () => {
  it("a throw inside a function, the call in the last expression, a line moved by removed types and added exports", () => {
    expect(cellLineOf(JS, CELL, 10)).toBe(7);
    expect(cellLineOf(JS, CELL, 13)).toBe(9);
    expect(cellLineOf(JS, CELL, 7)).toBe(4);
  });

  it("a line between anchors counts only written lines: blank lines the compiler dropped, exports and bindings tslab added", () => {
    // "// comment\n\n(null as any).foo;" runs as "// comment\nnull.foo;": the throw is on the cell's line 3
    expect(cellLineOf("// comment\nnull.foo;", "// comment\n\n(null as any).foo;", 2)).toBe(3);
    const cell =
      'import { mlp } from "dl4nlp";\nconst a1 = 1;\nconst n = mlp([2, 1], { activations: ["nope" as any] });\nconst a2 = 2;';
    const js = [
      'Object.defineProperty(exports, "__esModule", { value: true });',
      "exports.a2 = exports.n = exports.a1 = exports.mlp = void 0;",
      'const dl4nlp_1 = require("dl4nlp");',
      'Object.defineProperty(exports, "mlp", { enumerable: true, get: function () { return dl4nlp_1.mlp; } });',
      "const a1 = 1;",
      "exports.a1 = a1;",
      'const n = (0, dl4nlp_1.mlp)([2, 1], { activations: ["nope"] });',
      "exports.n = n;",
      "const a2 = 2;",
    ].join("\n");
    expect(cellLineOf(js, cell, 7)).toBe(3);
  });

  it("In[K]:LINE is rewritten per cell; unknown cells and lines stay as they are", () => {
    const cells = new Map([[3, { javascript: JS, source: CELL }]]);
    expect(mapCellLines("at f (In[3]:10:11)\nat In[3]:13:22\nat g (In[2]:5:1)", cells)).toBe(
      "at f (In[3]:7:11)\nat In[3]:9:22\nat g (In[2]:5:1)",
    );
  });
});
