import { PLOTLY_REL } from "./page-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromTypedArraySpec, type TypedArraySpec } from "../../lib/display/typed-arrays";
import { createInProcessTslab, type InProcessTslab } from "./tslab-inprocess";

const LIVE_STATIC_ENV = "DL4NLP_LIVE_STATIC_FIGURES";

// Cells compiled by tslab's TypeScript 5.0 and run by tslab's executor, importing the built library by package name.
// The kernel's own static images (a Chromium renderer process) are off here except in the test that is about them.
describe("display bundles from tslab cells (in-process executor)", () => {
  let tslab: InProcessTslab;
  beforeAll(() => {
    process.env[LIVE_STATIC_ENV] = "0";
    tslab = createInProcessTslab();
  });
  afterAll(() => {
    delete process.env[LIVE_STATIC_ENV];
    tslab.close();
  });

  it("show(figure) puts ONE display_data with the Plotly JSON, HTML and text MIME types", async () => {
    const r = await tslab.run(`import { show, softmaxBars } from "dl4nlp";
show(softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1], { title: "softmax of the slide's scores" }));`);
    expect(r.stderr).toBe("");
    expect(r.ok).toBe(true);
    expect(r.displays).toHaveLength(1);
    expect(r.stdout).toBe(""); // show() returns nothing, so a last-line show(...) prints no value
    const { display, update } = r.displays[0];
    expect(update).toBe(false);
    expect(Object.keys(display.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    const fig = display.data["application/vnd.plotly.v1+json"] as { data: { type: string; y: number[] }[] };
    expect(fig.data[1].y[4]).toBeCloseTo(0.738155, 6);
    expect(display.data["text/plain"]).toBe(`Figure "softmax of the slide's scores": 2 traces (bar ×2)`);
    const html = display.data["text/html"] as string;
    expect(html).toMatch(/<div id="dl4nlp-fig-[0-9a-f]{8}" class="dl4nlp-figure"/);
    expect(html).toContain(".newPlot(");
    expect(html).toContain(`"rel":"${PLOTLY_REL}"`); // relative to this process's cwd, the project root
    expect(html.length).toBeLessThan(20_000); // plotly.js itself (MBs) is never inlined
  });

  it("show(svg) of a computation graph: image/svg+xml (stored once) and text", async () => {
    const r = await tslab.run(`import { show as show2, computationGraph } from "dl4nlp";
show2(await computationGraph({ nodes: [{ id: "a", op: "param", label: "a", value: 1, grad: 2 }], edges: [] }));`);
    expect(r.stderr).toBe("");
    const data = r.displays[0].display.data;
    expect(Object.keys(data).sort()).toEqual(["image/svg+xml", "text/plain"]);
    expect(data["image/svg+xml"]).toMatch(/^<svg/);
  });

  it("showMatrix: text/latex with bmatrix and the shape, text; an HTML table on request", async () => {
    const r = await tslab.run(`import { showMatrix, Tensor } from "dl4nlp";
showMatrix(Tensor.from([[0, -1], [1, 0], [1, 0], [2, 1]]), { name: "XW" });
showMatrix(Tensor.from([[0, -1], [1, 0], [1, 0], [2, 1]]), { name: "XW", table: true });`);
    expect(r.stderr).toBe("");
    // no text/html by default: every front end prefers it over text/latex, and the matrix would never be typeset
    expect(Object.keys(r.displays[0].display.data).sort()).toEqual(["text/latex", "text/plain"]);
    const data = r.displays[1].display.data;
    expect(data["text/latex"]).toBe(
      "$$ XW = \\begin{bmatrix} 0 & -1 \\\\ 1 & 0 \\\\ 1 & 0 \\\\ 2 & 1 \\end{bmatrix} \\in \\mathbb{R}^{4 \\times 2} $$",
    );
    expect(data["text/html"]).toContain("<caption");
    expect(data["text/html"]).toContain("XW (4×2)");
    expect((data["text/html"] as string).match(/<tr>/g)).toHaveLength(4);
    expect(data["text/plain"]).toBe("XW (4×2) = [[0,-1],[1,0],[1,0],[2,1]]");
  });

  it("showTable: the perceptron's first steps as HTML and aligned text", async () => {
    const r = await tslab.run(`import { showTable } from "dl4nlp";
showTable([
  { epoch: 1, sample: "x0", loss: 0, w: [0, -1, 1], updated: false },
  { epoch: 1, sample: "x1", loss: 1, w: [0.5, 1.5, 3], updated: true },
]);`);
    expect(r.stderr).toBe("");
    const data = r.displays[0].display.data;
    expect(Object.keys(data).sort()).toEqual(["text/html", "text/plain"]);
    expect(data["text/html"]).toContain('<th style="text-align:right">epoch</th>');
    expect(data["text/html"]).toContain('<td style="text-align:left">[0.5, 1.5, 3]</td>');
    expect((data["text/plain"] as string).split("\n")).toEqual([
      "epoch  sample  loss  w              updated",
      "-----  ------  ----  -------------  -------",
      "    1  x0         0  [0, -1, 1]",
      "    1  x1         1  [0.5, 1.5, 3]  ✓",
    ]);
  });

  it("liveChart: the first epoch displays, later epochs update the same display id, finish() leaves the final figure", async () => {
    const r = await tslab.run(`import { liveChart } from "dl4nlp";
const chart = liveChart({ minIntervalMs: 0 });
for (let epoch = 1; epoch <= 5; epoch++) chart.update({ epoch, loss: 1 / epoch, accuracy: epoch / 5 });
chart.finish();`);
    expect(r.stderr).toBe("");
    expect(r.displays).toHaveLength(5); // finish() has nothing new to draw after the last update
    const ids = new Set(r.displays.map((d) => d.display.transient.display_id));
    expect(ids.size).toBe(1);
    expect(r.displays.map((d) => d.update)).toEqual([false, true, true, true, true]);
    const last = r.displays[4].display.data["application/vnd.plotly.v1+json"] as { data: { name: string; y: number[] }[] };
    expect(last.data[0].y).toEqual([1, 0.5, 0.333333, 0.25, 0.2]); // 6 significant digits in the notebook
    expect(last.data[1].name).toBe("training accuracy");
  });

  it("liveChart under the plotly package's renderer: interim redraws are the kernel's SVG, the final one the Plotly figure", async () => {
    process.env.DL4NLP_PLOTLY_RENDERER = "1";
    try {
      const r = await tslab.run(`import { liveChart as liveP } from "dl4nlp";
const chartP = liveP({ minIntervalMs: 0 });
for (let epoch = 1; epoch <= 4; epoch++) chartP({ epoch, loss: 1 / epoch, accuracy: epoch / 4 });
chartP.finish();
chartP.finish();
const chartQ = liveP({ minIntervalMs: 0, epochs: 3, title: "Run <2>" });
for (let epoch = 1; epoch <= 3; epoch++) chartQ({ epoch, loss: 1 / epoch });
chartQ.finish();`);
      expect(r.stderr).toBe("");
      const kinds = r.displays.map((d) => Object.keys(d.display.data).sort().join("+"));
      const svg = "image/svg+xml+text/plain";
      const plotly = "application/vnd.plotly.v1+json+text/html+text/plain";
      // chartP: 4 interim SVGs, then finish() draws the figure once (the second finish() has nothing to do);
      // chartQ: 2 interim SVGs, then its last epoch (epochs: 3) is the figure, which finish() leaves
      expect(kinds).toEqual([svg, svg, svg, svg, plotly, svg, svg, plotly]);
      expect(r.displays.map((d) => d.update)).toEqual([false, true, true, true, true, false, true, true]);
      const titleOf = (i: number) =>
        (r.displays[i].display.data["image/svg+xml"] as string).match(/class="title"[^>]*>([^<]*)</)?.[1];
      expect([0, 1, 2, 3].map(titleOf)).toEqual([1, 2, 3, 4].map((e) => `Training: epoch ${e}`));
      expect(titleOf(6)).toBe("Run &lt;2&gt; (epoch 2)");
      const final = r.displays[4].display.data["application/vnd.plotly.v1+json"] as {
        data: { y: number[] }[];
        layout: { title: { text: string } };
      };
      expect(final.data[0].y).toEqual([1, 0.5, 0.333333, 0.25]);
      expect(final.layout.title.text).toBe("Training: epoch 4");
      // the user's title: with the epoch while training, as given on the final figure (liveChartTitle, one place)
      const finalQ = r.displays[7].display.data["application/vnd.plotly.v1+json"] as { layout: { title: { text: string } } };
      expect(finalQ.layout.title.text).toBe("Run <2>");
      expect(r.displays[6].display.data["text/plain"]).toBe('Live chart "Run <2> (epoch 2)"');
    } finally {
      delete process.env.DL4NLP_PLOTLY_RENDERER;
    }
  });

  it("falls back to tslab's public html display when its internal writer is gone, and says so once", async () => {
    // simulates a tslab whose tslab/dist/jupyter no longer has lastWriteDisplayData; tslab's real public API does the rest
    const r =
      await tslab.run(`import { setTslabLoaderForTests, show as show3, softmaxBars as bars, liveChart as live3 } from "dl4nlp";
setTslabLoaderForTests((id: string) => (id === "tslab/dist/jupyter" ? {} : require(id)));
show3(bars([1, 2]));
show3(bars([2, 1]));
const c3 = live3({ minIntervalMs: 0 });
c3({ epoch: 1, loss: 1 });
c3({ epoch: 2, loss: 0.5 });
setTslabLoaderForTests(null);`);
    expect(r.stderr).toBe("");
    expect(r.stdout.match(/internal display writer/g)).toHaveLength(1);
    expect(r.displays.map((d) => Object.keys(d.display.data))).toEqual([
      ["text/html"],
      ["text/html"],
      ["text/html"],
      ["text/html"],
    ]);
    // the live chart keeps updating one output, through tslab.newDisplay()'s display id
    const live = r.displays.slice(2);
    expect(live.map((d) => Boolean(d.update))).toEqual([false, true]); // tslab passes undefined for the first
    expect(live[0].display.transient.display_id).toBeTruthy();
    expect(live[1].display.transient.display_id).toBe(live[0].display.transient.display_id);
  });

  it("liveChart throttles redraws but finish() draws the last epoch", async () => {
    const r = await tslab.run(`import { liveChart as live2 } from "dl4nlp";
const chart2 = live2({ minIntervalMs: 60_000 });
for (let epoch = 1; epoch <= 100; epoch++) chart2({ epoch, loss: 1 / epoch });
chart2.finish();`);
    expect(r.displays).toHaveLength(2);
    const last = r.displays[1].display.data["application/vnd.plotly.v1+json"] as { data: { y: TypedArraySpec }[] };
    // 100 numbers: stored in plotly.js's typed-array form (float64 bytes, base64), not 100 lines of JSON
    expect(last.data[0].y.dtype).toBe("f8");
    expect(fromTypedArraySpec(last.data[0].y)).toHaveLength(100);
    expect(fromTypedArraySpec(last.data[0].y).slice(0, 3)).toEqual([1, 0.5, 0.333333]);
  });

  it("in a kernel with Chromium, a figure shown at once gets its static SVG a moment later (same display id)", async () => {
    process.env[LIVE_STATIC_ENV] = "1";
    try {
      const r = await tslab.run(`import { show as show4, softmaxBars as bars4 } from "dl4nlp";
show4(bars4([1, 2, 3]));
show4(bars4([3, 2, 1]));`);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(""); // Chromium is there: nothing to say
      // the cell did not wait for the images: it ended with the two interactive outputs
      expect(r.displays.slice(0, 2).map((d) => d.update)).toEqual([false, false]);
      // the renderer process (Chromium started on first use) answers later, into the same request's writer
      const end = Date.now() + 120_000;
      while (r.displays.length < 4 && Date.now() < end) await new Promise((res) => setTimeout(res, 250));
      expect(r.displays).toHaveLength(4);
      const [a, b, ua, ub] = r.displays;
      const byId = new Map([ua, ub].map((u) => [u.display.transient.display_id, u]));
      for (const shown of [a, b]) {
        const updated = byId.get(shown.display.transient.display_id)!;
        expect(updated.update).toBe(true);
        // the bundle the notebook keeps: the image once, the script form gone, the Plotly JSON unchanged
        expect(Object.keys(updated.display.data).sort()).toEqual([
          "application/vnd.plotly.v1+json",
          "image/svg+xml",
          "text/plain",
        ]);
        expect(updated.display.data["image/svg+xml"]).toMatch(/^<svg[\s\S]*<\/svg>$/);
        expect(updated.display.data["application/vnd.plotly.v1+json"]).toEqual(
          shown.display.data["application/vnd.plotly.v1+json"],
        );
      }
    } finally {
      process.env[LIVE_STATIC_ENV] = "0";
    }
  }, 180_000);
});
