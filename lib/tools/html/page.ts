import type { INotebookContent } from "@jupyterlab/nbformat";
import { renderCell } from "./cell";
import { documentHead } from "./document-head";
import { escapeHtml } from "./escape";
import { HIGHLIGHT_CSS } from "./highlight";
import { katexCss, newMathState } from "./math";
import { folderOf } from "./local-images";
import { lectureTitleOf, notebookTitle } from "./notebook-info";
import { newRenderContext } from "./outputs";
import { CONTENT_CSS, PAGE_CSS } from "./page-css";
import { plotDrawHtml, plotlyEmbedHtml } from "./plotly";

/** Options of exportPage. */
export interface PageOptions {
  /** The page title; default: the notebook's title. */
  title?: string;
  lectureTitle?: string;
  /** Folder local images are read from; default: the folder the notebook was read from (prepareNotebooks). */
  baseDir?: string;
  /** Whether the notebook's outputs may run their scripts (computed by this run, or --trust); default false. */
  trustOutputs?: boolean;
  /** Links under the notebook (course site navigation). */
  nav?: { index?: string; previous?: { href: string; title: string }; next?: { href: string; title: string } };
}

/** An exported page and what happened while making it. */
export interface ExportedPage {
  html: string;
  title: string;
  /** Plotly figures on the page (plotly.js is inlined once when > 0). */
  figures: number;
  warnings: string[];
}

/** Text of a markdown heading as plain text for <title>: emphasis and code marks dropped. */
export const plainTitle = (md: string) => md.replace(/[*_`]/g, "").replace(/\$([^$]*)\$/g, "$1");

/**
 * A notebook → one self-contained HTML page: markdown with math typeset by KaTeX (fonts inlined), code highlighted,
 * every output in its best MIME type, Plotly figures drawn by ONE inlined plotly.js; notes cells as boxed notes.
 * Works from file:// with no network.
 */
export function exportPage(nb: INotebookContent, options: PageOptions = {}): ExportedPage {
  const ctx = newRenderContext(newMathState(), "plot", options.trustOutputs ?? false);
  ctx.cellNumbers = new Map(nb.cells.map((c, i) => [c, i + 1]));
  ctx.baseDir = options.baseDir ?? folderOf(nb);
  const title = options.title ?? notebookTitle(nb);
  const cells: string[] = [];
  for (const cell of nb.cells) {
    const html = renderCell(cell, ctx, { prompts: true });
    if (html === "") continue;
    const slideType = (cell.metadata as { slideshow?: { slide_type?: string } }).slideshow?.slide_type;
    cells.push(slideType === "notes" ? `<aside class="notes">${html}</aside>` : html);
  }
  const warnings = [...ctx.warnings, ...ctx.math.errors.map((e) => `math not typeset: ${e.tex.trim()} (${e.message})`)];
  const nav = options.nav;
  const navHtml = nav
    ? `<nav class="pager"><span>${nav.previous ? `← <a href="${escapeHtml(nav.previous.href)}">${escapeHtml(plainTitle(nav.previous.title))}</a>` : ""}</span>${nav.index ? `<a href="${escapeHtml(nav.index)}">Contents</a>` : ""}<span>${nav.next ? `<a href="${escapeHtml(nav.next.href)}">${escapeHtml(plainTitle(nav.next.title))}</a> →` : ""}</span></nav>`
    : "";
  const lectureTitle = lectureTitleOf(nb, options.lectureTitle);
  // a lecturer's own notebook: its own title in the header (the lecture line is the course's only)
  const lecture = escapeHtml(lectureTitle ?? plainTitle(title));
  const head = documentHead({
    generator: "dl4nlp html",
    title: lectureTitle ? `${plainTitle(title)} · ${lectureTitle}` : plainTitle(title),
  });
  const html = `${head}
<style>${katexCss()}</style>
<style>${HIGHLIGHT_CSS}${CONTENT_CSS}${PAGE_CSS}</style>
</head>
<body>
<header class="lecture"><span class="lecture-title">${nav?.index ? `<a href="${escapeHtml(nav.index)}">${lecture}</a>` : lecture}</span></header>
<main>
${cells.join("\n")}
${navHtml}
</main>
${ctx.figures > 0 ? `${plotlyEmbedHtml()}\n${plotDrawHtml()}` : ""}
</body>
</html>
`;
  return { html, title, figures: ctx.figures, warnings };
}
