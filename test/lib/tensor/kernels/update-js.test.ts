import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Tensor, optimizers, param } from "../../../../lib";

// DL4NLP_WASM=0: the optimizers' updates stay in the JavaScript loops of lib/optim (the fallback where WebAssembly SIMD
// is missing), also for parameters large enough for the kernels of update.wat. The variable is read at the first
// step, and vitest runs each test file in its own process.
process.env.DL4NLP_WASM = "0";
const built =
  require("../../../../lib/dist/tensor/kernels/update-wasm") as typeof import("../../../../lib/tensor/kernels/update-wasm");

const values = (n: number, f: (i: number) => number) => Tensor.from(Array.from({ length: n }, (_, i) => f(i)));

describe("optimizer updates without WebAssembly (DL4NLP_WASM=0)", () => {
  it("the kernels are switched off", () => {
    expect(built.updateKernelMinimum()).toBeNull();
    expect(built.runUpdates([])).toBeNull();
  });
  it("SGD on 1,027 values is θ − η·g, value by value", () => {
    const w = param(values(1027, (i) => Math.sin(i)));
    const before = Array.from(w.value.data);
    w.grad = values(1027, (i) => Math.cos(i * 0.7));
    optimizers.sgd({ lr: 0.3 }).step([w]);
    expect(Array.from(w.value.data)).toEqual(before.map((t, i) => t - 0.3 * (w.grad as Tensor).data[i]));
  });
  it.each(Object.keys(optimizers))("%s takes three steps on 600 values; a NaN gradient then changes nothing", (name) => {
    const opt = optimizers[name as keyof typeof optimizers]({ lr: 0.01, weightDecay: 0.1 });
    const w = param(
      values(600, (i) => Math.sin(i)),
      "w",
    );
    for (let s = 0; s < 3; s++) {
      w.grad = values(600, (i) => Math.cos(i + s));
      opt.step([w]);
    }
    const after = Array.from(w.value.data);
    expect(after.every(Number.isFinite)).toBe(true);
    expect(after).not.toEqual(Array.from(values(600, (i) => Math.sin(i)).data));
    w.grad = values(600, (i) => (i === 599 ? Number.NaN : 1));
    expect(() => opt.step([w])).toThrow(
      /the gradient of parameter "w" \(600\) is NaN at flat index 599; no parameter was changed/,
    );
    expect(Array.from(w.value.data)).toEqual(after);
  });
  it("a runtime without WebAssembly at all (node --jitless) gives the kernels' results to the bit", () => {
    const run = (flags: string[]) => {
      const script = join(__dirname, "fixtures", "update-anywhere.cjs");
      const dist = join(__dirname, "..", "..", "..", "..", "lib", "dist");
      const { DL4NLP_WASM: _, ...env } = process.env; // not this file's switch: the runtime decides
      const r = spawnSync(process.execPath, [...flags, script, dist], { encoding: "utf8", timeout: 120_000, env });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { kernels: boolean; after: Record<string, number[][]> };
    };
    const without = run(["--jitless"]);
    const ordinary = run([]);
    expect([without.kernels, ordinary.kernels]).toEqual([false, true]);
    expect(Object.keys(ordinary.after)).toEqual(Object.keys(optimizers));
    expect(without.after).toEqual(ordinary.after);
  });
});
