import { readFileSync } from "node:fs";
import type { INotebookContent } from "@jupyterlab/nbformat";
import { renderCell } from "../html/cell";
import { folderOf } from "../html/local-images";
import { documentHead } from "../html/document-head";
import { escapeHtml, safeJson, scriptSafe } from "../html/escape";
import { HIGHLIGHT_CSS } from "../html/highlight";
import { katexCss, newMathState } from "../html/math";
import { lectureTitleOf, notebookTitle } from "../html/notebook-info";
import { newRenderContext, type RenderContext } from "../html/outputs";
import { plainTitle } from "../html/page";
import { CONTENT_CSS } from "../html/page-css";
import { browserScript } from "../html/browser-script";
import { plotDrawHtml, plotlyEmbedHtml } from "../html/plotly";
import { applyCodeOption, type CodeOption } from "./code-option";
import { deckPlotLabelsHtml, fitSlidesHtml, splitSlidesHtml, wideContentHtml } from "./fit";
import { PAGE_ID } from "../html/page-names";
import { estimateOverflows, type SlideOverflow } from "./overflow";
import {
  autoSlides,
  type DeckCounts,
  deckCounts,
  deckStructure,
  missingSlidesHint,
  type Subslide,
  unprepared,
} from "./structure";
import { PLOT_SIZE, SLIDE_HEIGHT, SLIDE_WIDTH, THEME_CSS } from "./theme";

/** Options of exportDeck. */
export interface DeckOptions {
  /** The deck's title (first slide, <title>); default: the notebook's title. */
  title?: string;
  lectureTitle?: string;
  /** Code cells' inputs: as their tags say (default), all shown (hide-input ignored) or all hidden behind toggles. */
  code?: CodeOption;
  /** Whether outputs may run their scripts (html/page.ts PageOptions.trustOutputs); default false. */
  trustOutputs?: boolean;
}

/** An exported deck and what is in it. */
export interface ExportedDeck {
  html: string;
  title: string;
  counts: DeckCounts;
  /** Plotly figures in the deck (plotly.js is inlined once when > 0). */
  figures: number;
  warnings: string[];
  /**
   * Slides sure not to fit even at the smallest zoom (estimated, a lower bound: see estimateOverflows); empty for a
   * notebook without slide metadata, whose too tall sections the deck breaks over continuation slides itself.
   */
  overflows: SlideOverflow[];
  /** Whether dl4nlp chose the slides (no slide metadata): sections too tall go on over continuation slides. */
  autoSplit: boolean;
}

const cache = new Map<string, string>();

/** A file of an installed package, read once. */
function packageFile(spec: string): string {
  let text = cache.get(spec);
  if (text === undefined) {
    text = readFileSync(require.resolve(spec), "utf8");
    cache.set(spec, text);
  }
  return text;
}

function renderSubslide(
  sub: Subslide,
  ctx: RenderContext,
  first: { kicker?: string; title?: string } | undefined,
  autoSplit: boolean,
): string {
  const parts: string[] = [];
  if (first) {
    if (first.kicker) parts.push(`<p class="lecture-kicker">${escapeHtml(first.kicker)}</p>`);
    if (first.title) parts.push(`<h1 class="deck-title">${first.title}</h1>`);
  }
  for (const block of sub.blocks) {
    const html = block.cells.map((c) => renderCell(c, ctx, { numbered: true })).join("\n");
    parts.push(block.fragment ? `<div class="fragment">${html}</div>` : html);
  }
  if (sub.notes.length > 0) {
    parts.push(`<aside class="notes">${sub.notes.map((c) => renderCell(c, ctx)).join("\n")}</aside>`);
  }
  return `<section${autoSplit ? " data-auto-split" : ""}>\n${parts.join("\n")}\n</section>`;
}

/**
 * A notebook → one self-contained reveal.js deck (reveal.js 6 and its notes plugin inlined; math typeset with KaTeX
 * ahead of time, fonts inlined; code highlighted; Plotly figures interactive, plotly.js inlined once). The slide
 * structure follows metadata.slideshow.slide_type as nbconvert does (see deckStructure), cell tags hide or remove
 * inputs and outputs. The first slide carries the notebook's title, under the course's lecture title for the course's
 * own notebooks (lectureTitleOf; a lecturer's own notebook shows its own title only). A notebook never prepared as
 * slides gets a slide at each heading (autoSlides) instead of one slide too tall to read, and a section too tall for
 * one slide goes on over continuation slides (`browser/split-slides.ts`). Open it with
 * `?print-pdf` to print (one page per slide; add `&pdf-fragments` for one page per fragment step).
 */
