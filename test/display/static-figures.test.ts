import type { INotebookContent } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { figureBundle } from "../../lib/display/figure";
import { activationFigure, lossLandscapeFigure, perceptronAnimation, softmaxBars } from "../../lib/plot";
import { addStaticFigures, createStaticFigureSession } from "../../lib/tools/render";
import { launchChromium } from "../../lib/tools/render/chromium";
import { slidePerceptronTrace, slideX, slideY } from "../lib/plot/helpers";

const sigmoid = {
  name: "sigmoid",
  f: (z: number) => 1 / (1 + Math.exp(-z)),
  df: (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2,
};

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
    expect((await session.addStaticFigures(notebookWith([figureBundle(softmaxBars([3, 1]), "s3")]))).rendered).toBe(1);
    expect(session.launches).toBe(2);
    await session.close();
    // a notebook without figures starts nothing
    expect(await session.addStaticFigures(notebookWith([]))).toEqual({ rendered: 0, figures: 0, errors: [] });
    expect(session.launches).toBe(2);
  });
});

describe("addStaticFigures in real headless Chromium", () => {
  it("adds a valid SVG of each figure to the bundle and into the HTML fallback", async () => {
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
      expect(data["text/html"]).toMatch(
        /<div class="dl4nlp-static"><img alt="figure \(static image\)" style="max-width:100%" src="data:image\/svg\+xml;base64,/,
      );
      expect(data["text/html"]).toContain("Plotly.newPlot"); // the interactive form stays
    }
    // the plot's traces are in the SVG: 2 bar traces with 6 bars each; 2 lines; the 3-D surface as an embedded image
    expect(outs[0]["image/svg+xml"].match(/class="point"/g)).toHaveLength(12);
    expect(outs[1]["image/svg+xml"].match(/class="trace scatter/g)).toHaveLength(2);
    expect(outs[1]["image/svg+xml"].match(/class="traces"/g)).toHaveLength(2); // legend entries
    expect(outs[3]["image/svg+xml"]).toMatch(/<image[^>]+href="data:image\/png;base64,/); // WebGL surface, software-rendered
    expect(outs[1]["image/svg+xml"]).toContain("sigmoid′");
    expect(outs[2]["image/svg+xml"]).toContain("epoch 1, sample x0");

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
