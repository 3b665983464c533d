import { join } from "node:path";
import { writeFileAtomic } from "../nbformat/write";
import { documentHead } from "./document-head";
import { escapeHtml } from "./escape";
import { isolateHtml } from "./isolate";
import { renderMarkdown } from "./markdown";
import { katexCss, newMathState } from "./math";
import { learningGoal, lectureTitleOfAll, notebookTitle } from "./notebook-info";
import { CONTENT_CSS, PAGE_CSS } from "./page-css";
import { CONTENTS_PAGE, overwriteProblem } from "./output-guard";
import { exportPage, plainTitle } from "./page";
import { type PreparedNotebook, type PrepareOptions, prepareNotebooks } from "./prepare";

/** One entry of an index page. */
export interface IndexEntry {
  href: string;
  /** Markdown (may hold math). */
  title: string;
  /** Markdown: the first learning goal. */
  goal: string;
  /** Extra links after the entry (e.g. the PDF of a deck). */
  extra?: { href: string; label: string }[];
}

/**
 * The index page of a set of notebooks: the lecture title (lectureTitleOfAll: the course's for the course's notebooks;
 * without one, the heading), then the notebooks in order with their first learning goal.
 */
export function indexPage(entries: IndexEntry[], options: { heading: string; lectureTitle?: string; css?: string }): string {
  const math = newMathState();
  // titles and goals come from the notebooks' markdown: confined like a markdown cell (isolate.ts), never run
  const inline = (md: string) =>
    isolateHtml(
      renderMarkdown(md, math)
        .replace(/^<p>|<\/p>\s*$/g, "")
        .trim(),
    ).html;
  const lecture = escapeHtml(options.lectureTitle ?? options.heading);
  const items = entries
    .map((e) => {
      const extra = (e.extra ?? []).map((x) => ` · <a href="${escapeHtml(x.href)}">${escapeHtml(x.label)}</a>`).join("");
      return `<li><a href="${escapeHtml(e.href)}">${inline(e.title)}</a>${extra}${e.goal ? `<div class="goal">${inline(e.goal)}</div>` : ""}</li>`;
    })
    .join("\n");
  const head = documentHead({
    generator: "dl4nlp",
    title: options.lectureTitle ? `${options.lectureTitle} · ${options.heading}` : options.heading,
  });
  return `${head}
${items.includes('class="katex') ? `<style>${katexCss()}</style>\n` : ""}<style>${CONTENT_CSS}${PAGE_CSS}${options.css ?? ""}</style>
</head>
<body>
<header class="lecture"><span class="lecture-title">${escapeHtml(options.heading)}</span></header>
<main>
<h1>${lecture}</h1>
<ol class="notebooks">
${items}
</ol>
</main>
</body>
</html>
`;
}

/** Options of exportSite. */
export interface SiteOptions extends PrepareOptions {
  out: string;
  lectureTitle?: string;
  /** --trust: outputs stored in the notebooks keep their scripts too (by default only outputs of this run do). */
  trust?: boolean;
}

/** What exportSite wrote. */
export interface SiteResult {
  pages: { file: string; output?: string; title?: string; figures?: number; executed: boolean; problems: string[] }[];
  index?: string;
  /** Why the contents page was not written (a user's file of its name: output-guard.ts). */
  indexProblem?: string;
  ok: boolean;
}

/**
 * Notebooks (files or folders) → the course site: one self-contained page per notebook (`<name>.html`) and an index
 * page, written atomically into options.out. Notebooks without outputs are executed first (see prepareNotebooks).
 * A file in options.out that no export wrote is never replaced unless options.force; a notebook named like the
 * contents page (index.ipynb) is refused (output-guard.ts, prepare.ts).
 */
export async function exportSite(paths: string[], options: SiteOptions): Promise<SiteResult> {
  const prepared = await prepareNotebooks(paths, options);
  const result: SiteResult = { pages: [], ok: true };
  // a page whose file belongs to the user is not written, nor linked from the others
  const usable = prepared.filter((p): p is PreparedNotebook & { notebook: NonNullable<PreparedNotebook["notebook"]> } => {
    const refused = p.notebook ? overwriteProblem(join(options.out, `${p.name}.html`), options) : undefined;
    if (p.notebook && !refused) return true;
    const problem = refused ? `${p.file}: not exported: ${refused}` : (p.problem ?? "not readable");
    result.pages.push({ file: p.file, executed: p.executed, problems: [problem] });
    result.ok = false;
    return false;
  });
  const titles = usable.map((p) => notebookTitle(p.notebook, p.name));
  for (const [i, p] of usable.entries()) {
    const page = exportPage(p.notebook, {
      lectureTitle: options.lectureTitle,
      trustOutputs: p.executed || options.trust === true,
      nav: {
        index: "index.html",
        previous: i > 0 ? { href: `${usable[i - 1].name}.html`, title: titles[i - 1] } : undefined,
        next: i + 1 < usable.length ? { href: `${usable[i + 1].name}.html`, title: titles[i + 1] } : undefined,
      },
    });
    const output = join(options.out, `${p.name}.html`);
    await writeFileAtomic(output, page.html);
    const problems = [...(p.problem ? [p.problem] : []), ...page.warnings];
    if (p.problem) result.ok = false;
    result.pages.push({ file: p.file, output, title: page.title, figures: page.figures, executed: p.executed, problems });
  }
  if (usable.length > 0) {
    const entries = usable.map((p, i) => ({ href: `${p.name}.html`, title: titles[i], goal: learningGoal(p.notebook) }));
    const index = join(options.out, CONTENTS_PAGE);
    result.indexProblem = overwriteProblem(index, options);
    if (result.indexProblem) {
      result.ok = false;
      return result;
    }
    result.index = index;
    const lectureTitle = lectureTitleOfAll(
      usable.map((p) => p.notebook),
      options.lectureTitle,
    );
    await writeFileAtomic(
      result.index,
      indexPage(entries, { heading: lectureTitle ? "Course notebooks" : "Notebooks", lectureTitle }),
    );
  }
  return result;
}

export { plainTitle };
