import { PLOTLY_REL } from "./page-helpers";
import type { IDisplayData } from "@jupyterlab/nbformat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KernelClient } from "../../lib/tools/kernel/types";
import { createZmqKernel } from "../../lib/tools/kernel/zmq-client";

// A real tslab kernel process (C1's zeromq client), working folder notebooks/ as under Jupyter; the cells import the
// built library by package name.
describe("display through a real tslab kernel", () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await createZmqKernel({ cwd: `${process.cwd()}/notebooks` });
  });
  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("show(figure) arrives as ONE display_data with Plotly JSON, HTML and text", async () => {
    const r = await kernel.execute(`import { show, activationFigure } from "dl4nlp";
const sig = { name: "sigmoid", f: (z: number) => 1 / (1 + Math.exp(-z)), df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 };
show(activationFigure([sig]));`);
    expect(r.status).toBe("ok");
    expect(r.outputs).toHaveLength(1);
    const out = r.outputs[0] as IDisplayData;
    expect(out.output_type).toBe("display_data");
    expect(Object.keys(out.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect(out.data["text/plain"]).toBe('Figure "sigmoid and its derivative": 2 traces (scatter ×2)');
    // plotly.js located relative to the kernel's folder, as the browser script needs it
    expect(out.data["text/html"]).toContain(`"abs":"${process.cwd()}/${PLOTLY_REL}","rel":"../${PLOTLY_REL}"`);
  });

  it("showMatrix and showTable arrive as single multi-MIME outputs", async () => {
    const r = await kernel.execute(`import { showMatrix, showTable, Tensor } from "dl4nlp";
showMatrix(Tensor.from([[1, 0], [0, 1]]), { name: "I" });
showTable([{ a: 1, b: "x" }]);`);
    expect(r.status).toBe("ok");
    expect(r.outputs.map((o) => Object.keys((o as IDisplayData).data).sort())).toEqual([
      ["text/latex", "text/plain"],
      ["text/html", "text/plain"],
    ]);
  });

  it("liveChart updates one output in place while the cell runs; the saved output is the final figure", async () => {
    const arrivals: { type: string; at: number }[] = [];
    const t0 = Date.now();
    const r = await kernel.execute(
      `import { liveChart } from "dl4nlp";
const chart = liveChart({ minIntervalMs: 0 });
// a synchronous training loop: 5 epochs of 300 ms each
for (let epoch = 1; epoch <= 5; epoch++) { const end = Date.now() + 300; while (Date.now() < end) {} chart.update({ epoch, loss: 1 / epoch }); }
chart.finish();`,
      { onOutput: (o) => arrivals.push({ type: o.output_type, at: Date.now() - t0 }) },
    );
    expect(r.status).toBe("ok");
    expect(arrivals.map((a) => a.type)).toEqual(["display_data", ...Array(4).fill("update_display_data")]);
    // sent as each epoch ends, not buffered to the end of the cell: four epochs (≥ 1.2 s) lie between first and last
    expect(arrivals[4].at - arrivals[0].at).toBeGreaterThan(1000);
    expect(r.outputs).toHaveLength(1);
    const fig = (r.outputs[0] as IDisplayData).data["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] };
    expect(fig.data[0].y).toEqual([1, 0.5, 0.333333, 0.25, 0.2]);
  });
});
