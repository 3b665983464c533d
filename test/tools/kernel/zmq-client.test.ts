import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { KernelClient } from "../../../lib/tools/kernel/types";
import { createZmqKernel } from "../../../lib/tools/kernel/zmq-client";

// Every test here talks to a real tslab kernel process over zeromq.
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("zeromq client against a real tslab kernel", { timeout: 120_000 }, () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await createZmqKernel({ cwd: __dirname });
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("reports tslab's kernel_info", () => {
    expect(kernel.info).toEqual({ implementation: "tslab", languageName: "typescript", protocolVersion: "5.3" });
  });

  it("the last expression's value arrives as stdout text; counts come from execute_reply", async () => {
    const a = await kernel.execute("const x: number = 20; x + 22");
    expect(a.status).toBe("ok");
    expect(a.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "42\n" }]);
    const b = await kernel.execute("console.log('one'); console.log('two'); console.error('three')");
    expect(b.executionCount).toBe((a.executionCount ?? 0) + 1);
    expect(b.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "one\ntwo\n" },
      { output_type: "stream", name: "stderr", text: "three\n" },
    ]);
  });

  it("a display_data output keeps its MIME bundle and drops transient", async () => {
    const r = await kernel.execute('import * as tslab from "tslab"; tslab.display.html("<b>bold</b>")');
    expect(r.status).toBe("ok");
    expect(r.outputs).toContainEqual({ output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} });
  });

  it("a TypeScript type error becomes an error output named TSError", async () => {
    const r = await kernel.execute("const s: string = 5;");
    expect(r.status).toBe("error");
    expect(r.outputs).toEqual([
      {
        output_type: "error",
        ename: "TSError",
        evalue: "1:7 - Type 'number' is not assignable to type 'string'.",
        traceback: ["1:7 - Type 'number' is not assignable to type 'string'."],
      },
    ]);
    await pause(300);
  });

  it("a thrown RangeError becomes an error output; earlier console.error stays a stream", async () => {
    const r = await kernel.execute("console.error('before'); throw new RangeError('bad shape')");
    expect(r.status).toBe("error");
    expect(r.outputs[0]).toEqual({ output_type: "stream", name: "stderr", text: "before\n" });
    expect(r.outputs[1]).toMatchObject({ output_type: "error", ename: "RangeError", evalue: "bad shape" });
    const tb = (r.outputs[1] as { traceback: string[] }).traceback;
    expect(tb).toContain("RangeError: bad shape");
    expect(tb.some((l) => l.startsWith("    at "))).toBe(true);
    await pause(300);
  });

  it("a request sent within tslab's abort window after an error is aborted", async () => {
    const failed = kernel.execute("throw new Error('first')");
    const next = kernel.execute("1 + 1");
    expect((await failed).status).toBe("error");
    expect((await next).status).toBe("abort");
    await pause(300);
    expect((await kernel.execute("2 + 2")).outputs).toEqual([{ output_type: "stream", name: "stdout", text: "4\n" }]);
  });

  it("a timeout interrupts an awaiting cell with SIGINT and the kernel lives on", async () => {
    const r = await kernel.execute("await new Promise((r) => setTimeout(r, 20000))", { timeoutMs: 500 });
    expect(r.status).toBe("timeout");
    expect(r.outputs.map((o) => o.ename)).toEqual(["Error", "CellTimeoutError"]);
    // "asynchronously" when the SIGINT found the cell awaiting; under load it may still be in its synchronous part.
    expect((r.outputs[0] as { evalue: string }).evalue).toMatch(/^Interrupted asynchronously$|interrupted by `SIGINT`/);
    await pause(300);
    expect((await kernel.execute("'alive'")).outputs).toEqual([{ output_type: "stream", name: "stdout", text: "alive\n" }]);
  });
});

