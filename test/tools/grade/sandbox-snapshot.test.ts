import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../lib/tools/grade/grade-one";
import { createSandboxKernel } from "../../../lib/tools/grade/sandbox";
import { SNAPSHOT_INSIDE } from "../../../lib/tools/grade/sandbox-confine";
import { buildSandboxSnapshot, sandboxSnapshot, sandboxSnapshotDir } from "../../../lib/tools/grade/sandbox-snapshot";
import { tslabBin } from "../../../lib/tools/kernel/kernel-process";
import { snapshotRecord } from "../../../lib/tools/kernel/snapshot/record";
import type { ExecuteResult, KernelClient } from "../../../lib/tools/kernel/types";

// Graded kernels started from the sandbox's start-up snapshot: real bubblewrap, real tslab, a cache in a folder closed
// to other users (mode 700, as mktemp makes it), as a grader's private clone and cache are.
const limits = { memoryMb: 300, outputCapBytes: 5_000_000, diskMb: 16 };
const text = (r: ExecuteResult) =>
  r.outputs
    .map((o) =>
      o.output_type === "stream"
        ? String(o.text)
        : o.output_type === "error"
          ? `${String(o.ename)}: ${String(o.evalue)}`
          : JSON.stringify(o.data ?? {}),
    )
    .join("");

/** The project's node_modules the sandbox binds (tslab's), a real path. */
const projectNodeModules = () => {
  const tslab = realpathSync(tslabBin());
  return [tslab.slice(0, tslab.lastIndexOf("/node_modules/") + "/node_modules".length)];
};

