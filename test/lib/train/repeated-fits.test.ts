import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// A student re-runs a training cell 100 times in one kernel: resident memory must level off, not grow with every fit
// (the kernels' WebAssembly memories, shared with helper threads for large products, are let go and replaced rather
// than kept or grown). Run in a child process with --expose-gc, so each sample is taken after a full collection.
const root = join(__dirname, "..", "..", "..");

interface Sample {
  fit: number;
  rss: number;
  external: number;
  heap: number;
}

describe("100 repeated fits in one process", () => {
  for (const threads of ["2"]) {
    it(`memory levels off (DL4NLP_THREADS=${threads})`, () => {
      const r = spawnSync(
        process.execPath,
        ["--expose-gc", join(__dirname, "fixtures", "repeated-fits.cjs"), join(root, "lib", "dist", "index.js")],
        { encoding: "utf8", env: { ...process.env, DL4NLP_THREADS: threads }, timeout: 300_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      const samples = JSON.parse(r.stdout.trim().split("\n").pop() as string) as Sample[];
      expect(samples.map((s) => s.fit)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      const early = Math.max(...samples.slice(0, 3).map((s) => s.rss));
      const late = Math.max(...samples.slice(-3).map((s) => s.rss));
      // a leak of one product's memory per ten fits grew by ~450 MB here; the bound allows swings of kernel memory
      expect(late - early, JSON.stringify(samples)).toBeLessThan(100);
      const earlyExternal = Math.max(...samples.slice(0, 3).map((s) => s.external));
      const lateExternal = Math.max(...samples.slice(-3).map((s) => s.external));
      expect(lateExternal - earlyExternal, JSON.stringify(samples)).toBeLessThan(70);
      expect(samples[9].heap - samples[1].heap).toBeLessThan(20);
    }, 300_000);
  }
});
