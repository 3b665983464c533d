import type { ICell, INotebookContent } from "@jupyterlab/nbformat";

/** Notebooks whose slides are too tall for 1280×720 even at the smallest zoom (and two that fit), for the deck tests. */

const KERNEL = { kernelspec: { name: "dl4nlp", display_name: "TypeScript (dl4nlp)", language: "typescript" } };

export const notebook = (cells: ICell[]): INotebookContent => ({ nbformat: 4, nbformat_minor: 5, metadata: KERNEL, cells });

export const md = (id: string, source: string, slideType?: string): ICell => ({
  cell_type: "markdown",
  id,
  metadata: slideType ? { slideshow: { slide_type: slideType } } : {},
  source,
});

/** A code cell whose output is a stream of `text`. */
export const printing = (id: string, source: string, text: string, slideType?: string): ICell => ({
  cell_type: "code",
  id,
  metadata: slideType ? { slideshow: { slide_type: slideType } } : {},
  source,
  execution_count: 1,
  outputs: [{ output_type: "stream", name: "stdout", text }],
});

/** n numbered lines "<prefix> i of n", one per line. */
export const numberedLines = (prefix: string, n: number) =>
  `${Array.from({ length: n }, (_, i) => `${prefix} ${i + 1} of ${n}`).join("\n")}\n`;

/**
 * The tester's notebook (session 6): no slide metadata; headings "#", "## Part one", "## Part two"; under Part one a
 * 14-item list, a code cell and a cell printing 40 lines. One slide per heading clipped Part one at 1280×720.
 */
export const TESTERS = notebook([
  md("t", "# A lecturer's talk\n\nWhat we will see today."),
  md("p1", "## Part one"),
  md("list", Array.from({ length: 14 }, (_, i) => `- point ${i + 1}: something worth saying about it`).join("\n")),
  printing("code", "const xs = [1, 2, 3];\nconsole.log(xs.length);", "3\n"),
  printing("print40", "for (let i = 1; i <= 40; i++) console.log(`output line ${i} of 40`);", numberedLines("output line", 40)),
  md("p2", "## Part two\n\nA short part."),
]);

/** No slide metadata; one section printing a 300-line stream (with ANSI colours on every tenth line). */
export const STREAM_300 = notebook([
  md("t", "# Long output"),
  md("h", "## The log"),
  printing(
    "log",
    "for (let i = 1; i <= 300; i++) console.log(`log line ${i} of 300`);",
    `${Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? `\u001b[31mlog line ${i + 1} of 300\u001b[0m` : `log line ${i + 1} of 300`)).join("\n")}\n`,
  ),
  md("after", "## After\n\nTHE LAST SLIDE"),
]);

/** No slide metadata; a section whose one output is an HTML table of 90 rows. */
export const LONG_TABLE = notebook([
  md("t", "# Tables"),
  md("h", "## A long table"),
  {
    cell_type: "code",
    id: "table",
    metadata: {},
    source: "showTable(rows);",
    execution_count: 1,
    outputs: [
      {
        output_type: "execute_result",
        execution_count: 1,
        metadata: {},
        data: {
          "text/html": `<table><thead><tr><th>row</th><th>value</th></tr></thead><tbody>${Array.from(
            { length: 90 },
            (_, i) => `<tr><td>table row ${i + 1} of 90</td><td>${(i * 0.37).toFixed(2)}</td></tr>`,
          ).join("")}</tbody></table>`,
          "text/plain": "table",
        },
      },
    ],
  },
  md("h2", "## Next\n\nshort"),
]);

/** No slide metadata; a section of one markdown cell (a 30-item numbered list and a 40-line code fence) and an 80-line code cell. */
export const LIST_AND_FENCE = notebook([
  md("t", "# Notes"),
  md(
    "h",
    `## Everything at once\n\n${Array.from({ length: 30 }, (_, i) => `${i + 1}. list item ${i + 1} of 30`).join("\n")}\n\n\`\`\`ts\n${Array.from(
      { length: 40 },
      (_, i) => `const fence${i + 1} = ${i + 1}; // fence line ${i + 1} of 40`,
    ).join("\n")}\n\`\`\``,
  ),
  printing("long-code", Array.from({ length: 80 }, (_, i) => `let v${i + 1} = "code line ${i + 1} of 80";`).join("\n"), "done\n"),
]);

