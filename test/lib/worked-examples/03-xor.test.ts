import { describe, expect, it } from "vitest";
import { Tensor, augment, logicTable, matmul, mlp, relu, slideCheck, trainPerceptron } from "../../../lib";
import { expectClose } from "./close";

describe('slides "The XOR Problem": truth tables and the perceptron', () => {
  it("AND, OR and XOR truth tables as on the slide", () => {
    expect(logicTable("and").y).toEqual([0, 0, 0, 1]);
    expect(logicTable("or").y).toEqual([0, 1, 1, 1]);
    expect(logicTable("xor").y).toEqual([0, 1, 1, 0]);
  });
  it("a perceptron learns AND and OR, and on XOR has an update in every epoch up to the cap", () => {
    const pm = (v: number[]) => v.map((c) => (c ? 1 : -1));
    for (const fn of ["and", "or"] as const) {
      expect(trainPerceptron(augment(logicTable(fn).X), pm(logicTable(fn).y), { lr: 1 }).converged).toBe(true);
    }
    const xor = trainPerceptron(augment(logicTable("xor").X), pm(logicTable("xor").y), { lr: 1, maxEpochs: 500 });
    expect(xor.converged).toBe(false);
    for (let e = 1; e <= 500; e++) expect(xor.trace.some((s) => s.epoch === e && s.updated)).toBe(true);
  });
});

describe('slide "Solving XOR": W = [[1,1],[1,1]], c = [0,−1], w = [1,−2], b = 0, in design matrix form', () => {
  const X = augment(logicTable("xor").X); // [[1,0,0],[1,0,1],[1,1,0],[1,1,1]]
  const Waug = Tensor.from([
    [0, -1],
    [1, 1],
    [1, 1],
  ]);
  it("XW = [[0,−1],[1,0],[1,0],[2,1]]", () => {
    expect(X.toArray()).toEqual([
      [1, 0, 0],
      [1, 0, 1],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    const XW = matmul(X, Waug);
    expectClose(
      XW,
      [
        [0, -1],
        [1, 0],
        [1, 0],
        [2, 1],
      ],
      1e-12,
    );
    expect(
      slideCheck(
        "XW",
        [
          [0, -1],
          [1, 0],
          [1, 0],
          [2, 1],
        ],
        XW,
      ).ok,
    ).toBe(true);
  });
  it("H' = max(0, XW) = [[0,0],[1,0],[1,0],[2,1]]: the hidden space, where a line separates the classes", () => {
    const Hp = relu(matmul(X, Waug));
    expectClose(
      Hp,
      [
        [0, 0],
        [1, 0],
        [1, 0],
        [2, 1],
      ],
      1e-12,
    );
  });
  it("H = [1 | H'], w_aug = [0, 1, −2], Hw = [0, 1, 1, 0] = XOR", () => {
    const H = augment(relu(matmul(X, Waug)));
    expectClose(
      H,
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 0],
        [1, 2, 1],
      ],
      1e-12,
    );
    const Hw = matmul(H, Tensor.from([[0], [1], [-2]]));
    expectClose(Hw, [0, 1, 1, 0], 1e-12);
  });
  it("the same network as an MLP with hand-set weights computes XOR", () => {
    const net = mlp([2, 2, 1], { activations: ["relu", "identity"], init: "zeros" });
    net.setWeights(
      0,
      [
        [1, 1],
        [1, 1],
      ],
      [0, -1],
    );
    net.setWeights(1, [[1], [-2]], [0]);
    expectClose(net.predict(logicTable("xor").X), [0, 1, 1, 0], 1e-12);
  });
});
