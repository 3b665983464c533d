import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../lib/tools/grade/grade-one";
import { createSandboxKernel, SANDBOX_UID, sandboxCommand, sandboxSupport } from "../../../lib/tools/grade/sandbox";
import type { KernelClient } from "../../../lib/tools/kernel/types";

// The bubblewrap sandbox itself: a real tslab kernel started through the launcher, attacked from inside.
const root = join(__dirname, "..", "..", "..");
const text = (r: Awaited<ReturnType<KernelClient["execute"]>>) =>
  r.outputs.map((o) => (o.output_type === "stream" ? String(o.text) : `${String(o.ename)}: ${String(o.evalue)}`)).join("");

describe("the grading sandbox (bubblewrap, real kernel)", () => {
  let work: string;
  let kernel: KernelClient;
  const slot = 7;

  beforeAll(async () => {
    process.env.DL4NLP_TEST_SECRET = "s3cret-token";
    work = mkdtempSync(join(tmpdir(), "dl4nlp-sandbox-test-"));
    kernel = await createSandboxKernel({
      workDir: join(work, "k"),
      limits: { memoryMb: 200, outputCapBytes: 5_000_000, diskMb: 16 },
      slot,
      packageRoot: packageRoot(),
    });
  }, 120_000);
  afterAll(async () => {
    await kernel?.shutdown();
    rmSync(work, { recursive: true, force: true });
    delete process.env.DL4NLP_TEST_SECRET;
  });

  it("works on this machine", () => {
    expect(sandboxSupport(packageRoot())).toEqual({ works: true });
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

  it("runs as its own uid in its own PID namespace, with a heap limit and a clean environment", async () => {
    const r = await kernel.execute(
      'const v8 = require("v8");\nconsole.log(JSON.stringify([process.getuid(), process.pid, Math.round(v8.getHeapStatistics().heap_size_limit / 1048576), Object.keys(process.env).sort()]))',
      { timeoutMs: 30_000 },
    );
    const [uid, pid, heap, env] = JSON.parse(text(r));
    expect(uid).toBe(SANDBOX_UID + slot);
    expect(pid).toBeLessThan(10); // bwrap's init is 1, the kernel its child
    expect(heap).toBeGreaterThanOrEqual(200);
    expect(heap).toBeLessThan(300);
    expect(env).toEqual(["HOME", "LANG", "NODE_ENV", "PATH", "PWD", "TMPDIR"]);
  });

  it("sees no host file but the library: no /etc/shadow, no master notebooks, no tests, no home", async () => {
    const paths = [
      "/etc/shadow",
      "/etc/passwd",
      "/root",
      join(root, "notebooks"),
      join(root, "test"),
      join(root, "package.json"),
    ];
    const r = await kernel.execute(
      `const fs = require("fs");\nconsole.log(JSON.stringify(${JSON.stringify(paths)}.map((p: string) => fs.existsSync(p))))`,
      { timeoutMs: 30_000 },
    );
    expect(JSON.parse(text(r))).toEqual(paths.map(() => false));
  });

  it("kill(-1) and kill of a host pid reach nothing outside the sandbox", async () => {
    const victim = spawn("sleep", ["60"], { stdio: "ignore" });
    const r = await kernel.execute(
      `try { process.kill(${victim.pid}, "SIGKILL"); console.log("killed"); } catch (e: any) { console.log(e.code); }\ntry { process.kill(-1, "SIGKILL"); } catch (e: any) { console.log(e.code); }\nconsole.log("alive")`,
      { timeoutMs: 30_000 },
    );
    expect(text(r)).toContain("ESRCH");
    expect(text(r)).toContain("alive");
    expect(victim.exitCode).toBeNull();
    expect(() => process.kill(victim.pid as number, 0)).not.toThrow();
    victim.kill("SIGKILL");
  });

  it("/tmp, /var/tmp and /dev/shm are private and capped, and gone with the kernel", async () => {
    const r = await kernel.execute(
      `const fs = require("fs");\nfor (const d of ["/tmp", "/var/tmp", "/dev/shm", "."]) {\n  fs.writeFileSync(d + "/litter-dl4nlp.txt", "x");\n  try { fs.writeFileSync(d + "/big.bin", Buffer.alloc(20 * 1024 * 1024)); console.log(d, "wrote 20 MB"); } catch (e: any) { console.log(d, e.code); }\n}`,
      { timeoutMs: 30_000 },
    );
    expect(text(r).trim().split("\n").sort()).toEqual([". ENOSPC", "/dev/shm ENOSPC", "/tmp ENOSPC", "/var/tmp ENOSPC"].sort());
    for (const d of ["/tmp", "/var/tmp", "/dev/shm"]) expect(existsSync(join(d, "litter-dl4nlp.txt"))).toBe(false);
  });

  it("once shut down, its socket folder is gone and no process of its uid is left", async () => {
    await kernel.shutdown();
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(join(work, "k", "sockets"))).toBe(false);
    const uids = execFileSync("ps", ["-eo", "uid="], { encoding: "utf8" }).split("\n").map(Number);
    expect(uids).not.toContain(SANDBOX_UID + slot);
  });

  it("reads the project from a folder closed to other users (mode 700, as a private clone)", () => {
    const closed = mkdtempSync(join(tmpdir(), "dl4nlp-closed-"));
    try {
      const pkg = join(closed, "clone", "lib");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), '{"name":"probe"}');
      const argv = sandboxCommand({
        socketDir: join(closed, "sockets"),
        connectionFile: "/dev/null",
        limits: { memoryMb: 64, outputCapBytes: 0 },
        slot: 3,
        packageRoot: pkg,
      });
      mkdirSync(join(closed, "sockets"));
      const confine = argv
        .slice(0, argv.indexOf(process.execPath))
        .filter((a, i, all) => a !== "--info-fd" && all[i - 1] !== "--info-fd");
      const out = execFileSync(confine[0], [...confine.slice(1), "/bin/sh", "-c", `id -u; cat ${join(pkg, "package.json")}`], {
        encoding: "utf8",
      });
      expect(out).toContain('{"name":"probe"}');
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
