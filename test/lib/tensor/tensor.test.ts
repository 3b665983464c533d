import { inspect } from "node:util";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { Dense, fromArray, input, mlp, param, Rng, Tensor, Var } from "../../../lib";

describe("Tensor", () => {
  it("builds a matrix from nested arrays, row-major", () => {
    const a = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.get(1, 0)).toBe(4);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("rejects ragged arrays naming the short row and the row it is compared with", () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(
      new RangeError("Tensor.from: ragged array: [1] has 1 value, [0] has 2 (every row needs the same length)"),
    );
  });
  it("prints NaN, ±Infinity and tiny values as they are when debugging a failed computation (JSON would show null and 0)", () => {
    expect(String(Tensor.from([[Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300]]))).toBe(
      "Tensor(1×5) [[NaN,Infinity,-Infinity,0,1e-300]]",
    );
    expect(
      `${Tensor.from([
        [0.1234567, -2.5],
        [1e6, 3],
      ])}`,
    ).toBe("Tensor(2×2) [[0.123457,-2.5],[1000000,3]]");
  });
});

describe("Rng", () => {
  it("is reproducible for a seed", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect([a.uniform(), a.normal()]).toEqual([b.uniform(), b.normal()]);
  });
});

describe("Tensor.version", () => {
  it("counts in-place changes, shared with reshaped views, and stays out of printing, JSON and equality", () => {
    const t = Tensor.from([
      [1, 2],
      [3, 4],
    ]);
    const view = t.reshape([4]);
    expect([t.version, view.version]).toEqual([0, 0]);
    view.setInPlace(9, 0);
    t.bumpVersion();
    expect([t.version, view.version]).toEqual([2, 2]);
    expect(JSON.parse(JSON.stringify(t))).toEqual({ shape: [2, 2], data: { 0: 9, 1: 2, 2: 3, 3: 4 } });
    expect(t).toEqual(
      Tensor.from([
        [9, 2],
        [3, 4],
      ]),
    );
    expect(inspect(t)).toBe("Tensor { shape: [ 2, 2 ], data: Float64Array(4) [ 9, 2, 3, 4 ] }");
  });
});

