import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { convertGraderCell, graderCellExpression } from "../../../lib/tools/grade/grader-cells";
import { callSource, preludeSource } from "../../../lib/tools/grade/kernel-prelude";

// The grader's own cells skip tslab's compile in a graded kernel (grader-cells.ts): what they get must be exactly
// what tslab's own converter makes of them, after any earlier declarations, and no student cell may take that path.
const root = join(__dirname, "..", "..", "..");
const tslab = createRequire(join(root, "package.json"))("tslab/dist/converter.js") as {
  createConverter(o: { isJS: boolean }): { convert(prev: string, src: string): Record<string, unknown>; close(): void };
};
const converter = tslab.createConverter({ isJS: false });
afterAll(() => converter.close());

/** tslab's conversion, in the fields a conversion of ours sets. */
function tslabConversion(prevDecl: string, src: string) {
  const c = converter.convert(prevDecl, src);
  return {
    output: c.output,
    declOutput: c.declOutput,
    diagnostics: c.diagnostics,
    hasToplevelAwait: c.hasToplevelAwait,
    lastExpressionVar: c.lastExpressionVar,
  };
}

/** Declarations as a student's earlier cells leave them (tslab's declOutput after those cells). */
function declarationsAfter(cells: string[]): string {
  let decl = "";
  for (const cell of cells) decl = String(converter.convert(decl, cell).declOutput ?? "");
  return decl;
}

const oracle = `__dl4nlp_${"0123456789abcdef".repeat(2)}`;
const studentCells = [
  "interface Point { x: number; y: number }\n",
  "function softmaxOf(z: number[]): number[] { const m = Math.max(...z); return z.map((v) => Math.exp(v - m)); }\n",
  "const table = new Map<string, number[]>([['a', [1, 2]]]);\nlet count = 3;\n",
];

describe("the grader's cells in a graded kernel", () => {
  it("the prelude of a fresh kernel converts as tslab converts it", () => {
    const src = preludeSource(oracle, 10_000_000);
    expect(convertGraderCell("", src)).toEqual(tslabConversion("", src));
  });

  it("a call cell after a student's declarations converts as tslab converts it, declarations kept", () => {
    const decl = declarationsAfter(studentCells);
    expect(decl).toContain("softmaxOf");
    const src = callSource(oracle, "00ff00ff00ff00ff00ff00ff", {
      gets: ["softmaxOf", "table"],
      calls: [{ name: "softmaxOf", args: [{ t: "array", items: [1, 2, 3] }] as never }],
    });
    expect(convertGraderCell(decl, src)).toEqual(tslabConversion(decl, src));
  });

  it("call cells whose requests hold quotes, backslashes, line breaks and non-ASCII text convert as tslab converts them", () => {
    const decl = declarationsAfter(studentCells.slice(0, 2));
    const names = ['a"b', "back\\slash", "line\nbreak\r\n", "Möller ✓ \u2028 \u2029 \u0000", "</script>", "$" + "{x}`"];
    for (const name of names) {
      const src = callSource(oracle, "abcdef012345abcdef012345", { gets: [name], calls: [{ name, args: [] }] });
      expect(graderCellExpression(src), name).toBeDefined();
      expect(convertGraderCell(decl, src), name).toEqual(tslabConversion(decl, src));
    }
  });

  it("a student's cell never takes the grader's path, however close to the grader's shapes", () => {
    const cells = [
      '(0, eval)("this");\nconst a = 1;\n',
      '(0, eval)("a" + "b");\n',
      '(0, eval)("x")\n',
      '(0, eval)("x");',
      '(0, eval)("x"); (0, eval)("y");\n',
      '(0, eval)("this")["f"].calls("n", "{}"); globalThis.x = 1;\n',
      '(0, eval)("this")["f"].calls("n", "{}", "extra");\n',
      '(0, eval)("this")[name].calls("n", "{}");\n',
      "(0, eval)(`this`);\n",
      "(0, eval)('this');\n",
      '(0, eval)("unterminated);\n',
      '(0, eval)("a\\");\n',
      '(0, eval)("line\nbreak");\n',
      'eval("this");\n',
      '(0, eval)("x") as any;\n',
      'declare global { function eval(x: string): number }\n(0, eval)("x");\n',
      "function softmaxOf(z: number[]) { return z; }\n",
    ];
    for (const src of cells) {
      expect(graderCellExpression(src), src).toBeUndefined();
      expect(convertGraderCell("", src), src).toBeUndefined();
    }
  });
});
