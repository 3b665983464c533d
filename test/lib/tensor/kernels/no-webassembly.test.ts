import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// A runtime without WebAssembly at all (node --jitless; some locked-down browsers and embedded runtimes): the library
// must load and compute on its JavaScript kernels. Importing it once threw "ReferenceError: WebAssembly is not
// defined" from the check for fused multiply-adds.
interface Run {
  wasm: boolean;
  products: number[][];
  losses: Record<string, number[]>;
}

function run(flags: string[]): Run {
  const script = join(__dirname, "fixtures", "train-anywhere.cjs");
  const lib = join(__dirname, "..", "..", "..", "..", "lib", "dist", "index.js");
  const r = spawnSync(process.execPath, [...flags, script, lib], { encoding: "utf8", timeout: 120_000, maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Run;
}

function expectClose(actual: number[], expected: number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const tol = rel * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`value ${i}: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`);
  }
}

describe("a runtime without WebAssembly (node --jitless)", () => {
  it("loads the library, multiplies and trains on the JavaScript kernels: the same numbers as with WebAssembly to 1e-12", () => {
    const without = run(["--jitless"]);
    const ordinary = run([]);
    expect(without.wasm).toBe(false);
    expect(ordinary.wasm).toBe(true);
    for (const [i, p] of without.products.entries()) expectClose(p, ordinary.products[i], 1e-12);
    for (const name of Object.keys(ordinary.losses)) {
      expect(without.losses[name].every(Number.isFinite)).toBe(true);
      expectClose(without.losses[name], ordinary.losses[name], 1e-12);
    }
  }, 240_000);
});