describe("Tensor.from and the other makers of tensors, given what a student passes by mistake", () => {
  const from = Tensor.from as (v: unknown) => Tensor;
  it.each([
    ["null", null, "got null"],
    ["undefined", undefined, "got undefined"],
    ["a string", "1, 2", 'got "1, 2" (a string)'],
    ["an object", { x: [1] }, "got an object { x }"],
    ["a boolean", true, "got true (a boolean)"],
  ])("Tensor.from(%s) is a TypeError naming it, not Node's 'reading length'", (_, value, text) => {
    expect(() => from(value)).toThrow(TypeError);
    expect(() => from(value)).toThrow(
      new RegExp(
        `^Tensor\\.from: values must be a number or \\(nested\\) arrays of numbers, .*${text.replace(/[()[\]{}]/g, "\\$&")}$`,
      ),
    );
  });

  it("Tensor.from(a Tensor) points to clone(), Tensor.from(a Var) to .value", () => {
    const t = Tensor.from([1, 2]);
    expect(() => from(t)).toThrow(/got a Tensor of shape 2 \(t\.clone\(\) copies a Tensor\)$/);
    expect(() => from(param(t, "w"))).toThrow(/got a Var "w" \(param, 2\) \(its \.value is the Tensor\)$/);
  });

  it("a typed array is a vector, nested typed arrays are rows, and the values are copied", () => {
    const f = new Float64Array([1, 2]);
    const t = Tensor.from(f);
    expect(t.shape).toEqual([2]);
    f[0] = 9;
    expect(Array.from(t.data)).toEqual([1, 2]);
    expect(Tensor.from(new Int32Array([3, 4, 5])).toArray()).toEqual([3, 4, 5]);
    expect(Tensor.from([new Float32Array([1, 2]), new Float32Array([3, 4])]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("strings among the numbers are named with their place, at every depth", () => {
    expect(() => from([["1", "2"]])).toThrow(new TypeError('Tensor.from: expected numbers, got "1" (a string) at [0][0]'));
    expect(() => from([1, "2"])).toThrow(new TypeError('Tensor.from: expected numbers, got "2" (a string) at [1]'));
    expect(() =>
      from([
        [1, 2],
        [3, null],
      ]),
    ).toThrow(new TypeError("Tensor.from: expected numbers, got null at [1][1]"));
    expect(() => from([[[1], [2n]]])).toThrow(new TypeError("Tensor.from: expected numbers, got 2n (a bigint) at [0][1][0]"));
  });

  it("ragged rows: a longer row, a number where a row goes, a row where a number goes, a ragged third level", () => {
    expect(() => from([[1], [2, 3]])).toThrow("Tensor.from: ragged array: [1] has 2 values, [0] has 1");
    expect(() => from([[1, 2], 3])).toThrow("Tensor.from: ragged array: [1] is 3, [0] is an array of 2 values");
    expect(() => from([1, [2]])).toThrow("Tensor.from: expected numbers, got [2] (an array of 1 number) at [1]");
    expect(() => from([[[1, 2]], [[3]]])).toThrow("Tensor.from: ragged array: [1][0] has 1 value, [0][0] has 2");
    expect(() => from([[], [1]])).toThrow("Tensor.from: ragged array: [1] has 1 value, [0] has 0");
  });

  it("NaN and ±Infinity are values like any other; empty arrays give an empty shape", () => {
    expect(Tensor.from([Number.NaN, Number.POSITIVE_INFINITY]).toArray()).toEqual([Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Tensor.from(Number.NaN).shape).toEqual([]);
    expect(Tensor.from([]).shape).toEqual([0]);
    expect(Tensor.from([[], []]).shape).toEqual([2, 0]);
  });

  it("new Tensor with a shape that is no array, or data that is no Float64Array, names the way out", () => {
    const make = (shape: unknown, data?: unknown) => new Tensor(shape as number[], data as Float64Array);
    expect(() => make(null)).toThrow(/^Tensor: shape must be an array of sizes, e\.g\. \[2, 3\], got null$/);
    expect(() => make([2], [1, 2])).toThrow(
      /^Tensor: data must be a Float64Array, got \[1, 2\] \(an array of 2 numbers\) \(Tensor\.from\(values\)/,
    );
    expect(() => make([2], new Float32Array(2))).toThrow(/got a Float32Array of 2 values/);
  });

  it("a Float64Array or nested arrays made in another realm (the grader's test realm) are taken as they are", () => {
    const data = runInNewContext("new Float64Array([1, 2])");
    expect(new Tensor([2], data).toArray()).toEqual([1, 2]);
    expect(Tensor.from(runInNewContext("[[1, 2], [3, 4]]")).shape).toEqual([2, 2]);
    expect(Tensor.from(data).toArray()).toEqual([1, 2]);
  });

  it("fromArray names a string by its index and a count that does not fit the shape", () => {
    expect(() => fromArray([2], [1, "2"] as never)).toThrow(
      new TypeError('fromArray: values must be numbers, got "2" (a string) at [1]'),
    );
    expect(() => fromArray([2, 2], [1, 2, 3])).toThrow(new RangeError("fromArray: shape 2×2 needs 4 values, got 3"));
    expect(() => fromArray([2], null as never)).toThrow(/^fromArray: values must be an array of numbers, got null$/);
    expect(fromArray([2], new Float64Array([1, 2])).toArray()).toEqual([1, 2]);
  });

  it("reshape to a shape of another size names both sizes as reshape, not as the Tensor constructor", () => {
    expect(() => Tensor.from([1, 2, 3, 4]).reshape([3])).toThrow(
      new RangeError("reshape: a tensor of shape 4 (4 values) cannot take shape 3 (3 values)"),
    );
    expect(() => Tensor.from([1, 2]).reshape(null as never)).toThrow(/^reshape: shape must be an array of sizes/);
  });

  it("param and input given rows, null or a Var, and new Var over an array, name the function and the way out", () => {
    expect(() => param([[1, 2]] as never, "w")).toThrow(
      /^param: value must be a Tensor, got an array of 1 row \(Tensor\.from\(values\) makes a Tensor of an array\)$/,
    );
    expect(() => input(null as never)).toThrow(/^input: value must be a Tensor, got null$/);
    expect(() => param(param(Tensor.from([1]), "v") as never)).toThrow(/^param: value must be a Tensor, got a Var "v" .*\.value/);
    expect(() => param(Tensor.from([1]), 3 as never)).toThrow(/^param: label must be a string, got 3$/);
    expect(() => new Var([1] as never, "param")).toThrow(/^Var: value must be a Tensor, got \[1\]/);
  });

  it("a layer's weights set from ragged or string rows are named as the function called names them", () => {
    const net = mlp([2, 1], { init: "zeros" });
    expect(() => net.setWeights(0, [[1], [2, 3]], [0])).toThrow(
      /^MLP\.setWeights \(layer 0\): row 1 of W has 2 values, row 0 has 1$/,
    );
    expect(() => net.setWeights(0, [[1], ["2"]] as never, [0])).toThrow(
      /^MLP\.setWeights \(layer 0\): W\[1\]\[0\] is "2" \(a string\)/,
    );
    expect(() => net.setWeights(0, [[1], [2]], ["0"] as never)).toThrow(
      /^MLP\.setWeights \(layer 0\): expected numbers, got "0" \(a string\) at b\[0\]$/,
    );
    expect(() => net.layers[0].setWeightsInPlace(null as never, [0])).toThrow(
      /^Dense\.setWeightsInPlace: W must be a Tensor or rows/,
    );
    expect(() => new Dense([[1]] as never, Tensor.from([0]))).toThrow(/^Dense: W must be a Tensor, got an array of 1 row/);
  });
});