export function exportDeck(nb: INotebookContent, options: DeckOptions = {}): ExportedDeck {
  const cells = applyCodeOption(nb.cells, options.code ?? "tags");
  const autoSplit = unprepared(cells);
  const slideCells = autoSlides(cells);
  const slides = deckStructure(slideCells);
  const ctx = newRenderContext(newMathState(), "plot", options.trustOutputs ?? false);
  ctx.cellNumbers = new Map(nb.cells.map((c, i) => [c, i + 1]));
  // applyCodeOption and autoSlides may copy cells: a copy's number is that of the notebook's cell at its place
  for (const [i, c] of slideCells.entries()) ctx.cellNumbers.set(c, i + 1);
  ctx.baseDir = folderOf(nb);
  const title = options.title ?? notebookTitle(nb);
  const lecture = lectureTitleOf(nb, options.lectureTitle);
  const sections = slides.map((slide, h) => {
    const inner = slide.subslides.map((sub, v) => {
      let first: { kicker?: string; title?: string } | undefined;
      if (h === 0 && v === 0) {
        const hasH1 = sub.blocks.some((b) =>
          b.cells.some(
            (c) => c.cell_type === "markdown" && /^#\s/m.test(String(Array.isArray(c.source) ? c.source.join("") : c.source)),
          ),
        );
        first = { kicker: lecture, title: hasH1 ? undefined : escapeHtml(plainTitle(title)) };
      }
      return renderSubslide(sub, ctx, first, autoSplit);
    });
    return `<section>\n${inner.join("\n")}\n</section>`;
  });
  const hint = missingSlidesHint(nb.cells);
  const warnings = [
    ...(hint ? [hint] : []),
    ...ctx.warnings,
    ...ctx.math.errors.map((e) => `math not typeset: ${e.tex.trim()} (${e.message})`),
  ];
  const config = {
    width: SLIDE_WIDTH,
    height: SLIDE_HEIGHT,
    margin: 0.04,
    center: false,
    hash: true,
    slideNumber: "c/t",
    transition: "fade",
    transitionSpeed: "fast",
    pdfMaxPagesPerSlide: 1,
  };
  const plotly = ctx.figures > 0 ? `${plotlyEmbedHtml()}\n${plotDrawHtml({ fixed: PLOT_SIZE })}\n${deckPlotLabelsHtml()}` : "";
  const head = documentHead({
    generator: "dl4nlp slides",
    title: lecture ? `${plainTitle(title)} · ${lecture}` : plainTitle(title),
    viewport: "width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no",
  });
  const html = `${head}
<style>${packageFile("reveal.js/reset.css")}</style>
<style>${packageFile("reveal.js/reveal.css")}</style>
<style>${katexCss()}</style>
<style>${HIGHLIGHT_CSS}${CONTENT_CSS}${THEME_CSS}</style>
</head>
<body>
<div class="reveal">
<div class="slides">
${sections.join("\n")}
</div>
<div class="deck-footer">${lecture ? `${escapeHtml(lecture)} · ` : ""}${escapeHtml(plainTitle(title))}</div>
</div>
<script>${scriptSafe(packageFile("reveal.js"))}</script>
<script>${scriptSafe(packageFile("reveal.js/plugin/notes"))}</script>
${plotly}
<script type="application/json" id="${PAGE_ID.deckConfig}">${safeJson(config)}</script>
${wideContentHtml()}
${autoSplit ? splitSlidesHtml() : ""}
<script>${browserScript("slides/browser/deck-init")}</script>
${fitSlidesHtml()}
</body>
</html>
`;
  const overflows = autoSplit ? [] : estimateOverflows(slides, ctx.cellNumbers);
  return { html, title, counts: deckCounts(slides), figures: ctx.figures, warnings, overflows, autoSplit };
}
