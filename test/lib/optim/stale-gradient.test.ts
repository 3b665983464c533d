import { describe, expect, it } from "vitest";
import {
  Rng,
  Tensor,
  ad,
  adam,
  dense,
  fit as fitModel, // aliased: the linter takes a bare fit(...) call for Jasmine's focused test
  gradientIsStale,
  type input,
  momentum,
  param,
  sgd,
  softmaxCrossEntropy,
} from "../../../lib";

// The classic forgotten zero_grad: a parameter the last backward() did not reach still holds the gradient of an
// earlier one. Applying it again moves the weight by a gradient of weights it no longer has; fit clears gradients
// before every step, and an optimizer refuses such a gradient (naming the parameter, changing nothing).

describe("a gradient computed before the parameter's last update", () => {
  it("a manual loop whose second loss no longer uses a parameter: step names it and changes nothing", () => {
    for (const opt of [sgd({ lr: 0.1 }), momentum({ lr: 0.1 }), adam({ lr: 0.1 })]) {
      const w = param(Tensor.from([2]), "w");
      const v = param(Tensor.from([5]), "v");
      ad.mul(w, v).backward();
      opt.step([w, v]);
      expect(gradientIsStale(w)).toBe(true);
      ad.mul(v, v).backward(); // w not in this graph: its grad is the first one's
      const before = [w.value.item(), v.value.item()];
      expect(() => opt.step([w, v])).toThrow(
        `${opt.name}.step: the gradient of parameter "w" (1) was computed before its last update: the last backward() did not reach it`,
      );
      expect([w.value.item(), v.value.item()]).toEqual(before);
      w.grad = null; // the way out the message gives
      opt.step([w, v]);
      expect(w.value.item()).toBe(before[0]);
      expect(v.value.item()).not.toBe(before[1]);
    }
  });

  it("a fresh backward, a gradient set by hand, and stepping twice with a hand-set gradient are fine", () => {
    const w = param(Tensor.from([1, 2]), "w");
    ad.sum(ad.mul(w, w)).backward();
    expect(gradientIsStale(w)).toBe(false);
    const opt = sgd({ lr: 0.5 });
    opt.step([w]);
    ad.sum(ad.mul(w, w)).backward();
    opt.step([w]);
    expect(w.value.to2D()[0]).toEqual([0, 0]);
    w.grad = Tensor.from([1, 1]);
    opt.step([w]);
    opt.step([w]); // the user's own gradient: applied each time, as asked
    expect(w.value.to2D()[0]).toEqual([-1, -1]);
  });

  it("fit: a parameter with a gradient left from a backward before fit, unused by the forward, is named", () => {
    const layer = dense(3, 3, { rng: new Rng(1) });
    const extra = param(Tensor.from([[1, 2]]), "extra");
    ad.sum(ad.mul(extra, extra)).backward();
    const model = {
      forward: (x: ReturnType<typeof input>) => layer.forward(x),
      parameters: () => [...layer.parameters(), extra],
    };
    const x = Tensor.from(Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 7) / 7]));
    const y = Array.from({ length: 40 }, (_, i) => i % 3);
    expect(() =>
      fitModel(
        model,
        { x, y },
        { epochs: 3, batchSize: 8, optimizer: sgd({ lr: 0.1 }), loss: softmaxCrossEntropy(), rng: new Rng(2) },
      ),
    ).toThrow(/^fit: parameter 2 of the model, a Var "extra" \(param, 1×2\), got no gradient from the loss/);
    expect(extra.value.to2D()[0]).toEqual([1, 2]);
  });

  it("fit: a parameter the forward uses in the first batch only moves once, not at every later step", () => {
    const layer = dense(2, 2, { rng: new Rng(4) });
    const s = param(Tensor.from([[0.5]]), "s");
    const seen: number[] = [];
    const model = {
      // s scales the output of the epoch's first batch only; each forward records s as it is then
      forward: (x: ReturnType<typeof input>) => {
        const out = layer.forward(x);
        if (x.value.shape[0] !== 2) return out; // fit's look at the output width
        seen.push(s.value.item());
        return seen.length === 1 ? ad.mul(out, s) : out;
      },
      parameters: () => [...layer.parameters(), s],
    };
    const x = Tensor.from(Array.from({ length: 8 }, (_, i) => [Math.sin(i + 1), Math.cos(3 * i)]));
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const options = { epochs: 1, batchSize: 2, shuffle: false, optimizer: sgd({ lr: 0.5 }), loss: softmaxCrossEntropy() };
    fitModel(model, { x, y }, { ...options, metrics: [] });
    // batch 1 moved s; batches 2-4 did not use it, so it stays (an earlier gradient re-applied would move it 3 more times)
    expect(seen).toHaveLength(4);
    expect(seen[1]).not.toBe(0.5);
    expect(seen[2]).toBe(seen[1]);
    expect(seen[3]).toBe(seen[1]);
    expect(s.value.item()).toBe(seen[1]);
  });

  it("a parameter listed twice (tied weights, parameters() joined with itself) is updated once per step", () => {
    const x = Tensor.from(Array.from({ length: 12 }, (_, i) => [i / 12, (i % 3) / 3, 1]));
    const y = Array.from({ length: 12 }, (_, i) => i % 3);
    for (const make of [() => sgd({ lr: 0.1 }), () => adam({ lr: 0.1 }), () => momentum({ lr: 0.1 })]) {
      const twice = dense(3, 3, { rng: new Rng(1) });
      const once = dense(3, 3, { rng: new Rng(1) });
      const doubled = {
        forward: (v: ReturnType<typeof input>) => twice.forward(v),
        parameters: () => [...twice.parameters(), ...twice.parameters()],
      };
      const options = { epochs: 2, batchSize: 4, optimizer: make(), loss: softmaxCrossEntropy(), rng: new Rng(2) };
      fitModel(doubled, { x, y }, options);
      fitModel(once, { x, y }, { ...options, optimizer: make(), rng: new Rng(2) });
      expect(twice.parameters().map((p) => p.value.to2D())).toEqual(once.parameters().map((p) => p.value.to2D()));
    }
  });
});