/**
 * Slide metadata; its third slide (heading, a 14-item list, a cell printing 36 lines) is too tall even at 60%, though
 * each cell alone fits: a subslide at the printing cell (cell 5) would make it fit. The other slides fit.
 */
export const PREPARED_OVERFLOW = notebook([
  md("t", "# Prepared talk", "slide"),
  md("a", "## Fits\n\nA short slide.", "slide"),
  md("b", "## Too long", "slide"),
  md("list", Array.from({ length: 14 }, (_, i) => `- prepared point ${i + 1} of 14`).join("\n")),
  printing("p", "for (let i = 1; i <= 36; i++) console.log(`row ${i}`);", numberedLines("printed row", 36)),
  md("c", "## Fits too\n\nThe end.", "slide"),
]);

/** Slide metadata; one slide is a single cell printing 200 lines (no break between cells can help). */
export const PREPARED_ONE_CELL = notebook([
  md("t", "# One cell", "slide"),
  printing("p", "for (let i = 1; i <= 200; i++) console.log(i);", numberedLines("single cell line", 200), "slide"),
]);

/** Notebooks that fit: no slide metadata (a slide per heading, a section of moderate length) and prepared. */
export const FITS_PLAIN = notebook([
  md("t", "# Fits"),
  md("h1", "## Part one"),
  md("l", Array.from({ length: 6 }, (_, i) => `- item ${i + 1}`).join("\n")),
  printing("c", "console.log(1);", numberedLines("fits line", 12)),
  md("h2", "## Part two\n\nshort"),
]);
export const FITS_PREPARED = notebook([
  md("t", "# Fits", "slide"),
  printing("c", "console.log(1);", numberedLines("fits line", 18), "slide"),
  md("e", "## End", "slide"),
]);

