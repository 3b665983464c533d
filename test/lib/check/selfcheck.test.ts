import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  SelfCheckError,
  Tensor,
  answerOf,
  checkClose,
  checkEqual,
  checkThat,
  expectForm,
  expectFunction,
  notImplemented,
  selfCheck,
} from "../../../lib";

/** The message a failing check throws (and fails the test if it does not throw a SelfCheckError). */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SelfCheckError);
    return (err as Error).message;
  }
  throw new Error("the check passed");
}

describe("checkClose rejects non-answers with what was expected", () => {
  it.each([
    ["NaN, the placeholder", Number.NaN, /x is NaN \(still the placeholder.*expected a finite number/],
    ["Infinity", Number.POSITIVE_INFINITY, /x is Infinity: expected a finite number/],
    ["-Infinity", Number.NEGATIVE_INFINITY, /x is -Infinity: expected a finite number/],
    ["undefined", undefined, /x is undefined .*expected a finite number/],
    ["null", null, /x is null: expected a finite number/],
    ["a string", "0.76", /x is a string \("0.76"\): expected a finite number/],
    ["an array for a number", [0.76], /x is an array of 1 value: expected a finite number/],
    ["a boolean", true, /x is the boolean true: expected a finite number/],
  ])("a scalar answer that is %s", (_what, answer, message) => {
    expect(failure(() => checkClose("x", answer, 0.761594))).toMatch(message);
  });

  it.each([
    ["empty", [], /v is an empty array: expected an array of 3 numbers/],
    ["too short", [1, 2], /v is an array of 2 values: expected an array of 3 numbers/],
    ["too long", [1, 2, 3, 4], /v is an array of 4 values: expected an array of 3 numbers/],
    ["holding NaN", [1, Number.NaN, 3], /v\[1\] is NaN .*expected a finite number/],
    ["holding Infinity", [1, 2, Number.POSITIVE_INFINITY], /v\[2\] is Infinity: expected a finite number/],
    ["holding a string", [1, "2", 3], /v\[1\] is a string \("2"\): expected a number/],
    ["a number", 3, /v is the number 3: expected an array of 3 numbers/],
    ["a Tensor of the wrong size", Tensor.from([1, 2]), /v is a Tensor of shape 2: expected an array of 3 numbers/],
  ])("a vector answer that is %s", (_what, answer, message) => {
    expect(failure(() => checkClose("v", answer, [1, 2, 3]))).toMatch(message);
  });

  it.each([
    ["with a short row", [[1, 2], [3]], /M\[1\] is an array of 1 value: expected a row of 2 numbers/],
    ["with too few rows", [[1, 2]], /M is an array of 1 row .*expected 2 rows of 2 numbers/],
    ["flat", [1, 2, 3, 4], /M is an array of 4 values: expected 2 rows of 2 numbers/],
    ["a Tensor of the transposed shape", Tensor.from([[1, 2, 3, 4]]), /M is a Tensor of shape 1×4: expected 2 rows of 2 numbers/],
    [
      "holding NaN",
      [
        [1, 2],
        [3, Number.NaN],
      ],
      /M\[1\]\[1\] is NaN/,
    ],
  ])("a matrix answer %s", (_what, answer, message) => {
    expect(
      failure(() =>
        checkClose("M", answer, [
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toMatch(message);
  });

  it("says which value is off and by how much, or hides the expected value when asked", () => {
    expect(failure(() => checkClose("v", [1, 2.5, 3], [1, 2, 3]))).toBe(
      "not yet: v is [1, 2.5, 3], expected [1, 2, 3] (v[1] is off by 0.5)",
    );
    const hidden = failure(() => checkClose("w", [1, 2.5], [1, 2], { reveal: false, hint: "try again" }));
    expect(hidden).toBe("not yet: w[1] = 2.5 is not right. try again");
    expect(hidden).not.toContain("2]");
  });

  it("accepts right answers within the tolerance, as numbers, arrays, rows and Tensors", () => {
    expect(checkClose("x", 0.7615941559557649, Math.tanh(1))).toEqual([0.7615941559557649]);
    expect(checkClose("v", [1, 2 + 1e-12, 3], [1, 2, 3])).toEqual([1, 2 + 1e-12, 3]);
    expect(
      checkClose(
        "M",
        Tensor.from([
          [1, 2],
          [3, 4],
        ]),
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toEqual([1, 2, 3, 4]);
    expect(checkClose("col", Tensor.from([[1], [2], [3]]), [1, 2, 3])).toEqual([1, 2, 3]);
    expect(checkClose("x", 0.5004, 0.5, { tol: 1e-3 })).toEqual([0.5004]);
  });
});

describe("checkEqual", () => {
  it("rejects wrong types, NaN, wrong lengths and wrong values", () => {
    expect(failure(() => checkEqual("n", "13", 13))).toMatch(/n is a string \("13"\): expected a number/);
    expect(failure(() => checkEqual("n", Number.NaN, 13))).toMatch(/n is NaN/);
    expect(failure(() => checkEqual("n", 12, 13))).toBe("not yet: n is 12, expected 13");
    expect(failure(() => checkEqual("loss", ["mse"], ["mse", "bce"]))).toMatch(
      /loss is an array of 1 value: expected an array of 2 strings/,
    );
    expect(failure(() => checkEqual("loss", [], ["mse", "bce"]))).toMatch(/loss is an empty array/);
    expect(failure(() => checkEqual("loss", ["mse", "hinge"], ["mse", "bce"], { reveal: false }))).toBe(
      'not yet: loss[1] = "hinge" is not right',
    );
    expect(() => checkEqual("n", 13, 13)).not.toThrow();
  });
});

describe("selfCheck", () => {
  it("prints ✓ and the title on success, and returns nothing (a notebook would echo it twice)", () => {
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(...args);
    try {
      expect(selfCheck("tanh unit", () => "tanh(0.87) = 0.701")).toBeUndefined();
    } finally {
      console.log = log;
    }
    expect(printed).toEqual(["✓ tanh unit: tanh(0.87) = 0.701"]);
  });

  it("throws ✗ and the title with the reason, also for an error of the student's code or a stub", () => {
    expect(failure(() => selfCheck("softmax", () => String(checkClose("p", [], [0.5, 0.5]))))).toBe(
      "✗ softmax: p is an empty array: expected an array of 2 numbers",
    );
    const stub = (): number[] => notImplemented("mySoftmax");
    expect(failure(() => selfCheck("softmax", () => String(stub())))).toMatch(/^✗ softmax: mySoftmax is not written yet/);
    const broken = (v: unknown) => (v as number[]).map((x) => x);
    expect(failure(() => selfCheck("step", () => String(answerOf("myStep(3)", () => broken(3)))))).toMatch(
      /^✗ step: myStep\(3\) threw TypeError: .*map is not a function/,
    );
    const odd = () => {
      checkThat(false, "the output must be odd");
      return "";
    };
    expect(failure(() => selfCheck("odd", odd))).toBe("✗ odd: not yet: the output must be odd");
  });

  it("prints as its message alone where Node inspects it (tslab's console.error of a failed cell)", () => {
    const err = new SelfCheckError("✗ xnor: not yet: f is [0, 1, 1, 0], expected [1, 0, 0, 1]");
    expect(inspect(err)).toBe("✗ xnor: not yet: f is [0, 1, 1, 0], expected [1, 0, 0, 1]");
  });
});

describe("expectForm and expectFunction", () => {
  it("checks forms and arities", () => {
    expect(expectForm("x", [1, 2], [2])).toEqual([1, 2]);
    expect(failure(() => expectFunction("f", 3))).toBe("f is the number 3: expected a function");
    expect(failure(() => expectFunction("f", (a: number) => a, 2))).toMatch(/f takes 1 argument\(s\): expected a function of 2/);
    expect(expectFunction<(a: number) => number>("f", (a: number) => a + 1, 1)(1)).toBe(2);
  });
});
