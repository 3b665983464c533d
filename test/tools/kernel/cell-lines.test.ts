import { describe, expect, it } from "vitest";
import { cellLineOf, type HelperCode, helperCodeOf, mapCellLines } from "../../../lib/tools/kernel/cell-lines";

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

  it("In[K]:LINE:COLUMN is rewritten per cell, the column to the same place in the cell's line; unknown cells stay as they are", () => {
    const cells = new Map([[3, { javascript: JS, source: CELL }]]);
    expect(mapCellLines("at f (In[3]:10:11)\nat In[3]:13:22\nat g (In[2]:5:1)", cells)).toBe(
      "at f (In[3]:7:9)\nat In[3]:9:1\nat g (In[2]:5:1)",
    );
  });

  it("Node's header quotes the cell's own line, not the JavaScript, with the caret under the same place (the tester's case)", () => {
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      "exports.tsLastExpr = null.foo;",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    const cells = new Map([[1, { javascript: js, source: "(null as any).foo;" }]]);
    const raw =
      "In[1]:2\nexports.tsLastExpr = null.foo;\n                          ^\n\n" +
      "TypeError: Cannot read properties of null (reading 'foo')\n    at In[1]:2:27\n    at In[1]:4:3\n";
    expect(mapCellLines(raw, cells)).toBe(
      "In[1]:1\n(null as any).foo;\n              ^\n\nTypeError: Cannot read properties of null (reading 'foo')\n    at In[1]:1:15\n",
    );
  });

  it("a throw inside a typed function: the header's line and caret, and each frame's line and column, are the cell's", () => {
    const source = "function f(x: number): number {\n  return (x as any).y.z;\n}\nf(2);";
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      "function f(x) {",
      "    return x.y.z;",
      "}",
      "exports.f = f;",
      "exports.tsLastExpr = f(2);",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    const raw =
      "In[2]:3\n    return x.y.z;\n               ^\n\nTypeError: Cannot read properties of undefined (reading 'z')\n" +
      "    at f (In[2]:3:16)\n    at In[2]:6:22\n    at In[2]:8:3";
    expect(mapCellLines(raw, new Map([[2, { javascript: js, source }]]))).toBe(
      "In[2]:2\n  return (x as any).y.z;\n                      ^\n\nTypeError: Cannot read properties of undefined (reading 'z')\n" +
        "    at f (In[2]:2:23)\n    at In[2]:4:1",
    );
  });

  it("an imported function called in a cell (tslab's (0, dl4nlp_1.mlp)(...)) maps to the cell's line and the called name, as V8 places a call the cell wrote", () => {
    const source = 'import { mlp } from "dl4nlp";\nconst net = mlp([2, 1], { activations: ["nope" as any] });';
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      'const dl4nlp_1 = require("dl4nlp");',
      'Object.defineProperty(exports, "mlp", { enumerable: true, get: function () { return dl4nlp_1.mlp; } });',
      'const net = (0, dl4nlp_1.mlp)([2, 1], { activations: ["nope"] });',
      "exports.net = net;",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    expect(cellLineOf(js, source, 4)).toBe(2);
    expect(
      mapCellLines("    at mlp (/x/lib/dist/nn/mlp.js:104:47)\n    at In[5]:4:30", new Map([[5, { javascript: js, source }]])),
    ).toBe("    at mlp (/x/lib/dist/nn/mlp.js:104:47)\n    at In[5]:2:13");
  });

  it("an error thrown inside the library (its header left out) or after an await gets the header of the cell's line", () => {
    const source =
      'import { matmul, Tensor } from "dl4nlp";\nconst x = Tensor.from([[1, 2, 3]]);\nconst y: Tensor = matmul(x, x);';
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      'const dl4nlp_1 = require("dl4nlp");',
      "const x = dl4nlp_1.Tensor.from([[1, 2, 3]]);",
      "const y = (0, dl4nlp_1.matmul)(x, x);",
      "exports.y = y;",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    const cells = new Map([[3, { javascript: js, source }]]);
    const thrown = [
      "RangeError: matmul: (1×3)·(1×3): inner dimensions differ",
      "    at checkInner (/x/lib/dist/tensor/matmul.js:118:11)",
      "    at matmul (/x/lib/dist/tensor/matmul.js:28:57)",
      "    at In[3]:4:31",
      "    at In[3]:7:3",
    ].join("\n");
    expect(mapCellLines(thrown, cells).split("\n")).toEqual([
      "In[3]:3",
      "const y: Tensor = matmul(x, x);",
      "                  ^",
      "",
      "RangeError: matmul: (1×3)·(1×3): inner dimensions differ",
      "    at checkInner (/x/lib/dist/tensor/matmul.js:118:11)",
      "    at matmul (/x/lib/dist/tensor/matmul.js:28:57)",
      "    at In[3]:3:19",
    ]);
    // a text that is no error (printed lines), or an error with no frame of a known cell, stays as it is
    expect(mapCellLines("a line\n    at In[3]:4:31", cells)).toBe("a line\n    at In[3]:3:19");
    expect(mapCellLines("Error: x\n    at f (/x/a.js:1:1)\n    at In[9]:4:31", cells)).toBe(
      "Error: x\n    at f (/x/a.js:1:1)\n    at In[9]:4:31",
    );
  });

  it("a one-line cell: every place in its JavaScript but the wrapper is on its line, the column where the text is", () => {
    const wrap = (body: string, prefix = "(function(exports, require) { ") =>
      `${prefix}Object.defineProperty(exports, "__esModule", { value: true });\n${body}\n\n})(__tslab__.exports, __tslab__.require)`;
    const cells = new Map([
      [2, { javascript: wrap('throw new RangeError("x");'), source: 'throw new RangeError("x")' }],
      [
        4,
        {
          javascript: wrap(
            'exports.tsLastExpr = await Promise.reject(new URIError("x"));',
            "(async function(exports, require) { ",
          ),
          source: 'await Promise.reject(new URIError("x"))',
        },
      ],
      [
        5,
        {
          javascript: wrap("let s = 0;\nexports.s = s;\nfor (let i = 0; i < 3; i++) {\n    s += f(i);\n}"),
          source: "let s = 0; for (let i = 0; i < 3; i++) { s += f(i) }",
        },
      ],
    ]);
    expect(mapCellLines("    at In[2]:2:7\n    at In[4]:2:43\n    at In[5]:5:10", cells)).toBe(
      "    at In[2]:1:7\n    at In[4]:1:22\n    at In[5]:1:47",
    );
  });

  it("a line without its semicolon, after an import, maps to the cell's line (the compiler adds the semicolon)", () => {
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      'const throwhelper_ts_1 = require("./throwhelper");',
      'Object.defineProperty(exports, "boom", { enumerable: true, get: function () { return throwhelper_ts_1.boom; } });',
      "const q = 1",
      "exports.q = q;",
      "exports.tsLastExpr = (0, throwhelper_ts_1.boom)();",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    const cells = new Map([[1, { javascript: js, source: 'import { boom } from "./throwhelper.ts";\nconst q = 1\n\nboom()' }]]);
    expect(mapCellLines("    at In[1]:6:48\n    at In[1]:4:11", cells)).toBe("    at In[1]:4:1\n    at In[1]:2:11");
  });

  it("a frame in a helper the cell imports names the helper's own file, line and column, not its compiled JavaScript", () => {
    const js = [
      'Object.defineProperty(exports, "__esModule", { value: true });',
      "exports.deep = deep;",
      "function deep(n) {",
      "    if (n > 0)",
      '        throw new RangeError("deep " + n);',
      "    return n;",
      "}",
    ].join("\n");
    const source = 'export function deep(n: number): number {\n  if (n > 0) throw new RangeError("deep " + n);\n  return n;\n}\n';
    const read = (file: string) => (file === "/nb/sub/deep.ts" ? source : undefined);
    const helper = helperCodeOf("/nb/sub/deep.js", js, read);
    expect(helper?.file).toBe("/nb/sub/deep.ts");
    const helpers = new Map([["/nb/sub/deep.js", helper as HelperCode]]);
    expect(
      mapCellLines("RangeError: deep 2\n    at deep (/nb/sub/deep.js:5:15)\n    at /nb/other.js:5:15", new Map(), helpers),
    ).toBe("RangeError: deep 2\n    at deep (/nb/sub/deep.ts:2:20)\n    at /nb/other.js:5:15");
    // a folder with a space in its name; a longer path ending in the helper's is another file
    const spaced = new Map([["/my nb/deep.js", { ...(helper as HelperCode), file: "/my nb/deep.ts" }]]);
    expect(mapCellLines("    at deep (/my nb/deep.js:5:15)\n    at /x/my nb/deep.js:5:15", new Map(), spaced)).toBe(
      "    at deep (/my nb/deep.ts:2:20)\n    at /x/my nb/deep.js:5:15",
    );
    // a helper whose source cannot be read is not known: its frames stay as Node wrote them
    expect(helperCodeOf("/nb/gone.js", js, () => undefined)).toBeUndefined();
  });

  it("statements of one line of the cell, which the compiler puts on lines of their own, map to that line", () => {
    const js = [
      '(function(exports, require) { Object.defineProperty(exports, "__esModule", { value: true });',
      "let s = 0;",
      "exports.s = s;",
      "for (const i of [1, 2]) {",
      "    s += i;",
      "    if (i === 2)",
      '        throw new Error("loop " + s);',
      "}",
      "f(s);",
      "",
      "})(__tslab__.exports, __tslab__.require)",
    ].join("\n");
    const source = 'let s = 0\nfor (const i of [1, 2]) { s += i; if (i === 2) throw new Error("loop " + s) }\nf(s)';
    const cells = new Map([[1, { javascript: js, source }]]);
    expect(mapCellLines("    at In[1]:7:15\n    at In[1]:9:1", cells)).toBe("    at In[1]:2:54\n    at In[1]:3:1");
  });

  it("a header whose line cannot be mapped drops the quoted JavaScript and caret; an unchanged line keeps its caret", () => {
    const cells = new Map([
      [1, { javascript: "xyz();\nuvw();", source: "abc();\ndef();" }],
      [2, { javascript: "if (a) {\n    b.call();\n}", source: "if (a) {\n  b.call();\n}" }],
    ]);
    expect(mapCellLines("In[1]:1\nxyz();\n^\n\nReferenceError: xyz is not defined", cells)).toBe(
      "In[1]:1\n\nReferenceError: xyz is not defined",
    );
    expect(mapCellLines("In[2]:2\n    b.call();\n      ^\n\nTypeError: b.call is not a function", cells)).toBe(
      "In[2]:2\n  b.call();\n    ^\n\nTypeError: b.call is not a function",
    );
  });
});
