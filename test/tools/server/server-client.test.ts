import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerKernel } from "../../../lib/tools/kernel/server-client";
import { serverKernelFactory } from "../../../lib/tools/kernel/server-factory";
import type { ExecuteResult, KernelClient } from "../../../lib/tools/kernel/types";
import { validateNotebook } from "../../../lib/tools/nbformat/validate";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { type RunningServer, runningKernels, startJupyterServer } from "../../helpers/jupyter";

const ROOT = join(__dirname, "..", "..", "..");
const FIXTURE = join(ROOT, "test", "fixtures", "notebooks", "server-cells.ipynb");

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
}

const src = (c: Cell) => (Array.isArray(c.source) ? c.source.join("") : c.source);
const text = (o: unknown) => {
  const t = (o as { text?: string | string[] }).text;
  return Array.isArray(t) ? t.join("") : (t ?? "");
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Each test starts real kernels (and Jupyter) as subprocesses: on a loaded 2-core machine that takes tens of seconds.
describe("createServerKernel against a real `jupyter server` on 127.0.0.1", { timeout: 180_000 }, () => {
  let tmp: string;
  let server: RunningServer;
  const clients: KernelClient[] = [];

  async function connect(extra: Partial<Parameters<typeof createServerKernel>[0]> = {}): Promise<KernelClient> {
    const k = await createServerKernel({ baseUrl: server.url, token: server.token, kernelName: "dl4nlp", ...extra });
    clients.push(k);
    return k;
  }

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "dl4nlp-server-"));
    const prefix = join(tmp, "prefix");
    const install = (await import("node:child_process")).spawnSync(
      process.execPath,
      [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"],
      { encoding: "utf8" },
    );
    if (install.status !== 0) throw new Error(`kernel-setup/install.mjs failed: ${install.stderr}`);
    const rootDir = join(tmp, "root");
    mkdirSync(join(rootDir, "course"), { recursive: true });
    cpSync(FIXTURE, join(rootDir, "course", "server-cells.ipynb"));
    server = await startJupyterServer(rootDir, {
      JUPYTER_PATH: join(prefix, "share", "jupyter"),
      JUPYTER_DATA_DIR: join(tmp, "data"),
      JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
      JUPYTER_CONFIG_DIR: join(tmp, "config"),
    });
  });

  afterAll(async () => {
    for (const k of clients) await k.shutdown();
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("runs the fixture notebook's cells in the notebook's folder: stdout, display_data, a RangeError as an error output, state kept", async () => {
    const kernel = await connect({ cwd: "course/server-cells.ipynb" });
    expect(kernel.info).toEqual({ implementation: "tslab", languageName: "typescript", protocolVersion: "5.3" });
    const cells = (JSON.parse(readFileSync(FIXTURE, "utf8")).cells as Cell[]).filter((c) => c.cell_type === "code");
    const results: ExecuteResult[] = [];
    for (const cell of cells) {
      const r = await kernel.execute(src(cell));
      results.push(r);
      if (r.status === "error") await pause(300); // tslab's abort window, as the runner waits it out
    }
    expect(results.map((r) => r.status)).toEqual(["ok", "ok", "ok", "error", "ok"]);
    expect(results.map((r) => r.executionCount)).toEqual([1, 2, 3, 4, 5]);
    expect(results[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "1,4,9\n" }]);
    expect(results[1].outputs).toEqual([
      { output_type: "display_data", data: { "text/html": "<b>from the server</b>" }, metadata: {} },
    ]);
    expect(text(results[2].outputs[0]).trim()).toBe(join(tmp, "root", "course"));
    expect(results[3].outputs).toHaveLength(1);
    expect(results[3].outputs[0]).toMatchObject({
      output_type: "error",
      ename: "RangeError",
      evalue: "index 7 out of range for length 3",
    });
    expect(results[4].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "still there: 3\n" }]);
  });

  it("a TypeScript type error is an error output named TSError; a cell sent inside tslab's abort window is aborted", async () => {
    const kernel = await connect();
    const bad = await kernel.execute("const s: string = 5;");
    expect(bad.status).toBe("error");
    expect(bad.outputs[0]).toMatchObject({ output_type: "error", ename: "TSError" });
    expect((bad.outputs[0] as { evalue: string }).evalue).toContain("Type 'number' is not assignable to type 'string'");
    const aborted = await kernel.execute("1 + 1");
    expect(aborted).toMatchObject({ status: "abort", executionCount: null, outputs: [] });
  });

  it("an infinite loop past its timeout is interrupted through the REST API; the kernel survives with its state", async () => {
    const kernel = await connect();
    expect((await kernel.execute("let kept = 41;")).status).toBe("ok");
    const r = await kernel.execute("while (true) {}", { timeoutMs: 1000 });
    expect(r.status).toBe("timeout");
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
    expect(r.outputs.map((o) => (o as { ename?: string }).ename)).toEqual(["Error", "CellTimeoutError"]);
    expect((r.outputs[0] as { evalue: string }).evalue).toContain("interrupted by `SIGINT`");
    expect((r.outputs[1] as { evalue: string }).evalue).toBe(
      "Cell execution timed out after 1000 ms; the kernel was interrupted.",
    );
    await pause(300);
    const after = await kernel.execute("console.log(kept + 1)");
    expect(after.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "42\n" }]);
  });

  it("a cell that ignores the interrupt (blocked in spawnSync of a child that traps SIGINT): the kernel is shut down on the server", async () => {
    const kernel = await connect({ graceMs: 1000 });
    const id = (await runningKernels(server)).slice(-1)[0];
    const r = await kernel.execute(`require("child_process").spawnSync("sh", ["-c", "trap '' INT; sleep 30"]);`, {
      timeoutMs: 1000,
    });
    expect(r.status).toBe("timeout");
    expect(r.outputs).toEqual([
      {
        output_type: "error",
        ename: "CellTimeoutError",
        evalue: "Cell execution timed out after 1000 ms; the interrupt did not stop it, so the kernel was killed.",
        traceback: [
          "CellTimeoutError: Cell execution timed out after 1000 ms; the interrupt did not stop it, so the kernel was killed.",
        ],
      },
    ]);
    const death = await kernel.died;
    expect(death.reason).toContain("ran past its 1000 ms timeout and ignored the interrupt");
    expect((await kernel.execute("1")).status).toBe("dead");
    for (let i = 0; i < 40 && (await runningKernels(server)).includes(id); i++) await pause(250);
    expect(await runningKernels(server)).not.toContain(id);
  });

  it("process.exit in a cell: status dead with a DeadKernelError output, `died` resolves, later cells are dead", async () => {
    const kernel = await connect();
    const r = await kernel.execute("console.log('bye'); process.exit(3);");
    expect(r.status).toBe("dead");
    const last = r.outputs[r.outputs.length - 1] as { ename: string; evalue: string };
    expect(last.ename).toBe("DeadKernelError");
    expect(last.evalue).toContain("the Jupyter server restarted it (its state is lost)");
    expect((await kernel.died).reason).toContain("restarted it");
    expect(await kernel.execute("1")).toMatchObject({ status: "dead", outputs: [] });
  });

  it("clear errors for a wrong token, an unknown kernel name and a bad URL", async () => {
    await expect(createServerKernel({ baseUrl: server.url, token: "wrong", kernelName: "dl4nlp" })).rejects.toThrow(
      /refused the token \(HTTP 403(: '_xsrf' argument missing from POST)?\): check --token/, // jupyter server's own words
    );
    await expect(createServerKernel({ baseUrl: server.url, token: server.token, kernelName: "no-such-kernel" })).rejects.toThrow(
      /could not start kernel "no-such-kernel" \(HTTP \d+; its kernelspecs: .*dl4nlp/,
    );
    await expect(createServerKernel({ baseUrl: "ftp://example.org/", kernelName: "dl4nlp" })).rejects.toThrow(/not an http/);
    await expect(createServerKernel({ baseUrl: "127.0.0.1:8888", kernelName: "dl4nlp" })).rejects.toThrow(
      /not a URL|not an http/,
    );
  });

  it("shutdown() deletes each kernel on the server and is idempotent (URL given as the server prints it, ?token=T)", async () => {
    const before = await runningKernels(server);
    const kernel = await createServerKernel({ baseUrl: `${server.url}?token=${server.token}`, kernelName: "dl4nlp" });
    clients.push(kernel);
    const mine = (await runningKernels(server)).filter((id) => !before.includes(id));
    expect(mine).toHaveLength(1);
    await kernel.shutdown();
    await kernel.shutdown();
    expect(await runningKernels(server)).not.toContain(mine[0]);
    for (const k of clients) await k.shutdown();
    expect(await runningKernels(server)).toEqual([]);
  });

  it("serverKernelFactory: a local notebook folder below rootDir becomes the kernel's working folder on the server", async () => {
    const factory = serverKernelFactory({ baseUrl: server.url, token: server.token, rootDir: join(tmp, "root") });
    const inCourse = await factory({ kernelName: "dl4nlp", cwd: join(tmp, "root", "course") });
    clients.push(inCourse);
    const outside = await factory({ kernelName: "dl4nlp", cwd: tmpdir() });
    clients.push(outside);
    expect(text((await inCourse.execute("console.log(process.cwd())")).outputs[0]).trim()).toBe(join(tmp, "root", "course"));
    expect(text((await outside.execute("console.log(process.cwd())")).outputs[0]).trim()).toBe(join(tmp, "root"));
    await inCourse.shutdown();
    await outside.shutdown();
  });

  it("the runner's executeNotebook with serverKernelFactory: the fixture passes (raises-exception cell expected), valid nbformat", async () => {
    const nb = JSON.parse(readFileSync(FIXTURE, "utf8"));
    const result = await executeNotebook(nb, {
      path: FIXTURE,
      cwd: join(tmp, "root", "course"),
      kernelFactory: serverKernelFactory({ baseUrl: server.url, token: server.token, rootDir: join(tmp, "root") }),
      timing: true,
    });
    expect(result.status, result.message).toBe("passed");
    expect(result.cells.map((c) => c.status)).toEqual(["skipped", "ok", "ok", "ok", "expected-error", "ok"]);
    expect(result.cells.map((c) => c.executionCount)).toEqual([null, 1, 2, 3, 4, 5]);
    expect(result.cells[4].error).toEqual({ ename: "RangeError", evalue: "index 7 out of range for length 3" });
    const executed = result.notebook as { cells: { outputs?: unknown[]; metadata: { execution?: Record<string, string> } }[] };
    expect(text(executed.cells[3].outputs?.[0]).trim()).toBe(join(tmp, "root", "course"));
    expect(Object.keys(executed.cells[1].metadata.execution ?? {})).toEqual(
      expect.arrayContaining(["iopub.status.busy", "shell.execute_reply", "iopub.status.idle"]),
    );
    expect(validateNotebook(result.notebook)).toEqual([]);
  });

  it("`dl4nlp run --server URL --token T --server-root DIR` runs the fixture there and writes the executed copy (exit 0)", async () => {
    const out = join(tmp, "cli-out");
    const notebook = join(tmp, "root", "course", "server-cells.ipynb");
    const args = [join(ROOT, "lib", "bin", "dl4nlp.js"), "run", "--server", server.url, "--token", server.token];
    args.push("--server-root", join(tmp, "root"), "--no-static-figures", "--quiet", "--out", out, notebook);
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d) => {
      log += d;
    });
    child.stderr.on("data", (d) => {
      log += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, log).toBe(0);
    expect(log).not.toContain("Starting WebSocket"); // @jupyterlab/services' routine console.debug lines are muted
    const executed = JSON.parse(readFileSync(join(out, "server-cells.ipynb"), "utf8"));
    const cells = executed.cells.filter((c: Cell) => c.cell_type === "code");
    expect(cells.map((c: { execution_count: number }) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
    expect(text(cells[2].outputs[0]).trim()).toBe(join(tmp, "root", "course"));
    expect(cells[3].outputs[0]).toMatchObject({ output_type: "error", ename: "RangeError" });
  });

  it("the server going away mid-cell: the cell ends, `died` resolves, later cells are dead", async () => {
    const kernel = await connect({ reconnectTimeoutMs: 2000 });
    const running = kernel.execute("await new Promise((r) => setTimeout(r, 60_000));");
    await pause(500);
    await server.stop();
    const r = await running;
    // Depending on who is faster, the cell ends with the connection ("dead") or with the error tslab reports when the
    // stopping server shuts it down ("error"); either way the client then knows the kernel is gone.
    expect(["dead", "error"], JSON.stringify(r.outputs)).toContain(r.status);
    expect((await kernel.died).reason).toMatch(/lost the connection to the Jupyter server|dead|restarted/);
    expect((await kernel.execute("1")).status).toBe("dead");
  });
});
