import type { ICodeCell, IError, IStream } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { readNotebook } from "../../../lib/tools/nbformat/read";
import { validateNotebook } from "../../../lib/tools/nbformat/validate";
import { executeNotebook } from "../../../lib/tools/run/execute";
import { fixture, fixtures } from "./helpers";

const code = (nb: { cells: unknown[] }, i: number) => nb.cells[i] as ICodeCell;
const text = (o: unknown) => (o as IStream).text;

describe("executeNotebook with the real tslab kernel", { timeout: 120_000 }, () => {
  it("outputs, counts from execute_reply, timing metadata when asked; cells run in the notebook's folder", async () => {
    const r = await executeNotebook(await readNotebook(fixture("outputs")), { cwd: fixtures, timing: true });
    expect(r.status).toBe("passed");
    const nb = r.notebook!;
    expect(code(nb, 1).outputs).toEqual([{ output_type: "stream", name: "stdout", text: "hello\n" }]);
    expect(code(nb, 2).outputs).toEqual([{ output_type: "display_data", data: { "text/html": "<b>bold</b>" }, metadata: {} }]);
    expect(text(code(nb, 3).outputs[0])).toBe("42\n");
    expect(text(code(nb, 4).outputs[0])).toBe("true\n");
    expect([1, 2, 3, 4].map((i) => code(nb, i).execution_count)).toEqual([1, 2, 3, 4]);
    const timing = code(nb, 1).metadata.execution as Record<string, string>;
    expect(Object.keys(timing).sort()).toEqual([
      "iopub.execute_input",
      "iopub.status.busy",
      "iopub.status.idle",
      "shell.execute_reply",
    ]);
    // shell and iopub are separate sockets: the protocol orders messages within one socket only
    expect(Date.parse(timing["iopub.status.idle"])).toBeGreaterThanOrEqual(Date.parse(timing["iopub.status.busy"]));
    expect(r.cells.map((c) => c.status)).toEqual(["skipped", "ok", "ok", "ok", "ok"]);
    expect(validateNotebook(nb)).toEqual([]);
  });

  it("stops at the first error by default: later cells keep no outputs (not even an earlier run's) and are not run", async () => {
    // an executed copy run again: its cells hold the outputs and counts of the earlier run
    const input = await readNotebook(fixture("errors"));
    for (const [i, cell] of input.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      Object.assign(cell, { execution_count: i + 1, outputs: [{ output_type: "stream", name: "stdout", text: "old run\n" }] });
    }
    const r = await executeNotebook(input, { cwd: fixtures });
    expect(r.status).toBe("failed");
    expect(r.message).toBe("cell 2 (id errors-1): RangeError: matmul: (2×3)·(4×5): inner dimensions 3 and 4 differ");
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "error", "not-run", "not-run"]);
    for (const i of [2, 3]) expect(code(r.notebook!, i)).toMatchObject({ outputs: [], execution_count: null });
    expect(JSON.stringify(r.notebook)).not.toContain("old run");
  });

  it("--allow-errors goes on past tslab's abort window: a type error and the last cell run too", async () => {
    const r = await executeNotebook(await readNotebook(fixture("errors")), { cwd: fixtures, allowErrors: true });
    expect(r.status).toBe("failed");
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "error", "error", "ok"]);
    const typeError = code(r.notebook!, 2).outputs[0] as IError;
    expect(typeError).toMatchObject({ ename: "TSError", evalue: "1:7 - Type 'number' is not assignable to type 'string'." });
    expect(code(r.notebook!, 3).outputs).toEqual([{ output_type: "stream", name: "stdout", text: "after\n" }]);
    expect(code(r.notebook!, 3).execution_count).toBe(4);
  });

  it("raises-exception is expected to fail and skip-execution is not run, as in nbclient", async () => {
    const r = await executeNotebook(await readNotebook(fixture("tags")), { cwd: fixtures });
    expect(r.status).toBe("passed");
    expect(r.cells.map((c) => c.status)).toEqual(["expected-error", "skipped", "ok"]);
    expect(code(r.notebook!, 0).outputs[0]).toMatchObject({ output_type: "error", ename: "Error", evalue: "expected" });
    expect(code(r.notebook!, 1).execution_count).toBeNull();
    expect(text(code(r.notebook!, 2).outputs[0])).toBe("reached\n");
  });

  it("parameters are injected after the cell tagged parameters, typed", async () => {
    const r = await executeNotebook(await readNotebook(fixture("params")), {
      cwd: fixtures,
      parameters: { eta: 0.5, name: "run 2", verbose: true, sizes: [4, 3, 1] },
    });
    expect(r.status).toBe("passed");
    const injected = code(r.notebook!, 1);
    expect(injected.metadata.tags).toEqual(["injected-parameters"]);
    expect(injected.source).toBe(
      '// Parameters injected by dl4nlp run\nlet eta = 0.5;\nlet name = "run 2";\nlet verbose = true;\nlet sizes = [4,3,1];',
    );
    expect(text(code(r.notebook!, 2).outputs[0])).toBe('{"eta":0.5,"epochs":3,"name":"run 2","verbose":true,"sizes":[4,3,1]}\n');
  });

  it("a cell timeout from metadata.dl4nlp.timeout interrupts while (true) {}; the notebook fails at that cell", async () => {
    const r = await executeNotebook(await readNotebook(fixture("timeout")), { cwd: fixtures });
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/^cell 2 \(id timeout-1\): timed out after 1 s/);
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "timeout", "not-run"]);
    expect((code(r.notebook!, 1).outputs as IError[]).map((o) => o.ename)).toContain("CellTimeoutError");
  });

  it("process.exit in a cell: the kernel death is reported with its cell", async () => {
    const r = await executeNotebook(await readNotebook(fixture("exit")), { cwd: fixtures, allowErrors: true });
    expect(r.status).toBe("failed");
    expect(r.message).toBe("cell 2 (id exit-1): the kernel exited with code 5 (process.exit?)");
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "dead", "not-run"]);
    expect((code(r.notebook!, 1).outputs as IError[]).map((o) => o.evalue)).toEqual([
      "Kernel died while executing this cell: kernel process exited with code 5",
    ]);
  });

  // the code or the signal comes first in the summary (its table cuts long lines), exit code 0 included
  for (const [call, message] of [
    ["process.exit(0)", "the kernel exited with code 0 (process.exit?)"],
    ["process.exit(3)", "the kernel exited with code 3 (process.exit?)"],
    ["process.kill(process.pid)", "the kernel was killed by SIGTERM (process.kill?)"],
    ['process.kill(process.pid, "SIGKILL")', "the kernel was killed by SIGKILL"],
  ]) {
    it(`${call} in a cell: the summary names the cell and ${message.split(" (")[0].replace("the kernel ", "")}`, async () => {
      const nb = await readNotebook(fixture("exit"));
      code(nb, 1).source = call;
      const r = await executeNotebook(nb, { cwd: fixtures, allowErrors: true });
      expect(r.status).toBe("failed");
      expect(r.message).toBe(`cell 2 (id exit-1): ${message}`);
    });
  }

  it("a timer of a cell that passed calls process.exit(4): the cell the death reached is named, with the code", async () => {
    const nb = await readNotebook(fixture("exit"));
    code(nb, 1).source = "setTimeout(() => process.exit(4), 10);";
    code(nb, 2).source = "await new Promise((r) => setTimeout(r, 3000));";
    const r = await executeNotebook(nb, { cwd: fixtures, allowErrors: true });
    expect(r.cells.map((c) => c.status)).toEqual(["ok", "ok", "dead"]);
    // the death comes while cell 3 waits, or (on a slow machine) before it started: then the summary says so
    expect(r.message).toMatch(
      /^cell 3 \(id exit-2\): the kernel exited with code 4 \(process\.exit\?\)(, before this cell ran \(a timer or callback of an earlier cell\?\))?$/,
    );
  });

  it("a jslab notebook runs in jslab", async () => {
    const r = await executeNotebook(await readNotebook(fixture("jslab")), { cwd: fixtures });
    expect(r.status).toBe("passed");
    expect(text(code(r.notebook!, 0).outputs[0])).toBe("1 4 9\n");
  });

  it("a notebook for another kernel is reported, not run", async () => {
    const nb = await readNotebook(fixture("outputs"));
    nb.metadata.kernelspec = { name: "python3", display_name: "Python 3" };
    const r = await executeNotebook(nb);
    expect(r.status).toBe("error");
    expect(r.message).toMatch(/^kernel "python3" did not start: kernel "python3": unknown/);
  });
});
