import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KernelClient } from "../../../lib/tools/kernel/types";
import { packageRoot } from "../../../lib/tools/grade/grade-one";
import { createSandboxKernel, sandboxSupport, sandboxUserCannotRead } from "../../../lib/tools/grade/sandbox";

// The sandbox itself, without the prelude (so the kernel may require net): a real tslab kernel started by the launcher.
const text = (r: Awaited<ReturnType<KernelClient["execute"]>>) =>
  r.outputs.map((o) => (o.output_type === "stream" ? String(o.text) : `${String(o.ename)}: ${String(o.evalue)}`)).join("");

describe("the grading sandbox (real kernel)", () => {
  const support = sandboxSupport();
  let work: string;
  let kernel: KernelClient;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dl4nlp-sandbox-test-"));
    const cwd = join(work, "work");
    mkdirSync(join(cwd, "node_modules"), { recursive: true });
    symlinkSync(packageRoot(), join(cwd, "node_modules", "dl4nlp"));
    if (support.dropUser) {
      chmodSync(work, 0o711);
      chownSync(cwd, 61099, 61099);
    }
    kernel = await createSandboxKernel({
      cwd,
      socketDir: join(work, "sockets"),
      limits: { memoryMb: 200, outputCapBytes: 5_000_000 },
      uid: 61099,
    });
  }, 120_000);
  afterAll(async () => {
    await kernel?.shutdown();
    rmSync(work, { recursive: true, force: true });
  });

  it("names a file the sandbox user cannot read, and why, instead of a kernel dying with MODULE_NOT_FOUND", () => {
    const closed = join(work, "closed");
    mkdirSync(closed, { mode: 0o700 });
    writeFileSync(join(closed, "tslab.js"), "");
    chmodSync(closed, 0o700);
    const problem = sandboxUserCannotRead(61098, [join(closed, "tslab.js")]);
    expect(problem).toContain(`uid 61098 and it cannot read ${join(closed, "tslab.js")}`);
    expect(problem).toContain("mode 700");
    chmodSync(closed, 0o755);
    expect(sandboxUserCannotRead(61097, [join(closed, "tslab.js")])).toBeNull();
    // and the real kernel's files are readable here, or the kernel above would not have started
    expect(sandboxUserCannotRead(61099)).toBeNull();
  });

  it("reports what it can confine here (this machine: root on Linux, all three)", () => {
    expect(support.notes).toEqual([]);
    expect(support).toMatchObject({ noNetwork: true, addressSpace: true, dropUser: true });
  });

  it("the kernel cannot reach a server on the host's 127.0.0.1", async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const r = await kernel.execute(
      `const net = require("net");\nawait new Promise((done) => { const s = net.connect(${port}, "127.0.0.1"); s.on("connect", () => { console.log("CONNECTED"); done(0); }); s.on("error", (e: any) => { console.log("refused:", e.code); done(0); }); });`,
      { timeoutMs: 30_000 },
    );
    server.close();
    expect(r.status).toBe("ok");
    expect(text(r)).toMatch(/^refused: E[A-Z]+/);
    expect(connections).toBe(0);
  });

  it("runs as its own uid with a heap and an address-space limit", async () => {
    const r = await kernel.execute(
      'const v8 = require("v8");\n[process.getuid(), Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)].join(" ")',
      { timeoutMs: 30_000 },
    );
    const [uid, heap] = text(r).trim().replace(/'/g, "").split(" ").map(Number);
    expect(uid).toBe(61099);
    expect(heap).toBeGreaterThanOrEqual(200);
    expect(heap).toBeLessThan(300);
    const big = await kernel.execute("const big = new Float64Array(600 * 1024 * 1024); big.length", { timeoutMs: 30_000 });
    expect(big.status === "error" || big.status === "dead").toBe(true);
  });
});