describe("graded kernels from the sandbox snapshot", () => {
  let cache: string;
  let work: string;
  let snapshot: string;
  const kernels: KernelClient[] = [];
  const start = async (name: string) => {
    const k = await createSandboxKernel({ workDir: join(work, name), limits, slot: 5, packageRoot: packageRoot() });
    kernels.push(k);
    return k;
  };

  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), "dl4nlp-snapshot-cache-"));
    work = mkdtempSync(join(tmpdir(), "dl4nlp-snapshot-work-"));
    process.env.DL4NLP_KERNEL_CACHE = cache;
  });
  afterAll(async () => {
    for (const k of kernels) await k.shutdown().catch(() => {});
    delete process.env.DL4NLP_KERNEL_CACHE;
    rmSync(cache, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it("the first kernel starts the ordinary way and has the snapshot built in the background for the next ones", async () => {
    expect(sandboxSnapshot(packageRoot(), limits)).toBeUndefined();
    const k = await start("first");
    expect(text(await k.execute("process.execArgv.join(' ')"))).not.toContain("--snapshot-blob");
    for (let waited = 0; !sandboxSnapshot(packageRoot(), limits) && waited < 240_000; waited += 500) {
      await new Promise((r) => setTimeout(r, 500));
    }
    snapshot = String(sandboxSnapshot(packageRoot(), limits));
    expect(snapshot).toMatch(/\.blob$/);
  }, 300_000);

  it("is built into a private folder of the grader, the file readable but not writable by others", () => {
    expect(sandboxSnapshot(packageRoot(), limits)).toBe(snapshot);
    expect(statSync(dirname(snapshot)).mode & 0o077).toBe(0);
    expect(statSync(snapshot).mode & 0o777).toBe(0o644);
  });

  it("a kernel from it imports dl4nlp, type-checks, names a thrown error, and cannot change the snapshot", async () => {
    const k = await start("a");
    const from = await k.execute("process.execArgv.join(' ')");
    expect(text(from)).toContain("--snapshot-blob");
    const lib = await k.execute('import * as dl from "dl4nlp";\nconst n: number = dl.Tensor.name.length;\nconsole.log(n)');
    expect(lib.status).toBe("ok");
    expect(text(lib)).toBe("6\n");
    const typeError = await k.execute('const s: number = "text";');
    expect(typeError.status).toBe("error");
    expect(text(typeError)).toMatch(/not assignable to type 'number'/);
    await new Promise((r) => setTimeout(r, 400)); // tslab's abort window after an error
    const thrown = await k.execute('throw new RangeError("out of range")');
    expect(thrown.outputs.find((o) => o.output_type === "error")?.ename).toBe("RangeError");
    await new Promise((r) => setTimeout(r, 400));
    // the snapshot is bound alone at a fixed path: its host folder (the grader's home and cache) is not in the sandbox
    const attack = await k.execute(
      [
        'const fs = require("fs");',
        `for (const f of [${JSON.stringify(SNAPSHOT_INSIDE)}, ${JSON.stringify(`${SNAPSHOT_INSIDE}.size`)}, ${JSON.stringify(join(dirname(SNAPSHOT_INSIDE), "x.blob"))}, ${JSON.stringify(snapshot)}]) {`,
        '  try { fs.writeFileSync(f, "x"); console.log("WROTE", f); } catch (e: any) { console.log("refused", e.code); }',
        "}",
        `for (const d of [${JSON.stringify(dirname(SNAPSHOT_INSIDE))}, ${JSON.stringify(dirname(snapshot))}, ${JSON.stringify(dirname(dirname(snapshot)))}])`,
        '  try { console.log("listing", d, fs.readdirSync(d).join(",")); } catch (e: any) { console.log("no listing", d, e.code); }',
      ].join("\n"),
    );
    expect(text(attack)).not.toContain("WROTE");
    expect(text(attack)).toContain(`listing ${dirname(SNAPSHOT_INSIDE)} ${basename(SNAPSHOT_INSIDE)}\n`);
    expect(text(attack)).toContain(`no listing ${dirname(snapshot)} ENOENT\n`);
    expect(text(attack)).toContain(`no listing ${dirname(dirname(snapshot))} ENOENT\n`);
    // the whole view from inside: every path is one the kernel needs (or a folder above one), nothing else of the host
    await new Promise((r) => setTimeout(r, 400));
    const walk = await k.execute(
      [
        'const fsw = require("fs");',
        "const seen: string[] = [];",
        "const visit = (d: string) => {",
        "  let names: string[] = [];",
        "  try { names = fsw.readdirSync(d); } catch { return; }",
        "  for (const n of names) {",
        '    const p = d === "/" ? "/" + n : d + "/" + n;',
        "    seen.push(p);",
        '    if (!/^\\/(proc|usr|dev|sys)(\\/|$)/.test(p) && !p.endsWith("/node_modules") && fsw.lstatSync(p).isDirectory()) visit(p);',
        "  }",
        "};",
        'visit("/");',
        "console.log(JSON.stringify(seen));",
      ].join("\n"),
    );
    const needed = [
      ...["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/dev", "/tmp", "/var/tmp", "/home/student"],
      ...["/etc/ld.so.cache", "/etc/localtime", "/etc/nsswitch.conf", "/etc/ssl/openssl.cnf", SNAPSHOT_INSIDE],
      realpathSync(packageRoot()),
      ...projectNodeModules(),
      dirname(realpathSync(process.execPath)).startsWith("/usr/") ? "/usr" : dirname(dirname(realpathSync(process.execPath))),
      join(work, "a"), // the kernel's socket folder (below it), the grader's private temporary folder
    ];
    const allowed = (p: string) => needed.some((n) => p === n || p.startsWith(`${n}/`) || n.startsWith(`${p}/`));
    const seen = JSON.parse(text(walk)) as string[];
    expect(seen).toContain(SNAPSHOT_INSIDE);
    expect(seen.filter((p) => !allowed(p))).toEqual([]);
    expect(seen.filter((p) => p.startsWith("/root") || p.includes("/.cache") || p.startsWith(cache))).toEqual([]);
    // unchanged: its record (size and modification time) still matches it
    expect(readFileSync(`${snapshot}.size`, "utf8")).toBe(snapshotRecord(snapshot));
  }, 120_000);

  it("a corrupt snapshot (complete size, wrong bytes) gives an ordinary kernel and is removed", async () => {
    writeFileSync(snapshot, Buffer.alloc(statSync(snapshot).size, 7));
    const k = await start("b");
    const from = await k.execute("process.execArgv.join(' ')");
    expect(text(from)).not.toContain("--snapshot-blob");
    expect((await k.execute('import * as dl from "dl4nlp";\ndl.Tensor.name')).status).toBe("ok");
    expect(sandboxSnapshot(packageRoot(), limits)).toBeUndefined();
  }, 120_000);

  it("DL4NLP_KERNEL_CACHE=off turns it off", async () => {
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: "off" };
    expect(sandboxSnapshotDir(env)).toBeNull();
    expect(sandboxSnapshot(packageRoot(), limits, env)).toBeUndefined();
    expect((await buildSandboxSnapshot(packageRoot(), limits, { env })).file).toBeUndefined();
  });
});
