import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kernelLauncher } from "../../../lib/tools/kernel/kernel-process";
import { buildSnapshot, usableSnapshot } from "../../../lib/tools/kernel/snapshot";
import { notebookOf, root } from "./flood-notebooks";

/** One running process: its pid, start time (clock ticks since boot: tells a reused pid apart) and command line. */
interface Proc {
  pid: number;
  start: string;
  args: string;
}

/** Every process now: pid → parent pid and its identity, from /proc. */
function processes(): Map<number, Proc & { ppid: number }> {
  const out = new Map<number, Proc & { ppid: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      out.set(Number(name), { pid: Number(name), ppid: Number(fields[1]), start: fields[19], args });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The snapshot builder (snapshot/build.js and the node it runs under --build-snapshot): it runs no cell, ends by
 * itself and is meant to outlive the tool that started it (snapshot/index.ts: the build finishes and puts its cache
 * file in place), so it is no leftover.
 */
const isSnapshotBuild = (p: Proc) => /snapshot\/build\.js|--build-snapshot/.test(p.args);

/** The processes below `pid` (children, their children, …), the snapshot builder left out. */
function descendants(pid: number): Proc[] {
  const table = processes();
  const out: Proc[] = [];
  const walk = (parent: number) => {
    for (const p of table.values()) {
      if (p.ppid === parent && p.pid !== parent) {
        out.push(p);
        walk(p.pid);
      }
    }
  };
  walk(pid);
  return out.filter((p) => !isSnapshotBuild(p));
}

/** Those of `procs` still running (same pid and start time), and every process whose cwd or command line names `marker`. */
function survivors(procs: Proc[], marker: string): string[] {
  const table = processes();
  const left = new Set<string>();
  for (const p of procs) {
    const now = table.get(p.pid);
    if (now && now.start === p.start && !readFileSync(`/proc/${p.pid}/stat`, "utf8").includes(") Z ")) {
      left.add(`${p.pid} ${p.args}`);
    }
  }
  for (const p of table.values()) {
    let cwd = "";
    try {
      cwd = readlinkSync(`/proc/${p.pid}/cwd`);
    } catch {
      // not ours to read, or gone
    }
    if ((cwd.includes(marker) || p.args.includes(marker)) && p.pid !== process.pid && !isSnapshotBuild(p))
      left.add(`${p.pid} ${p.args}`);
  }
  return [...left];
}

/** The test folders, removed at the end. */
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
/** A new folder whose path names every process of one test (their working folder or arguments). */
function testFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `ready` every 200 ms until it holds or the tool has exited (then fails with its output). */
async function until(tool: ChildProcess, output: () => string, ready: () => boolean): Promise<void> {
  while (!ready()) {
    if (tool.exitCode !== null || tool.signalCode !== null) throw new Error(`the tool ended first:\n${output()}`);
    await sleep(200);
  }
}

/** Starts the built CLI `dl4nlp ARGS` in `cwd`, keeping its output for failure messages. */
function startTool(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const tool = spawn(process.execPath, [join(root, "lib/bin/dl4nlp.js"), ...args], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  tool.stdout?.on("data", (c: Buffer) => {
    text += c.toString();
  });
  tool.stderr?.on("data", (c: Buffer) => {
    text += c.toString();
  });
  return { tool, output: () => text };
}

/** SIGKILLs the tool (no exit handler runs) and waits up to 10 s for `procs` and the processes naming `marker` to end. */
async function killAndWait(tool: ChildProcess, procs: Proc[], marker: string): Promise<string[]> {
  tool.kill("SIGKILL");
  let left = survivors(procs, marker);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await sleep(200);
    left = survivors(procs, marker);
  }
  return left;
}

describe("no kernel outlives the dl4nlp tool that started it, even killed by SIGKILL", { timeout: 180_000 }, () => {
  it("dl4nlp run -j 2 (kernels started from the launcher script), killed during a busy-loop cell and during a long timer whose cell started a child process: kernels and the child end", async () => {
    const dir = testFolder("dl4nlp-orphan-run-");
    writeFileSync(
      join(dir, "busy.ipynb"),
      JSON.stringify(
        notebookOf([
          'require("fs").writeFileSync("busy.started", "");\nconst t0 = Date.now();\nwhile (Date.now() - t0 < 120000) {}',
        ]),
      ),
    );
    writeFileSync(
      join(dir, "timer.ipynb"),
      JSON.stringify(
        notebookOf([
          'require("child_process").spawn("sleep", ["300"], { cwd: ".", stdio: "ignore" });\nrequire("fs").writeFileSync("timer.started", "");\nawait new Promise((r) => setTimeout(r, 120000));',
        ]),
      ),
    );
    const env = { ...process.env, DL4NLP_KERNEL_CACHE: "off" };
    const { tool, output } = startTool(["run", "-j", "2", "-o", join(dir, "out"), "busy.ipynb", "timer.ipynb"], dir, env);
    await until(tool, output, () => existsSync(join(dir, "busy.started")) && existsSync(join(dir, "timer.started")));
    const procs = descendants(tool.pid as number);
    expect(procs.filter((p) => p.args.includes("kernel --config-path")).length, output()).toBe(2);
    expect(procs.some((p) => p.args === "sleep 300")).toBe(true);
    expect(await killAndWait(tool, procs, dir)).toEqual([]);
  });

  it("dl4nlp run with a kernel started from a start-up snapshot, killed during a busy-loop cell: the kernel ends", async () => {
    const dir = testFolder("dl4nlp-orphan-snapshot-");
    const options = { tslabBin: kernelLauncher(), cwd: dir, env: process.env };
    if (usableSnapshot(options) === null) {
      const built = await buildSnapshot(options);
      expect(built.file, built.log).not.toBeNull();
    }
    writeFileSync(
      join(dir, "busy.ipynb"),
      JSON.stringify(notebookOf(['require("fs").writeFileSync("busy.started", "");\nwhile (true) {}'])),
    );
    const { tool, output } = startTool(["run", "-o", join(dir, "out"), "busy.ipynb"], dir);
    await until(tool, output, () => existsSync(join(dir, "busy.started")));
    const procs = descendants(tool.pid as number);
    expect(procs.filter((p) => p.args.includes("--snapshot-blob")).length, output()).toBe(1);
    expect(await killAndWait(tool, procs, dir)).toEqual([]);
  });

  it("dl4nlp grade --jobs 2, killed while two sandboxed kernels run submissions with endless loops: launchers, bwrap and kernels end", async () => {
    const dir = testFolder("dl4nlp-orphan-grade-");
    const subs = join(dir, "subs");
    mkdirSync(subs);
    for (const name of ["a.ipynb", "b.ipynb"]) {
      copyFileSync(join(root, "test/fixtures/grading/class/infinite-loop.ipynb"), join(subs, name));
    }
    const key = join(root, "notebooks/assignments/03-softmax-cross-entropy.ipynb");
    const { tool, output } = startTool(["grade", "--key", key, subs, "--out", join(dir, "out"), "--jobs", "2"], dir);
    // the graded kernels: node processes below bwrap (graded-kernel.js, or a start-up snapshot of it)
    const isKernel = (p: Proc) => p.args.includes("kernel --config-path") && /^\S*node /.test(p.args);
    const kernels = () => descendants(tool.pid as number).filter((p) => isKernel(p) && !p.args.includes("sandbox-launcher"));
    await until(tool, output, () => kernels().length >= 2);
    // a moment for the kernels to reach the endless loop (killed earlier, they must end all the same)
    await sleep(3000);
    const procs = descendants(tool.pid as number);
    expect(procs.filter((p) => p.args.startsWith("bwrap")).length, output()).toBeGreaterThanOrEqual(2);
    expect(await killAndWait(tool, procs, dir)).toEqual([]);
  });
});
