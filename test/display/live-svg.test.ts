// The SVG a live chart shows while training under the plotly package's renderer (lib/display/live-svg.ts): values go
// to coordinates inside the panel's frame, non-finite values are left out, one epoch still draws, text is escaped.
import { describe, expect, it } from "vitest";
import { liveChartTitle } from "../../lib/display/live";
import { liveChartSvg } from "../../lib/display/live-svg";

const empty = {
  epoch: [] as number[],
  loss: [] as number[],
  accuracy: [] as number[],
  valLoss: [] as number[],
  valAccuracy: [] as number[],
};

/** The frames (x, y, w, h) and every series' points of an SVG, parsed from its text. */
function parse(svg: string) {
  const frames = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) =>
    m.slice(1, 5).map(Number),
  );
  const series = new Map<string, number[][]>();
  for (const m of svg.matchAll(/<polyline class="series" data-name="([^"]+)" points="([^"]+)"/g))
    series.set(
      m[1],
      m[2].split(" ").map((p) => p.split(",").map(Number)),
    );
  for (const m of svg.matchAll(/<circle class="series" data-name="([^"]+)" cx="([\d.]+)" cy="([\d.]+)"/g))
    series.set(m[1], [[Number(m[2]), Number(m[3])]]);
  const title = svg.match(/<text class="title"[^>]*>([^<]*)<\/text>/)?.[1];
  return { frames, series, title };
}

describe("liveChartSvg: the kernel's own image of a live chart", () => {
  it("maps epochs to x across the frame and losses to y (max at the top, min at the bottom), skipping NaN and Infinity", () => {
    const svg = liveChartSvg(
      { ...empty, epoch: [1, 2, 3, 4, 5], loss: [1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 0.25] },
      { title: "Training: epoch 5" },
    );
    const { frames, series, title } = parse(svg);
    expect(title).toBe("Training: epoch 5");
    expect(frames).toHaveLength(1); // no accuracy: one panel
    const [x, y, w, h] = frames[0];
    const loss = series.get("training loss")!;
    expect(loss).toHaveLength(3); // epochs 1, 2 and 5
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(0.02);
    near(loss[0][0], x); // epoch 1 at the left edge
    near(loss[1][0], x + w / 4); // epoch 2 a quarter across
    near(loss[2][0], x + w); // epoch 5 at the right edge
    near(loss[0][1], y); // loss 1 = max: top
    near(loss[2][1], y + h); // loss 0.25 = min: bottom
    near(loss[1][1], y + h - (0.25 / 0.75) * h); // loss 0.5: a third of the way up
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("one epoch: a dot in the middle of the panel's height, no NaN from an empty range", () => {
    const svg = liveChartSvg({ ...empty, epoch: [1], loss: [0.7], accuracy: [0.4] }, { title: "Training: epoch 1" });
    const { frames, series } = parse(svg);
    expect(frames).toHaveLength(2); // loss and accuracy panels
    const [[cx, cy]] = series.get("training loss")!;
    const [x, y, w, h] = frames[0];
    expect(Math.abs(cx - (x + w / 2))).toBeLessThan(0.02);
    expect(Math.abs(cy - (y + h / 2))).toBeLessThan(0.02);
    expect(series.get("training accuracy")).toHaveLength(1);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("held-out series and accuracy go into the legend with the held-out name; every value NaN draws no line", () => {
    const svg = liveChartSvg(
      { epoch: [1, 2], loss: [Number.NaN, Number.NaN], accuracy: [0.5, 0.8], valLoss: [1, 0.9], valAccuracy: [0.4, 0.7] },
      { title: "Training: epoch 2", heldOut: "test" },
    );
    const { series } = parse(svg);
    expect([...series.keys()].sort()).toEqual(["test accuracy", "test loss", "training accuracy"]);
    const legend = svg.match(/<g class="legend">(.*?)<\/g>/)?.[1] ?? "";
    expect([...legend.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual([
      "test loss",
      "training accuracy",
      "test accuracy",
    ]);
  });

  it("logLoss: the loss panel is log10 (values ≤ 0 left out); a title with markup is escaped", () => {
    const svg = liveChartSvg({ ...empty, epoch: [1, 2, 3], loss: [100, 0, 1] }, { title: `<b>"a" & b</b>`, logLoss: true });
    const { frames, series, title } = parse(svg);
    expect(title).toBe("&lt;b&gt;&quot;a&quot; &amp; b&lt;/b&gt;");
    const [x, y, w, h] = frames[0];
    expect(series.get("training loss")).toEqual([
      [x, y],
      [x + w, y + h],
    ]);
    expect(svg).toContain(">log10 loss<");
  });
});

describe("liveChartTitle: the interim SVG's and the final figure's title from one place", () => {
  it("without a title of the user's: Training: epoch N, on both", () => {
    expect(liveChartTitle(undefined, 3, "interim")).toBe("Training: epoch 3");
    expect(liveChartTitle(undefined, 3, "final")).toBe("Training: epoch 3");
  });
  it("with one: TITLE (epoch N) while training, the title as given on the final figure", () => {
    expect(liveChartTitle("Adam, lr 0.01", 7, "interim")).toBe("Adam, lr 0.01 (epoch 7)");
    expect(liveChartTitle("Adam, lr 0.01", 7, "final")).toBe("Adam, lr 0.01");
  });
  it("an empty title of the user's is theirs (not replaced by the default)", () => {
    expect(liveChartTitle("", 2, "final")).toBe("");
  });
});
