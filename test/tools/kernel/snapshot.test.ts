import { chmodSync, closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kernelLauncher } from "../../../lib/tools/kernel/kernel-process";
import { buildSnapshot, snapshotDir, tslabNodeArgs, usableSnapshot } from "../../../lib/tools/kernel/snapshot";
import { createZmqKernel } from "../../../lib/tools/kernel/zmq-client";

// Kernels started from a tslab start-up snapshot (lib/tools/kernel/snapshot) against kernels started the ordinary
// way: the same outputs and the same TypeScript errors, and a cache that is only used when it is this user's.
const root = join(__dirname, "..", "..", "..");
const notebooks = join(root, "notebooks");
let cache: string;

beforeAll(() => {
  cache = mkdtempSync(join(tmpdir(), "dl4nlp-snapshot-test-"));
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const cells = [
  'import { Tensor, matmul } from "dl4nlp"; matmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])).data[0]',
  'const s: string = "typed"; console.log(s.toUpperCase()); [1, 2, 3].map((x) => x * 2)',
  "process.argv.length >= 2 && typeof require('node:fs').readFileSync",
  // stack traces as in a fresh kernel: a snapshot once left Error.stackTraceLimit undefined, so a thrown error had no
  // frames and its reply lost ename and evalue ("Uncaught", "[RangeError: bad shape]")
  "Error.stackTraceLimit",
  "throw new RangeError('bad shape')",
  "const n: string = 3", // a type error (tslab skips the cells after an error)
];

/** An output, with an error output reduced to its name and value (its frames name the kernel's own files). */
function comparable(o: unknown): unknown {
  const out = o as { output_type?: string; ename?: string; evalue?: string };
  return out.output_type === "error" ? { output_type: "error", ename: out.ename, evalue: out.evalue } : o;
}

async function outputsOf(env: NodeJS.ProcessEnv): Promise<unknown[]> {
  const kernel = await createZmqKernel({ cwd: notebooks, env: { ...process.env, ...env }, startTimeoutMs: 120_000 });
  try {
    const out = [];
    for (const code of cells) {
      const r = await kernel.execute(code, { timeoutMs: 120_000 });
      out.push({ status: r.status, outputs: r.outputs.map(comparable) });
      if (r.status === "error") await new Promise((done) => setTimeout(done, 300)); // tslab's 200 ms abort window
    }
    return out;
  } finally {
    await kernel.shutdown();
  }
}

describe("tslab start-up snapshot", () => {
  it("a kernel from the snapshot gives the outputs and type errors of a kernel started the ordinary way", async () => {
    const options = { tslabBin: kernelLauncher(), cwd: notebooks, env: { ...process.env, DL4NLP_KERNEL_CACHE: cache } };
    const built = await buildSnapshot(options);
    expect(built.file, built.log).not.toBeNull();
    expect(tslabNodeArgs({ ...options, build: false })).toEqual(["--snapshot-blob", built.file]);
    const fromSnapshot = await outputsOf({ DL4NLP_KERNEL_CACHE: cache });
    const ordinary = await outputsOf({ DL4NLP_KERNEL_CACHE: "off" });
    expect(fromSnapshot).toEqual(ordinary);
    expect(JSON.stringify(ordinary)).toContain("not assignable to type 'string'");
    expect(JSON.stringify(ordinary)).toContain("TYPED");
    expect(ordinary[4]).toEqual({
      status: "error",
      outputs: [{ output_type: "error", ename: "RangeError", evalue: "bad shape" }],
    });

    // the same snapshot in a folder that others can write, or with a size record that does not match: not used
    chmodSync(cache, 0o777);
    expect(usableSnapshot(options)).toBeNull();
    chmodSync(cache, 0o700);
    expect(usableSnapshot(options)).toBe(built.file);
    // bytes changed in place, the size the same (a disk or a copy gone wrong): V8 would abort every kernel started from
    // it on its checksum ("Check failed: VerifyChecksum(blob)"), for good; not used, and a new build replaces it
    const fd = openSync(built.file as string, "r+");
    writeSync(fd, Buffer.alloc(4096, 0x55), 0, 4096, 1 << 20);
    closeSync(fd);
    expect(usableSnapshot(options)).toBeNull();
    expect(tslabNodeArgs({ ...options, build: false })).toEqual([kernelLauncher()]);
    writeFileSync(`${built.file}.size`, "123");
    expect(usableSnapshot(options)).toBeNull();
  }, 300_000);

  it("DL4NLP_KERNEL_CACHE=off: no snapshot, nothing built", () => {
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: "off" };
    expect(snapshotDir(env)).toBeNull();
    expect(tslabNodeArgs({ tslabBin: kernelLauncher(), cwd: notebooks, env })).toEqual([kernelLauncher()]);
  });

  it("a read-only cache (a kernel in the grading sandbox) is never written", async () => {
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: join(cache, "ro"), DL4NLP_KERNEL_CACHE_READONLY: "1" };
    const r = await buildSnapshot({ tslabBin: kernelLauncher(), cwd: notebooks, env });
    expect(r.file).toBeNull();
    expect(tslabNodeArgs({ tslabBin: kernelLauncher(), cwd: notebooks, env })).toEqual([kernelLauncher()]);
  });

  it("any program other than tslab's own bin script (the sandbox launcher) is started as it is", () => {
    const other = join(cache, "launcher.js");
    writeFileSync(other, "");
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: cache };
    expect(tslabNodeArgs({ tslabBin: other, cwd: notebooks, env })).toEqual([other]);
  });
});
