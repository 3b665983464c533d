import { describe, expect, it } from "vitest";
import { SlideCheckError, Tensor, erratum, slideCheck } from "../../../lib";

describe("slideCheck", () => {
  it('returns the record with text "0.70 on the slide, 0.704746 here"', () => {
    const c = slideCheck("y", 0.7, 0.7047456979980911);
    expect(c).toMatchObject({ label: "y", slide: [0.7], exact: [0.7047456979980911], ok: true, tol: 0.005 });
    expect(c.text).toBe("y: 0.70 on the slide, 0.704746 here ✓");
  });
  it("throws a SlideCheckError naming both values when |slide − exact| > tol", () => {
    let caught: unknown;
    try {
      slideCheck("z", 0.8, 0.87);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SlideCheckError);
    expect((caught as Error).name).toBe("SlideCheckError");
    expect((caught as Error).message).toBe("slide check failed: z: 0.80 on the slide, 0.87 here ✗ (off by 0.07 > 0.005)");
    expect(() => slideCheck("z", 0.8, 0.87, { tol: 0.1 })).not.toThrow();
  });
  it("compares arrays, nested arrays and tensors element-wise; the boundary |d| = tol passes", () => {
    expect(slideCheck("v", [0.5, 1.5, 3], Tensor.from([0.5, 1.5, 3])).ok).toBe(true);
    const m = slideCheck(
      "M",
      [
        [0, -1],
        [1, 0],
      ],
      Tensor.from([
        [0, -1],
        [1, 0.004],
      ]),
    );
    expect(m.text).toBe("M: [[0, -1], [1, 0]] on the slide, [[0, -1], [1, 0.004]] here ✓");
    expect(slideCheck("edge", 0.25, 0.255).ok).toBe(true);
    expect(() => slideCheck("v", [1, 2], [1, 2.1])).toThrow(/off by 0.1 /);
  });
  it("a shape mismatch is an error naming both shapes; NaN never passes", () => {
    expect(() => slideCheck("W", [[1, 2]], Tensor.from([1, 2, 3]))).toThrow(
      /W": the slide value has shape 1×2 but the computed value has shape 3/,
    );
    expect(() => slideCheck("n", 1, Number.NaN)).toThrow(SlideCheckError);
  });
});

describe("erratum", () => {
  it("records slide, wrong formula and correct value, and shows both", () => {
    const e = erratum("J", 0.74, 1.729929, "log base 10", { reproducedBy: 0.742609 });
    expect(e).toMatchObject({ slide: [0.74], reproduced: [0.742609], correct: [1.729929], explanation: "log base 10" });
    expect(e.text).toBe("J: 0.74 on the slide (its formula gives 0.742609), correct 1.729929: log base 10");
  });
  it("fails when the slide value is NOT what the wrong formula gives", () => {
    expect(() => erratum("J", 0.74, 1.729929, "log base 10", { reproducedBy: 0.751299 })).toThrow(
      /the slide's 0.74 is NOT what its formula gives \(0.751299, off by 0.011299 > 0.005\)/,
    );
  });
  it("fails when the slide agrees with the correct value: then it is no erratum", () => {
    expect(() => erratum("y", 0.7, 0.704746, "none")).toThrow(/not an erratum/);
  });
});
