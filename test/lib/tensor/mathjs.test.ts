import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Tensor, fromMathjs, toLatex, toMathjs } from "../../../lib";

describe("mathjs converters", () => {
  it("round-trips a matrix through a mathjs DenseMatrix", () => {
    const t = Tensor.from([
      [1, -2.5],
      [3, 4],
    ]);
    const m = toMathjs(t);
    // biome-ignore lint/suspicious/noExplicitAny: checking the real mathjs object
    expect((m as any).size()).toEqual([2, 2]);
    // biome-ignore lint/suspicious/noExplicitAny: mathjs itself multiplies, as a cross-check of the values
    const math = require("mathjs") as any;
    expect(math.multiply(m, m).valueOf()).toEqual([
      [-6.5, -12.5],
      [15, 8.5],
    ]);
    expect(fromMathjs(math.inv(m)).shape).toEqual([2, 2]);
    expect(fromMathjs(m as never).toArray()).toEqual(t.toArray());
    expect(fromMathjs([1, 2]).toArray()).toEqual([1, 2]);
    expect(() => fromMathjs(math.matrix([[math.complex(1, 2)]]))).toThrow(/only real numbers/);
  });
  it("prints LaTeX of a matrix, a vector (as a column) and a scalar, rounded", () => {
    expect(
      toLatex(
        Tensor.from([
          [0.704746, -1],
          [2, 3],
        ]),
        { digits: 2 },
      ),
    ).toBe("\\begin{bmatrix}0.7&-1\\\\2&3\\end{bmatrix}");
    expect(toLatex(Tensor.from([0.5, 0.25]))).toBe("\\begin{bmatrix}0.5\\\\0.25\\end{bmatrix}");
    expect(toLatex(Tensor.from(0.123456))).toBe("0.1235");
  });
  it('`import "dl4nlp"` does not load mathjs; toLatex loads it on first call', () => {
    const script = `
      const d = require("dl4nlp");
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("node_modules/mathjs"));
      const before = loaded();
      d.toLatex(d.Tensor.from([[1, 2]]));
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ before: false, after: true });
  });
});
