import { describe, expect, it } from "vitest";
import { Rng, type Tensor, ad, checkVarGradients, randomNormal, randomUniform } from "../../../lib";

// Every ad op's backward checked against central differences: one line per op.
const rng = new Rng(2024);
const m = (r: number, c: number): Tensor => randomNormal([r, c], rng);
const pos = (r: number, c: number): Tensor => randomUniform([r, c], rng, 0.5, 2);
const TOL = 1e-7;
const check = (build: Parameters<typeof checkVarGradients>[0], inputs: Tensor[], h?: number) =>
  checkVarGradients(build, inputs, { h }).maxRelError;

describe("gradients of the ad ops match central differences", () => {
  it("add, same shapes / row / column / scalar broadcast", () => {
    expect(check((a, b) => ad.add(a, b), [m(3, 4), m(3, 4)])).toBeLessThan(TOL);
    expect(check((a, b) => ad.add(a, b), [m(3, 4), m(1, 4)])).toBeLessThan(TOL);
    expect(check((a, b) => ad.add(a, b), [m(3, 1), m(3, 4)])).toBeLessThan(TOL);
    expect(check((a, b) => ad.add(a, b), [m(3, 4), m(1, 1)])).toBeLessThan(TOL);
  });
  it("sub with broadcasting", () => expect(check((a, b) => ad.sub(a, b), [m(3, 4), m(1, 4)])).toBeLessThan(TOL));
  it("mul with broadcasting", () => expect(check((a, b) => ad.mul(a, b), [m(3, 4), m(3, 1)])).toBeLessThan(TOL));
  it("div with broadcasting", () => expect(check((a, b) => ad.div(a, b), [m(3, 4), pos(1, 4)])).toBeLessThan(TOL));
  it("neg", () => expect(check((a) => ad.neg(a), [m(2, 3)])).toBeLessThan(TOL));
  it("scale", () => expect(check((a) => ad.scale(a, -2.5), [m(2, 3)])).toBeLessThan(TOL));
  it("matmul", () => expect(check((a, b) => ad.matmul(a, b), [m(5, 3), m(3, 4)])).toBeLessThan(TOL));
  // matmul is linear in each input, so a larger step costs no truncation error and cuts the rounding error
  // of the 189-term weighted loss
  it("matmul on the blocked kernel path", () =>
    expect(check((a, b) => ad.matmul(a, b), [m(9, 30), m(30, 21)], 1e-3)).toBeLessThan(TOL));
  it("matmul of a matrix and a vector", () =>
    expect(check((a, b) => ad.matmul(a, ad.reshape(b, [3])), [m(2, 3), m(3, 1)])).toBeLessThan(TOL));
  it("transpose", () => expect(check((a) => ad.transpose(a), [m(2, 5)])).toBeLessThan(TOL));
  it("addBias", () => expect(check((x, b) => ad.addBias(x, b), [m(6, 3), m(1, 3)])).toBeLessThan(TOL));
  it("linear (X·W + b in one node)", () =>
    expect(check((x, w, b) => ad.linear(x, w, b), [m(6, 3), m(3, 5), m(1, 5)])).toBeLessThan(TOL));
  it("sum, all and per axis", () => {
    expect(check((a) => ad.sum(a), [m(3, 4)])).toBeLessThan(TOL);
    expect(check((a) => ad.sum(a, 0), [m(3, 4)])).toBeLessThan(TOL);
    expect(check((a) => ad.sum(a, 1), [m(3, 4)])).toBeLessThan(TOL);
  });
  it("mean, all and per axis", () => {
    expect(check((a) => ad.mean(a), [m(3, 4)])).toBeLessThan(TOL);
    expect(check((a) => ad.mean(a, 0), [m(3, 4)])).toBeLessThan(TOL);
    expect(check((a) => ad.mean(a, 1), [m(3, 4)])).toBeLessThan(TOL);
  });
  it("exp", () => expect(check((a) => ad.exp(a), [m(3, 3)])).toBeLessThan(TOL));
  it("log", () => expect(check((a) => ad.log(a), [pos(3, 3)])).toBeLessThan(TOL));
  it("pow", () => expect(check((a) => ad.pow(a, 3), [pos(3, 3)])).toBeLessThan(TOL));
  it("pow with a fractional exponent", () => expect(check((a) => ad.pow(a, 0.5), [pos(3, 3)])).toBeLessThan(TOL));
  it("square", () => expect(check((a) => ad.square(a), [m(3, 3)])).toBeLessThan(TOL));
  it("map (tanh with its derivative from the output)", () =>
    expect(check((a) => ad.map(a, Math.tanh, (_, y) => 1 - y * y, "tanh"), [m(4, 3)])).toBeLessThan(TOL));
  it("reshape", () => expect(check((a) => ad.reshape(a, [2, 6]), [m(3, 4)])).toBeLessThan(TOL));
  it("a two-layer network with a shared weight and a squared-error loss", () =>
    expect(
      check(
        (x, W1, b1, W2) => {
          const h = ad.map(ad.addBias(ad.matmul(x, W1), b1), Math.tanh, (_, y) => 1 - y * y, "tanh");
          const out = ad.matmul(h, W2);
          return ad.add(ad.mean(ad.square(ad.sub(out, 1))), ad.sum(ad.square(W1)));
        },
        [m(5, 3), m(3, 4), m(1, 4), m(4, 2)],
      ),
    ).toBeLessThan(TOL));
});

describe("ad op errors", () => {
  it("addBias names both shapes", () => {
    expect(() => ad.addBias(m(2, 3), m(1, 4))).toThrow("addBias: X (2×3) + b (1×4): b must be a 1×3 row for an m×n X");
  });
  it("matmul and add pass the tensor errors through", () => {
    expect(() => ad.matmul(m(2, 3), m(4, 5))).toThrow("matmul: (2×3)·(4×5): inner dimensions 3 and 4 differ");
    expect(() => ad.add(m(2, 3), m(2, 2))).toThrow("add: shapes 2×3 and 2×2 cannot be broadcast");
  });
  it("reshape names the value counts", () => {
    expect(() => ad.reshape(m(2, 3), [4, 2])).toThrow("reshape: 2×3 has 6 values, shape 4×2 needs 8");
  });
});
