import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { zmqKernelFactory } from "../../../lib/tools/run/execute";
import { expandPaths, runNotebooks } from "../../../lib/tools/run/run-notebooks";
import type { KernelFactory } from "../../../lib/tools/run/types";
import { fixture, fixtures, tempDir } from "./helpers";

describe("runNotebooks", { timeout: 180_000 }, () => {
  it("expands a folder to its notebooks, sorted; a file stays itself", async () => {
    const jobs = await expandPaths([fixtures, fixture("tags")]);
    const names = jobs.map((j) => j.file.slice(fixtures.length + 1));
    expect(names).toContain("outputs.ipynb");
    expect(names).toEqual([...names.slice(0, -1)].sort().concat("tags.ipynb"));
  });

  it("a kernel that dies (process.exit) fails its notebook, and the next notebook still runs", async () => {
    const out = tempDir();
    const results = await runNotebooks([fixture("exit"), fixture("outputs")], { out, jobs: 1, staticFigures: false });
    expect(results.map((r) => r.status)).toEqual(["failed", "passed"]);
    expect(results[0].message).toBe("cell 2 (id exit-1): the kernel exited with code 5 (process.exit?)");
    expect(results[1].outputPath).toBe(join(out, "outputs.ipynb"));
    // The failed notebook is written too, with what ran: the output of cell 1 and the death in cell 2.
    const died = JSON.parse(readFileSync(join(out, "exit.ipynb"), "utf8"));
    expect(died.cells[0].outputs[0].text).toEqual(["about to exit\n"]);
    expect(died.cells[1].outputs[0]).toMatchObject({ output_type: "error", ename: "DeadKernelError" });
  });

  it("adds a static SVG to a Plotly output through lib/tools/render (headless Chromium), unless told not to", async () => {
    if (!existsSync("/usr/bin/chromium")) return;
    const out = tempDir();
    // Under vitest the library's lazy require() cannot load TypeScript sources, so the renderer is passed in here;
    // the CLI (built JavaScript) loads it itself (see the CLI test).
    const renderer = await import("../../../lib/tools/render");
    const [r] = await runNotebooks([fixture("figure")], { out, renderer });
    expect(r.status).toBe("passed");
    expect(r.staticFigures).toMatchObject({ rendered: 1, figures: 1, errors: [] });
    const data = JSON.parse(readFileSync(join(out, "figure.ipynb"), "utf8")).cells[0].outputs[0].data;
    expect(data["image/svg+xml"][0]).toMatch(/^<svg/);

    const [plain] = await runNotebooks([fixture("figure")], { out: tempDir(), staticFigures: false, renderer });
    expect(plain.staticFigures).toBeUndefined();
    expect(plain.notebook?.cells[0]).toMatchObject({
      outputs: [{ data: { "application/vnd.plotly.v1+json": expect.anything() } }],
    });
    expect(JSON.stringify(plain.notebook)).not.toContain("image/svg+xml");
  });

  it("starts the next notebook's kernel while the current one runs; each notebook still gets its own kernel", async () => {
    const events: string[] = [];
    const pids: number[] = [];
    const factory: KernelFactory = async (o) => {
      events.push(`start ${o.kernelName}`);
      const k = await zmqKernelFactory(o);
      const pid = await k.execute("process.pid");
      pids.push(Number((pid.outputs[0] as { text: string }).text));
      return k;
    };
    const results = await runNotebooks([fixture("tags"), fixture("jslab")], {
      out: tempDir(),
      kernelFactory: factory,
      staticFigures: false,
      onProgress: (e) => {
        if (e.type === "notebook-done") events.push(`done ${e.result.path.split("/").pop()}`);
      },
    });
    expect(results.map((r) => r.status)).toEqual(["passed", "passed"]);
    // both kernels start before the first notebook is done (the order of the two starts is a race: each waits for its
    // notebook file to be read), and the notebooks finish in order
    expect(events.slice(0, 2).sort()).toEqual(["start jslab", "start tslab"]);
    expect(events.slice(2)).toEqual(["done tags.ipynb", "done jslab.ipynb"]);
    expect(new Set(pids).size).toBe(2);
  });
});
