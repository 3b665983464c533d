import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { figureBundle, PLOTLY_MIME } from "../../lib/display/figure";
import { fromTypedArraySpec, isTypedArraySpec } from "../../lib/display/typed-arrays";
import { activationFigure, lossLandscapeFigure, perceptronAnimation, softmaxBars } from "../../lib/plot";
import { addStaticFigures, createStaticFigureSession } from "../../lib/tools/render";
import { launchChromium } from "../../lib/tools/render/chromium";
import { slidePerceptronTrace, slideX, slideY } from "../lib/plot/helpers";

const sigmoid = {
  name: "sigmoid",
  f: (z: number) => 1 / (1 + Math.exp(-z)),
  df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
};

/** A stored figure with every typed-array spec replaced by the plain numbers it holds. */
function decodeAll(value: unknown): unknown {
  if (isTypedArraySpec(value)) return fromTypedArraySpec(value);
  if (Array.isArray(value)) return value.map(decodeAll);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeAll(v)]));
  return value;
}

function notebookWith(bundles: Record<string, unknown>[]): INotebookContent {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: bundles.map((data, i) => ({
      id: `c${i}`,
      cell_type: "code",
      source: "show(fig)",
      metadata: {},
      execution_count: i + 1,
      outputs: [{ output_type: "display_data", data, metadata: {} }],
    })) as INotebookContent["cells"],
  };
}

// Real headless Chromium (Debian's /usr/bin/chromium through playwright-core), plotly.js from node_modules.
describe("a static-figure session: one Chromium for many notebooks (dl4nlp run over a course)", () => {
  it("renders notebooks finishing at the same time in turn, with one launch, and starts again after close()", async () => {
    const session = createStaticFigureSession();
    const nbs = [0, 1, 2].map((k) => notebookWith([figureBundle(softmaxBars([k, 1, 2]), `s${k}`)]));
    const results = await Promise.all(nbs.map((nb) => session.addStaticFigures(nb)));
    expect(results.map((r) => r.rendered)).toEqual([1, 1, 1]);
    expect(session.launches).toBe(1);
    for (const nb of nbs) {
      expect((nb.cells[0].outputs as { data: Record<string, string> }[])[0].data["image/svg+xml"]).toMatch(/^<svg/);
    }
    await session.close();
    // the same figure in a fresh Chromium: the same SVG bytes (plotly's random clip-path ids are seeded)
    const again = notebookWith([figureBundle(softmaxBars([0, 1, 2]), "s0")]);
    expect((await session.addStaticFigures(again)).rendered).toBe(1);
    expect(session.launches).toBe(2);
    const svgOf = (nb: INotebookContent) => (nb.cells[0].outputs as { data: Record<string, string> }[])[0].data["image/svg+xml"];
    expect(svgOf(again)).toMatch(/clip[0-9a-f]+/);
    expect(svgOf(again)).toBe(svgOf(nbs[0]));
    // a notebook whose figures already carry their image is left as it is
    const before = JSON.stringify(again);
    expect(await session.addStaticFigures(again)).toEqual({ rendered: 1, figures: 1, errors: [] });
    expect(JSON.stringify(again)).toBe(before);
    expect(session.launches).toBe(2);
    await session.close();
    // a notebook without figures starts nothing
    expect(await session.addStaticFigures(notebookWith([]))).toEqual({ rendered: 0, figures: 0, errors: [] });
    expect(session.launches).toBe(2);
  });
});