describe("zeromq client: kernels that die", { timeout: 120_000 }, () => {
  // Every kernel is shut down even when an assertion fails first (a detached kernel would outlive the test run).
  const started: KernelClient[] = [];
  const start = async (options: Parameters<typeof createZmqKernel>[0]) => {
    const k = await createZmqKernel(options);
    started.push(k);
    return k;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((k) => k.shutdown()));
  });

  it("while (true) {} is stopped by the interrupt (tslab runs cells with breakOnSigint) and the kernel lives on", async () => {
    const kernel = await start({ cwd: __dirname, graceMs: 3000 });
    const r = await kernel.execute("while (true) {}", { timeoutMs: 2000 });
    expect(r.status).toBe("timeout");
    expect(r.outputs.map((o) => o.ename)).toEqual(["Error", "CellTimeoutError"]);
    expect(r.outputs[0]).toMatchObject({ evalue: "Script execution was interrupted by `SIGINT`" });
    await pause(300);
    expect((await kernel.execute("'alive'")).status).toBe("ok");
    await kernel.shutdown();
  });

  it("a busy loop in a timer callback ignores the interrupt, so the kernel is killed after the grace period", async () => {
    // the timeout leaves the cell time to compile and start its timer even under load, so the loop is what it meets
    const kernel = await start({ cwd: __dirname, graceMs: 500 });
    const r = await kernel.execute("await new Promise(() => setTimeout(() => { while (true) {} }, 0))", { timeoutMs: 3000 });
    expect(r.status).toBe("timeout");
    const last = r.outputs[r.outputs.length - 1];
    expect(last).toMatchObject({ output_type: "error", ename: "CellTimeoutError" });
    expect((last as { evalue: string }).evalue).toContain("the kernel was killed");
    expect((await kernel.execute("1")).status).toBe("dead");
    await kernel.shutdown();
  });

  it("process.exit(3) in a cell: the cell reports a dead kernel with the exit code", async () => {
    const kernel = await start({ cwd: __dirname });
    const r = await kernel.execute("process.exit(3)");
    expect(r.status).toBe("dead");
    expect(r.outputs).toEqual([expect.objectContaining({ output_type: "error", ename: "DeadKernelError" })]);
    expect((r.outputs[0] as { evalue: string }).evalue).toContain("exited with code 3");
    expect(await kernel.died).toMatchObject({ exitCode: 3 });
    await kernel.shutdown();
  });

  it("a kernel killed with SIGKILL in the middle of a cell is reported dead", async () => {
    const kernel = await start({ cwd: __dirname });
    const pidCell = await kernel.execute("process.pid");
    const pid = Number((pidCell.outputs[0] as { text: string }).text);
    const running = kernel.execute("await new Promise((r) => setTimeout(r, 20000))");
    await pause(300);
    process.kill(pid, "SIGKILL");
    const r = await running;
    expect(r.status).toBe("dead");
    expect((r.outputs[0] as { evalue: string }).evalue).toContain("killed by SIGKILL");
    await kernel.shutdown();
  });

  it("shutdown ends the kernel process and never resolves died", async () => {
    const kernel = await start({ cwd: __dirname });
    const pid = Number(((await kernel.execute("process.pid")).outputs[0] as { text: string }).text);
    let died = false;
    void kernel.died.then(() => {
      died = true;
    });
    await kernel.shutdown();
    await pause(200);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(died).toBe(false);
  });

  it("jslab runs JavaScript", async () => {
    const kernel = await start({ cwd: __dirname, kernelName: "jslab" });
    expect(kernel.info.implementation).toBe("jslab");
    expect((await kernel.execute("[1, 2].map((x) => x * 2).join()")).outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "2,4\n" },
    ]);
    await kernel.shutdown();
  });

  it("an unknown kernel name is refused with the names it knows", async () => {
    await expect(createZmqKernel({ kernelName: "python3" })).rejects.toThrow(
      /kernel "python3": unknown; this runner starts tslab/,
    );
  });
});
