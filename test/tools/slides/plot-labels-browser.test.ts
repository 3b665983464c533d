// Plotly figures with many categories on a slide: a confusion matrix of 40 classes, softmax bars over 60 were laid
// out at the slide's size (at most 1180×540) with 78 overlapping tick labels, and `dl4nlp slides` said nothing. Each
// figure is now measured as drawn (library figures and a cell's own Plotly specs alike: 45 POS tags, a 30×30 attention
// map over tokens with its weights in the cells, 120 vocabulary words, long labels, labels cut at the edge) and laid
// out larger until its labels are apart and inside; what nothing helps is named in the report with its slide. Real
// headless Chromium, one browser for the file; the labels are measured here on their own (rotated boxes).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { browserScript } from "../../../lib/tools/html/browser-script";
import type { PlotLabels, SlideWide } from "../../../lib/tools/slides/browser/wide-types";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { exportDecks } from "../../../lib/tools/slides/decks";
import { plotLabelsWarning, wideWarning } from "../../../lib/tools/slides/wide";
import { deckReady, openOffline } from "./browser-helpers";
import { EVERY_WORD_TALK, PLOT_LABELS, PLOT_SLIDES } from "./plot-label-notebooks";
import { type LabelGeometry, type Pt, installLabelGeometry } from "../../helpers/label-geometry";

const OUT = "build/test-slides/plot-labels";
/** The figures whose labels overlapped at the slide's size. */
const CROWDED_BEFORE = ["Confusion 40", "Confusion 60", "Confusion 100"];

/** Per figure of the deck: its slide's heading, size, labels, overlapping pairs (rotated boxes) and labels cut. */
interface Drawn {
  heading: string;
  width: number;
  height: number;
  labels: number;
  overlapping: number;
  /** Pairs whose getBoundingClientRect boxes overlap, of labels drawn level or upright. */
  boxesOverlapping: number;
  cut: number;
  /** Whether the figure sits in a box that scrolls sideways, with the cue. */
  scrolls: boolean;
}

/** Measures every figure of the deck as drawn (each slide shown for it and hidden again). */
async function drawnFigures(page: Page): Promise<Drawn[]> {
  await installLabelGeometry(page);
  return page.evaluate(() => {
    const { quadOf, apart } = (window as unknown as { labelGeometry: LabelGeometry }).labelGeometry;
    const slides = Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section"));
    const out: Drawn[] = [];
    for (const s of slides) {
      const stack = s.parentElement as HTMLElement;
      const [sd, pd] = [s.style.display, stack.style.display];
      s.style.display = "block";
      stack.style.display = "block";
      for (const plot of Array.from(s.querySelectorAll<HTMLElement>(".dl4nlp-plot"))) {
        const box = (plot.querySelector(".svg-container") as HTMLElement).getBoundingClientRect();
        const groups = new Map<string, SVGGraphicsElement[]>();
        for (const t of Array.from(plot.querySelectorAll<SVGGraphicsElement>("g[class$='tick'] > text"))) {
          const key = (t.parentElement as Element).getAttribute("class") ?? "";
          groups.set(key, [...(groups.get(key) ?? []), t]);
        }
        groups.set("cells", Array.from(plot.querySelectorAll<SVGGraphicsElement>(".heatmaplayer text, .bartext")));
        let labels = 0;
        let overlapping = 0;
        let boxesOverlapping = 0;
        let cut = 0;
        for (const texts of groups.values()) {
          const quads = texts.map(quadOf).filter((q): q is Pt[] => q !== null);
          const boxes = texts.filter((t) => (t.textContent ?? "").trim()).map((t) => t.getBoundingClientRect());
          labels += quads.length;
          // swept along x (a 100×100 heatmap has 10,000 cell texts): pairs whose x ranges meet
          const byLeft = quads.map((q) => ({ q, l: Math.min(...q.map((p) => p[0])), r: Math.max(...q.map((p) => p[0])) }));
          byLeft.sort((a, b) => a.l - b.l);
          for (let i = 0; i < byLeft.length; i++)
            for (let j = i + 1; j < byLeft.length && byLeft[j].l < byLeft[i].r; j++)
              if (!apart(byLeft[i].q, byLeft[j].q)) overlapping++;
          const level = texts.every((t) => !/rotate\((?!0\)|-?90\)|90\))/.test(t.getAttribute("transform") ?? ""));
          if (level) {
            boxes.sort((a, b) => a.left - b.left);
            for (let i = 0; i < boxes.length; i++)
              for (let j = i + 1; j < boxes.length && boxes[j].left < boxes[i].right - 1; j++) {
                const [a, b] = [boxes[i], boxes[j]];
                if (!(a.bottom <= b.top + 1 || b.bottom <= a.top + 1)) boxesOverlapping++;
              }
          }
          for (const q of quads)
            if (q.some(([x, y]) => x < box.left - 1 || x > box.right + 1 || y < box.top - 1 || y > box.bottom + 1)) cut++;
        }
        out.push({
          heading: (s.querySelector("h2")?.textContent ?? "").trim(),
          width: Math.round(box.width / (s.getBoundingClientRect().width / s.offsetWidth)),
          height: Math.round(box.height / (s.getBoundingClientRect().width / s.offsetWidth)),
          labels,
          overlapping,
          boxesOverlapping,
          cut,
          scrolls: !!plot.closest(".wide-scroll")?.parentElement?.querySelector(".wide-cue"),
        });
      }
      s.style.display = sd;
      stack.style.display = pd;
    }
    return out;
  });
}