describe("addStaticFigures in real headless Chromium", () => {
  it("adds a valid SVG of each figure, stored once: the script form of the output goes", async () => {
    const nb = notebookWith([
      figureBundle(softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]), "f1"),
      figureBundle(activationFigure(sigmoid), "f2"),
      figureBundle(perceptronAnimation(slideX, slideY, slidePerceptronTrace(0.5)), "f3"),
      figureBundle(
        lossLandscapeFigure((a, b) => a * a + 3 * b * b, {
          resolution: 20,
          paths: [
            {
              name: "SGD",
              points: [
                [1, 1],
                [0.5, 0.2],
              ],
            },
          ],
        }),
        "f4",
      ),
    ]);
    const result = await addStaticFigures(nb);
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ rendered: 4, figures: 4 });
    const outs = nb.cells.map((c) => (c.outputs as { data: Record<string, string> }[])[0].data);
    for (const data of outs) {
      expect(data["image/svg+xml"]).toMatch(/^<svg[\s\S]*<\/svg>$/);
      // the Plotly JSON stays for front ends that draw it; text/html would win over the image everywhere else
      expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]);
    }
    // the plot's traces are in the SVG: 2 bar traces with 6 bars each; 2 lines; the 3-D surface as an embedded image
    expect(outs[0]["image/svg+xml"].match(/class="point"/g)).toHaveLength(12);
    expect(outs[1]["image/svg+xml"].match(/class="trace scatter/g)).toHaveLength(2);
    expect(outs[1]["image/svg+xml"].match(/class="traces"/g)).toHaveLength(2); // legend entries
    expect(outs[3]["image/svg+xml"]).toMatch(/<image[^>]+href="data:image\/png;base64,/); // WebGL surface, software-rendered
    expect(outs[1]["image/svg+xml"]).toContain("sigmoid′");
    // an animation's image is its last frame (earlier lines faded), so a PDF or a static page shows where it ended
    expect(outs[2]["image/svg+xml"]).toMatch(/epoch \d+, sample x\d/);
    expect(outs[2]["image/svg+xml"]).not.toContain("epoch 1, sample x0");

    // valid XML, by Chromium's own parser
    const browser = await launchChromium("/usr/bin/chromium");
    try {
      const page = await browser.newPage();
      const problems = await page.evaluate(
        (svgs: string[]) => {
          return svgs.map((s) => {
            const doc = new DOMParser().parseFromString(s, "image/svg+xml");
            return (
              doc.querySelector("parsererror")?.textContent ??
              (doc.documentElement.nodeName === "svg" ? "" : doc.documentElement.nodeName)
            );
          });
        },
        outs.map((d) => d["image/svg+xml"]),
      );
      expect(problems).toEqual(["", "", "", ""]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it("figures in typed-array form draw exactly as their plain JSON (plotly.js decodes them)", async () => {
    const figures = [
      lossLandscapeFigure((a, b) => a * a + 3 * b * b, { resolution: 20 }), // a 20×20 z grid: 2-D float64
      activationFigure(sigmoid), // 1-D float64 x and y
      softmaxBars([0.6, 1.1, -1.5, 1.2, 3.2, -1.1]),
    ];
    const encoded = notebookWith(figures.map((f, i) => figureBundle(f, `e${i}`)));
    const stored = encoded.cells.map((c) => (c.outputs as { data: Record<string, unknown> }[])[0].data[PLOTLY_MIME]);
    expect(JSON.stringify(stored[0])).toContain('"dtype":"f8"');
    expect(JSON.stringify(stored[0])).toContain('"shape":"20,20"');
    // the same figures with every array decoded back to plain JSON numbers
    const plain = notebookWith(stored.map((fig) => ({ [PLOTLY_MIME]: decodeAll(fig), "text/plain": "figure" })));
    expect(JSON.stringify(plain)).not.toContain("bdata");
    const session = createStaticFigureSession();
    try {
      await session.addStaticFigures(encoded);
      await session.addStaticFigures(plain);
    } finally {
      await session.close();
    }
    const svgs = (nb: INotebookContent) =>
      nb.cells.map((c) => (c.outputs as { data: Record<string, string> }[])[0].data["image/svg+xml"]);
    expect(svgs(encoded).every((s) => s.startsWith("<svg"))).toBe(true);
    expect(svgs(encoded)).toEqual(svgs(plain));
  }, 180_000);

  it("says so when there is no Chromium, and leaves the notebook unchanged", async () => {
    const nb = notebookWith([figureBundle(softmaxBars([1, 2]), "f1")]);
    const before = JSON.stringify(nb);
    const result = await addStaticFigures(nb, { chromiumPath: "/nonexistent/chromium" });
    expect(result).toEqual({ rendered: 0, figures: 1, errors: [], skipped: "no Chromium at /nonexistent/chromium" });
    expect(JSON.stringify(nb)).toBe(before);
  });

  it("a notebook without figures starts no browser", async () => {
    const result = await addStaticFigures(notebookWith([{ "text/plain": "hello" }]), { chromiumPath: "/nonexistent" });
    expect(result).toEqual({ rendered: 0, figures: 0, errors: [] });
  });
});