/** An SVG figure 900×300 labelled "figure i of n". */
const svgFigure = (i: number, n: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300"><rect width="900" height="300" fill="#dde"/><text x="20" y="150" font-size="40">figure ${i} of ${n}</text></svg>`;

/**
 * No slide metadata; one section whose one cell shows 5 figures (too many for a slide), then a section whose one
 * output is a tall HTML block (cannot be broken), then a short section.
 */
export const FIGURES_AND_TALL_HTML = notebook([
  md("t", "# Figures"),
  md("h", "## Many figures"),
  {
    cell_type: "code",
    id: "figs",
    metadata: {},
    source: "for (const f of figures) show(f);",
    execution_count: 1,
    outputs: Array.from({ length: 5 }, (_, i) => ({
      output_type: "display_data" as const,
      metadata: {},
      data: { "image/svg+xml": svgFigure(i + 1, 5), "text/plain": `figure ${i + 1}` },
    })),
  },
  md("h2", "## A tall HTML output"),
  {
    cell_type: "code",
    id: "tall",
    metadata: {},
    source: "showHtml(tall);",
    execution_count: 1,
    outputs: [
      {
        output_type: "display_data",
        metadata: {},
        data: {
          "text/html":
            '<div style="height:1600px;background:#eef">TALL HTML TOP<div style="margin-top:1500px">TALL HTML END</div></div>',
        },
      },
    ],
  },
  md("h3", "## After\n\nAFTER THE TALL ONE"),
]);

/**
 * Slide metadata; one slide per markdown construct whose height the estimate must not overstate (rules, math, link
 * definitions, indented code, small headings, images, tables, quotes, nested lists, setext headings, HTML).
 */
export const MARKDOWN_KINDS = notebook(
  [
    "# Title\n\nA paragraph\nover two source lines.",
    "Text\n\n---\n\n***\n\nMore text",
    "$$\na = b + c \\\\\nd = e\n$$\n\nand $x$ inline\n\n$$x^2$$",
    "\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}",
    "[link]: https://example.org\n[other]: https://example.org\n\nSee [link].",
    "Code:\n\n    indented code 1\n    indented code 2\n\nafter",
    "#### Small heading\n\n##### Smaller\n\n###### Smallest",
    "![alt](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "> quoted line\n> more\n\n- one\n  - nested\n    - deeper\n- two",
    "Setext heading\n===\n\nSub\n---\n\n<div>html</div>",
    "1. one\n2. two\n\n   continued in item two\n3. three\n\n```\nfenced 1\nfenced 2\n```",
  ].map((source, i) => md(`k${i}`, source, "slide")),
);

/**
 * No slide metadata; a section under an h3 with inline code in its title, broken over slides that hold different
 * amounts (full pages of a 100-line stream, then a short last page), and a section under an h2 whose first page is
 * full and whose last holds two lines.
 */
export const TITLE_STYLES = notebook([
  md("t", "# Titles"),
  md("h3", "### A `typed` title"),
  printing("s", "for (let i = 1; i <= 100; i++) console.log(i);", numberedLines("typed line", 100)),
  md("end", "The end of it."),
  md("h2", "## Plain title"),
  printing("p", "for (let i = 1; i <= 64; i++) console.log(i);", numberedLines("plain line", 64)),
]);

/** An inline SVG figure 900×420 with text at its top and bottom edges ("FIGTOP i", "FIGBOTTOM i"). */
const markedFigure = (i: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420"><rect width="900" height="420" fill="#dde"/><text x="20" y="40" font-size="30">FIGTOP ${i}</text><text x="20" y="400" font-size="30">FIGBOTTOM ${i}</text></svg>`;

const htmlOutput = (id: string, html: string): ICell => ({
  cell_type: "code",
  id,
  metadata: {},
  source: `show(${id});`,
  execution_count: 1,
  outputs: [{ output_type: "display_data", metadata: {}, data: { "text/html": html, "text/plain": id } }],
});

/** A Plotly bar chart 420 px high titled "PLOTTOP i" with the x axis titled "PLOTBOTTOM i" (drawn as SVG text). */
const plotlyFigure = (i: number): ICell => ({
  cell_type: "code",
  id: `plot${i}`,
  metadata: {},
  source: `softmaxBars(${i});`,
  execution_count: 1,
  outputs: [
    {
      output_type: "display_data",
      metadata: {},
      data: {
        "application/vnd.plotly.v1+json": {
          data: [{ type: "bar", x: ["a", "b", "c"], y: [1, 2, 3 + i] }],
          layout: { height: 420, width: 900, title: { text: `PLOTTOP ${i}` }, xaxis: { title: { text: `PLOTBOTTOM ${i}` } } },
        },
        "text/plain": `plot ${i}`,
      },
    },
  ],
});

/**
 * Slide metadata; one slide too tall (it gets extra PDF pages): a stream of `lines` lines, then blocks that must not be cut by
 * a page break, each marked at its top and bottom: 7 SVG figures, 5 Plotly figures, a 300 px HTML block, a table whose
 * rows are 3 lines high.
 */
export const preparedBlocks = (lines: number) =>
  notebook([
    md("t", "# Blocks", "slide"),
    md("h", "## Figures and blocks", "slide"),
    printing("s", `for (let i = 1; i <= ${lines}; i++) console.log(i);`, numberedLines("block line", lines)),
    ...Array.from({ length: 7 }, (_, i) => htmlOutput(`fig${i + 1}`, markedFigure(i + 1))),
    ...Array.from({ length: 5 }, (_, i) => plotlyFigure(i + 1)),
    htmlOutput("block", '<div style="height:300px;background:#efe">HTMLTOP<div style="margin-top:240px">HTMLBOTTOM</div></div>'),
    md(
      "table",
      `| a | b |\n|---|---|\n${Array.from({ length: 24 }, (_, i) => `| ROWTOP ${i + 1}<br>middle<br>ROWBOTTOM ${i + 1} | x |`).join("\n")}`,
    ),
  ]);
