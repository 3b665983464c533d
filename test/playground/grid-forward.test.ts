// The panel's pictures go through the network by a faster path than training (grid-forward.ts: reused buffers, a
// rational tanh). The pictures must still show the network's own outputs: each layer within 1e-4 of the library's
// exact layer on the same inputs, and the output within a colour level, for every activation the panel offers and
// for others.
import { describe, expect, it } from "vitest";
import { mlp } from "../../lib/nn/mlp";
import { GridForward, tanhPicture } from "../../lib/playground/grid-forward";
import { gridInputs, layerOutputs } from "../../lib/playground/grid";
import { ACTIVATIONS, OUTPUTS } from "../../lib/playground/settings";
import { Rng } from "../../lib/tensor/rng";

const maxDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe("the pictures' forward pass (GridForward)", () => {
  it("tanhPicture is within 1e-4 of Math.tanh everywhere, odd, and saturates without passing ±1", () => {
    let worst = 0;
    const broken: number[] = [];
    for (let z = -40; z <= 40; z += 1e-3) {
      const t = tanhPicture(z);
      worst = Math.max(worst, Math.abs(t - Math.tanh(z)));
      if (Math.abs(t) > 1 || tanhPicture(-z) !== -t) broken.push(z);
    }
    expect(broken).toEqual([]);
    expect(worst).toBeLessThan(1e-4);
    expect(tanhPicture(Number.POSITIVE_INFINITY)).toBeCloseTo(1, 5);
    expect(tanhPicture(Number.NEGATIVE_INFINITY)).toBeCloseTo(-1, 5);
  });

  const outputActivations = [...new Set(Object.values(OUTPUTS).map((o) => o.activation))];
  const cases = [
    ...ACTIVATIONS.flatMap((hidden) => outputActivations.map((out) => ({ hidden, out, sizes: [2, 8, 8, 1] }))),
    { hidden: "softplus", out: "sigmoid", sizes: [2, 5, 1] },
    { hidden: "leakyRelu", out: "identity", sizes: [2, 3, 3, 3, 3] },
    { hidden: "tanh", out: "identity", sizes: [2, 1] },
  ];
  for (const { hidden, out, sizes } of cases) {
    it(`every layer within 1e-4 of layerOutputs: ${sizes.join("-")}, ${hidden} hidden, ${out} output`, () => {
      const net = mlp(sizes, {
        activations: [...sizes.slice(2).map(() => hidden), out],
        init: "xavier",
        rng: new Rng(7),
      });
      const X = gridInputs({ x0: -4, x1: 4, y0: -3, y1: 5 }, 37);
      const forward = new GridForward(X);
      // with the start weights, the output (what the boundary shows) is within one colour level (2/255) of exact
      const exactStart = layerOutputs(net, X);
      const fastStart = forward.run(net);
      expect(fastStart.map((t) => t.shape)).toEqual(exactStart.map((t) => t.shape));
      expect(maxDiff(fastStart.at(-1)!.data, exactStart.at(-1)!.data)).toBeLessThan(1 / 255);
      // large weights, so that tanh and sigmoid saturate somewhere: each layer, given the same inputs, within 1e-4
      for (const layer of net.layers) for (let i = 0; i < layer.W.value.size; i++) layer.W.value.data[i] *= 3;
      const fast = forward.run(net);
      const exact = layerOutputs(net, X);
      expect(fast.length).toBe(exact.length);
      let input = X;
      for (const [l, layer] of net.layers.entries()) {
        const [one] = layerOutputs({ layers: [layer] }, input);
        expect(maxDiff(fast[l].data, one.data)).toBeLessThan(1e-4);
        input = fast[l];
      }
      // the next frame reuses the same buffers and follows the weights
      const buffers = fast.map((t) => t.data);
      net.layers[0].W.value.data[0] += 1;
      const again = forward.run(net);
      expect(again.map((t) => t.data)).toEqual(buffers);
      expect(maxDiff(again[0].data, layerOutputs(net, X)[0].data)).toBeLessThan(1e-4);
      expect(maxDiff(again[0].data, exact[0].data)).toBeGreaterThan(0);
    });
  }

  it("a network whose layer widths do not chain is refused with the layer named", () => {
    const net = mlp([3, 4, 1], { rng: new Rng(1) });
    expect(() => new GridForward(gridInputs({ x0: 0, x1: 1, y0: 0, y1: 1 }, 4)).run(net)).toThrow(
      /layer 1 takes 3 inputs.*gives 2/,
    );
  });
});
