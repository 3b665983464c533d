import type { ICell, IDisplayData } from "@jupyterlab/nbformat";
import { confusionMatrixFigure, softmaxBars } from "../../../lib/plot";
import type { Figure } from "../../../lib/plot/types";
import { md, notebook } from "./overflow-notebooks";

/**
 * Plotly figures with many categories on slides, one per slide (a heading each, slide metadata given): the library's
 * figures and plain Plotly specs such as a cell writes itself.
 */

/** A code cell showing one Plotly figure. */
export const plotting = (id: string, figure: Figure | Record<string, unknown>): ICell => ({
  cell_type: "code",
  id,
  metadata: {},
  source: `show(${id});`,
  execution_count: 1,
  outputs: [
    {
      output_type: "display_data",
      metadata: {},
      data: { "application/vnd.plotly.v1+json": JSON.parse(JSON.stringify(figure)), "text/plain": id } as IDisplayData["data"],
    },
  ],
});

/** k class names like a real data set's: of different lengths, the longest 20 characters. */
export const namesOf = (k: number) => Array.from({ length: k }, (_, i) => (i % 5 === 4 ? `class-with-long-name-${i}` : `C${i}`));
/** A k×k confusion matrix with a strong diagonal and two-digit counts off it. */
export const matrixOf = (k: number) =>
  Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 150 : (i * 7 + j * 3) % 23)));

/** The 45 tags of the Penn Treebank. */
export const PTB_TAGS =
  "CC CD DT EX FW IN JJ JJR JJS LS MD NN NNS NNP NNPS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB $ # `` '' -LRB- -RRB- , . :".split(
    " ",
  );

/** 30 tokens of a sentence, for an attention heatmap. */
export const TOKENS =
  "the quick brown fox jumps over the lazy dog while students of natural language processing read attention maps of thirty tokens in a lecture on neural networks today"
    .split(" ")
    .map((t, i) => `${t}_${i}`);

/** A user's Plotly bar chart of `labels` (no layout size: the slide's), as a cell would write it. */
const userBars = (labels: string[], title: string) => ({
  data: [{ type: "bar", x: labels, y: labels.map((_, i) => ((i * 37) % 11) + 1) }],
  layout: { title: { text: title } },
});

/** A user's 30×30 attention heatmap over tokens with the weights written in the cells. */
const attention = () => {
  const z = TOKENS.map((_, i) => TOKENS.map((_, j) => Math.round((1 / (1 + Math.abs(i - j))) * 100) / 100));
  return {
    data: [{ type: "heatmap", x: TOKENS, y: TOKENS, z, text: z.map((r) => r.map((v) => v.toFixed(2))), texttemplate: "%{text}" }],
    layout: { title: { text: "attention" } },
  };
};

/** A user's horizontal bar chart of 120 vocabulary words (frequencies), categories on y. */
const vocabulary = () => {
  const words = Array.from({ length: 120 }, (_, i) => `word${i}`);
  return {
    data: [{ type: "bar", orientation: "h", y: words, x: words.map((_, i) => 1000 / (i + 1)) }],
    layout: { title: { text: "vocabulary" } },
  };
};

/** A user's figure with long labels and no automargin: Plotly cuts them at the figure's left edge. */
const cutLabels = () => ({
  data: [
    {
      type: "bar",
      orientation: "h",
      y: ["a rather long category name that is cut", "short", "another long category name here"],
      x: [3, 1, 2],
    },
  ],
  layout: { title: { text: "cut" }, yaxis: { automargin: false }, margin: { l: 20 } },
});

/**
 * 300 words each labelled on the vertical axis (tickvals: every one), in a large font: no size a slide allows
 * (2400 px) separates them, so the figure is reported.
 */
const everyWord = () => {
  const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
  return {
    data: [{ type: "bar", orientation: "h", y: words, x: words.map((_, i) => 300 - i) }],
    layout: { title: { text: "every word" }, font: { size: 16 }, yaxis: { tickmode: "array", tickvals: words } },
  };
};

/** A figure with few categories (4): drawn exactly as before. */
const few = () => ({
  data: [{ type: "bar", x: ["cat", "dog", "bird", "fish"], y: [3, 1, 2, 4] }],
  layout: { title: { text: "few" } },
});

/** Slide headings, in order; each slide holds one figure. */
export const PLOT_SLIDES = [
  "Confusion 40",
  "Confusion 60",
  "Confusion 100",
  "Softmax 60",
  "POS tags 45",
  "Attention 30x30",
  "Vocabulary 120",
  "Long labels 40",
  "Cut labels",
  "Every word 300",
  "Few categories",
] as const;

const longLabels = Array.from({ length: 40 }, (_, i) => `a fairly long label number ${i}`);

/** The figure of each slide. */
export const PLOT_FIGURES: Record<(typeof PLOT_SLIDES)[number], Figure | Record<string, unknown>> = {
  "Confusion 40": confusionMatrixFigure(matrixOf(40), namesOf(40)),
  "Confusion 60": confusionMatrixFigure(matrixOf(60), namesOf(60)),
  "Confusion 100": confusionMatrixFigure(matrixOf(100), namesOf(100)),
  "Softmax 60": softmaxBars(
    Array.from({ length: 60 }, (_, i) => Math.sin(i)),
    { labels: namesOf(60) },
  ),
  "POS tags 45": userBars(PTB_TAGS, "POS tags"),
  "Attention 30x30": attention(),
  "Vocabulary 120": vocabulary(),
  "Long labels 40": userBars(longLabels, "long labels"),
  "Cut labels": cutLabels(),
  "Every word 300": everyWord(),
  "Few categories": few(),
};

/** A deck with a slide per figure (the author's breaks: slide metadata). */
export const PLOT_LABELS = notebook(
  PLOT_SLIDES.flatMap((title, i) => [md(`h${i}`, `## ${title}`, "slide"), plotting(`fig${i}`, PLOT_FIGURES[title])]),
);

/** A talk of two slides: 300 words each labelled (reported), then few categories (fine). */
export const EVERY_WORD_TALK = notebook([
  md("t", "# Words", "slide"),
  md("h1", "## Every word", "slide"),
  plotting("words", PLOT_FIGURES["Every word 300"]),
  md("h2", "## Few", "slide"),
  plotting("few", PLOT_FIGURES["Few categories"]),
]);