/** What one deck's page shows and reports. */
interface Seen {
  figures: Drawn[];
  plots: PlotLabels[];
  wide: SlideWide[];
  errors: string[];
}

async function look(browser: Browser, file: string, query = ""): Promise<Seen> {
  const { page, errors } = await openOffline(browser, file, query);
  await deckReady(page);
  const plots = await page.evaluate(
    () => (window as unknown as { dl4nlpSlidesPlots?: Promise<PlotLabels[]> }).dl4nlpSlidesPlots ?? [],
  );
  const wide = await page.evaluate(() => (window as unknown as { dl4nlpSlidesWide: Promise<SlideWide[]> }).dl4nlpSlidesWide);
  const figures = query ? [] : await drawnFigures(page);
  await page.close();
  return { figures, plots, wide, errors };
}

describe("Plotly figures with many categories on slides (real Chromium)", { timeout: 300_000 }, () => {
  let browser: Browser;
  let deck: Seen;
  let before: Seen;
  const figure = (seen: Seen, heading: string) => seen.figures.find((f) => f.heading === heading) as Drawn;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const html = exportDeck(PLOT_LABELS).html;
    writeFileSync(resolve(OUT, "plots.html"), html);
    // the same deck as it was drawn before: every figure at the slide's size, labels wherever they fell
    const script = browserScript("slides/browser/plot-labels");
    expect(html).toContain(script);
    writeFileSync(resolve(OUT, "plots-before.html"), html.replace(script, ""));
    browser = await launchChromium("/usr/bin/chromium");
    [deck, before] = await Promise.all([
      look(browser, resolve(OUT, "plots.html")),
      look(browser, resolve(OUT, "plots-before.html")),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("laid out at the slide's size, as before, the figures with many categories had labels over each other or cut", () => {
    expect(before.figures.map((f) => f.heading)).toEqual([...PLOT_SLIDES]);
    for (const heading of CROWDED_BEFORE) expect(figure(before, heading).overlapping, heading).toBeGreaterThan(0);
    expect(figure(before, "Cut labels").cut).toBeGreaterThan(0);
  });

  it("40, 60 and 100 classes, 60 softmax bars, 45 POS tags, a 30×30 attention map, long labels: no two labels overlap, none is cut", () => {
    expect(deck.errors).toEqual([]);
    expect(deck.figures.map((f) => f.heading)).toEqual([...PLOT_SLIDES]);
    for (const f of deck.figures) {
      if (f.heading === "Every word 300") continue;
      expect({ heading: f.heading, overlapping: f.overlapping, boxes: f.boxesOverlapping, cut: f.cut }).toEqual({
        heading: f.heading,
        overlapping: 0,
        boxes: 0,
        cut: 0,
      });
      expect(f.labels).toBeGreaterThan(5);
    }
    // nothing of it was left out: the matrices' cells keep their numbers, each class named
    expect(figure(deck, "Confusion 40").labels).toBeGreaterThanOrEqual(40 * 40 + 80);
    for (const f of deck.figures) expect(f.labels, f.heading).toBeGreaterThanOrEqual(figure(before, f.heading).labels);
    expect(deck.plots.filter((p) => p.title !== "Every word 300")).toEqual([]);
  });

  it("a figure with few categories, whose labels fit, is drawn exactly as before", () => {
    for (const heading of ["Few categories", "POS tags 45", "Vocabulary 120"])
      expect(figure(deck, heading), heading).toEqual(figure(before, heading));
  });

  it("a figure laid out wider than the slide for its labels scrolls sideways with the cue and is named in the width report", () => {
    const matrix = figure(deck, "Confusion 100");
    expect(matrix.width).toBeGreaterThan(1232);
    expect(matrix.scrolls).toBe(true);
    const slide = deck.wide.find((w) => w.title === "Confusion 100") as SlideWide;
    expect(slide.items).toEqual([expect.objectContaining({ kind: "figure", labelsRoom: true, cell: 6 })]);
    expect(wideWarning("n.ipynb", slide)).toMatch(
      /^n\.ipynb: slide 3 "Confusion 100" is wider than the 1280×720 slide at the size at which its text stays readable: cell 6: a figure \d+ px wide \(laid out wider than the slide so that its labels do not overlap\).*show fewer categories or shorter labels/,
    );
    // only the figures that need it scroll
    expect(deck.figures.filter((f) => f.scrolls).map((f) => f.heading)).toEqual(["Confusion 100"]);
  });

  it("300 words each labelled, which no size a slide allows separates, are named with the slide and the cell", async () => {
    expect(deck.plots).toEqual([
      expect.objectContaining({ slide: 10, title: "Every word 300", cell: 20, cut: 0, own: [960, 500], drawn: [960, 2400] }),
    ]);
    const [report] = deck.plots;
    expect(report.overlapping).toBeGreaterThan(0);
    expect(plotLabelsWarning("n.ipynb", report)).toBe(
      `n.ipynb: slide 10 "Every word 300": cell 20: a Plotly figure whose labels do not fit: ${report.overlapping} pairs of its ${report.labels} labels overlap even when drawn at 960×2400 (not 960×500); to fit it, show fewer categories or label every k-th (tickvals), shorten the labels, or give its axes automargin`,
    );
    // the print view (dl4nlp slides --pdf) reports the same (a deck of this figure and one with few categories)
    const talk = resolve(OUT, "words.html");
    writeFileSync(talk, exportDeck(EVERY_WORD_TALK).html);
    const [screen, printed] = await Promise.all([look(browser, talk), look(browser, talk, "?print-pdf")]);
    expect(screen.plots).toEqual([expect.objectContaining({ slide: 2, title: "Every word", cell: 3, drawn: [960, 2400] })]);
    expect(printed.plots).toEqual(screen.plots);
  });

  it("dl4nlp slides (measured in Chromium, no --pdf) warns about the figure, naming the notebook, slide and cell", async () => {
    const file = resolve(OUT, "words.ipynb");
    writeFileSync(file, JSON.stringify(EVERY_WORD_TALK));
    const result = await exportDecks([file], { out: resolve(OUT, "words") });
    expect(result.ok).toBe(true);
    const warnings = result.decks[0].problems.filter((p) => p.includes("Plotly figure"));
    // the figure at 2400 px makes its slide scroll down too: that is the height's report
    expect(result.decks[0].problems.filter((p) => !p.includes("Plotly figure"))).toEqual([
      expect.stringMatching(/slide 2 "Every word" .*taller/),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^.*words\.ipynb: slide 2 "Every word": cell 3: a Plotly figure whose labels do not fit: \d+ pairs of its \d+ labels overlap even when drawn at 960×2400 \(not 960×500\); to fit it, /,
    );
  });
});
