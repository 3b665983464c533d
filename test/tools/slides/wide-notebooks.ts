import { crc32, deflateSync } from "node:zlib";
import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { ad, param } from "../../../lib/autograd";
import { computationGraph } from "../../../lib/plot/computationGraph";
import { Tensor } from "../../../lib/tensor/tensor";
import { matrixBundle } from "../../../lib/display/matrix";
import { tableBundle } from "../../../lib/display/table";
import { md, notebook, numberedLines, printing } from "./overflow-notebooks";

/** Notebooks whose content is wider than a 1280×720 slide even at the smallest zoom, one kind per section. */

/** A code cell with one display_data output of `data`. */
const showing = (id: string, data: Record<string, unknown>, slideType?: string): ICell => ({
  cell_type: "code",
  id,
  metadata: slideType ? { slideshow: { slide_type: slideType } } : {},
  source: `show(${id});`,
  execution_count: 1,
  outputs: [{ output_type: "display_data", metadata: {}, data: { "text/plain": id, ...data } }],
});

/** The tester's 31-column markdown table: header "c0h" … "c30h", 4 rows of "r1c0d" … */
export const WIDE_MARKDOWN_TABLE = `| ${Array.from({ length: 31 }, (_, j) => `c${j}h`).join(" | ")} |\n|${"---|".repeat(31)}\n${Array.from(
  { length: 4 },
  (_, i) => `| ${Array.from({ length: 31 }, (_, j) => `r${i + 1}c${j}d`).join(" | ")} |`,
).join("\n")}`;

/** The tester's display formula a_0 + a_1 + … + a_119. */
export const WIDE_FORMULA = `$$${Array.from({ length: 120 }, (_, i) => `a_{${i}}`).join("+")}$$`;

/** A fenced block in a markdown cell with a line of 1,500 characters (words "fw1z … fw250z"), and one unbroken line. */
export const WIDE_FENCE = `\`\`\`\n${Array.from({ length: 250 }, (_, i) => `fw${i + 1}z`).join(" ")}\n${"x".repeat(600)}FENCEEND\n\`\`\``;

/** HTML output with white-space:nowrap, 200 tokens "nw1z … nw200z". */
export const NOWRAP_HTML = `<div style="white-space:nowrap">${Array.from({ length: 200 }, (_, i) => `nw${i + 1}z`).join(" ")}</div>`;

/** A `<pre>` in an HTML output with one 1,200-character line (tokens "pw1z … pw200z"). */
export const PRE_HTML = `<pre>${Array.from({ length: 200 }, (_, i) => `pw${i + 1}z`).join(" ")}</pre>`;

/** A long URL and a long word in a paragraph. */
export const LONG_URL = `See https://example.org/${"segment/".repeat(40)}URLEND and ${"w".repeat(150)}WORDEND.`;

/** A dataframe-like HTML table of 40 columns "f0h" … "f39h", rows "h1v0d" … (the library's showTable). */
export const WIDE_HTML_TABLE = tableBundle(
  Array.from({ length: 3 }, (_, i) => Object.fromEntries(Array.from({ length: 40 }, (_, j) => [`f${j}h`, `h${i + 1}v${j}d`]))),
);

/** A 4×40 matrix from the library's display (typeset, 40 columns shown). */
export const WIDE_MATRIX = matrixBundle(
  Array.from({ length: 4 }, (_, i) => Array.from({ length: 40 }, (_, j) => i * 100 + j + 0.5)),
  { name: "W", maxCols: 40 },
);

/** A paragraph with an inline formula without a break point: x_1x_2…x_150 (a product, no operator between). */
export const INLINE_FORMULA = `Before $${Array.from({ length: 150 }, (_, i) => `x_{${i + 1}}`).join("")}$ after INLINEEND.`;

/** An HTML output of fixed width (3000 px): text that wraps, inside a box that cannot (tokens "bx1z … bx300z"). */
export const FIXED_BOX = `<div style="width:3000px;background:#eef">${Array.from({ length: 300 }, (_, i) => `bx${i + 1}z`).join(" ")}</div>`;

/** A wide SVG image (3000×200) and a wide inline SVG in an HTML output. */
const wideSvg = (label: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="200"><rect width="3000" height="200" fill="#dde"/><text x="10" y="100" font-size="40">${label} LEFT</text><text x="2700" y="100" font-size="40">${label} RIGHT</text></svg>`;

/** The cells of every wide kind, each under its own heading ("## Wide …"), with slide metadata or without. */
function wideCells(prepared: boolean): ICell[] {
  const s = prepared ? "slide" : undefined;
  return [
    md("t", "# Wide things", s),
    md("mt", `## Wide markdown table\n\n${WIDE_MARKDOWN_TABLE}`, s),
    md("f", `## Wide formula\n\n${WIDE_FORMULA}`, s),
    md("fe", `## Wide fence\n\n${WIDE_FENCE}`, s),
    md("nwh", "## Wide nowrap HTML", s),
    showing("nw", { "text/html": NOWRAP_HTML }),
    md("preh", "## Wide pre in HTML", s),
    showing("pre", { "text/html": PRE_HTML }),
    md("url", `## Wide URL\n\n${LONG_URL}`, s),
    md("hth", "## Wide HTML table", s),
    showing("ht", WIDE_HTML_TABLE as Record<string, unknown>),
    md("mxh", "## Wide matrix", s),
    showing("mx", WIDE_MATRIX as Record<string, unknown>),
    md("imh", "## Wide images", s),
    showing("img", { "image/svg+xml": wideSvg("IMG") }),
    showing("svg", { "text/html": wideSvg("INLINE") }),
    md("inl", `## Wide inline\n\n${INLINE_FORMULA}`, s),
    showing("box", { "text/html": FIXED_BOX }),
    md("end", "## The end\n\nNARROW END", s),
  ];
}

export const WIDE_PLAIN: INotebookContent = notebook(wideCells(false));
export const WIDE_PREPARED: INotebookContent = notebook(wideCells(true));

/** Token groups whose order the PDF's text keeps (a split table: its header and each row, the first column repeated). */
export const WIDE_TOKEN_GROUPS: string[][] = [
  Array.from({ length: 31 }, (_, j) => `c${j}h`),
  ...Array.from({ length: 4 }, (_, i) => Array.from({ length: 31 }, (_, j) => `r${i + 1}c${j}d`)),
  [...Array.from({ length: 250 }, (_, i) => `fw${i + 1}z`), `${"x".repeat(600)}FENCEEND`],
  Array.from({ length: 200 }, (_, i) => `nw${i + 1}z`),
  Array.from({ length: 200 }, (_, i) => `pw${i + 1}z`),
  [`https://example.org/${"segment/".repeat(40)}URLEND`, `${"w".repeat(150)}WORDEND`],
  Array.from({ length: 40 }, (_, j) => `f${j}h`),
  ...Array.from({ length: 3 }, (_, i) => Array.from({ length: 40 }, (_, j) => `h${i + 1}v${j}d`)),
  ["Before", "after INLINEEND."],
  Array.from({ length: 300 }, (_, i) => `bx${i + 1}z`),
  ["NARROW END"],
];

/**
 * Slide metadata; content that fits the width: a 6-column table, a short formula, a 60-character fence, a short nowrap
 * HTML line, a small matrix; and an `align` formula (KaTeX's box overflows by a pixel or two of empty space) on a slide
 * too tall (a 120-line stream), so shrunk to the smallest zoom.
 */
export const NARROW_PREPARED: INotebookContent = notebook([
  md("t", "# Narrow things", "slide"),
  md(
    "a",
    `## Fits\n\n| ${Array.from({ length: 6 }, (_, j) => `col ${j}`).join(" | ")} |\n|${"---|".repeat(6)}\n| ${Array.from({ length: 6 }, (_, j) => `v${j}`).join(" | ")} |\n\n$$y = \\sigma(Wx + b)$$\n\n\`\`\`\n${"const a = 1; ".repeat(5)}\n\`\`\``,
    "slide",
  ),
  showing("nw", { "text/html": '<div style="white-space:nowrap">a short line that fits</div><pre>a short pre</pre>' }),
  showing(
    "mx",
    matrixBundle(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { name: "W" },
    ) as Record<string, unknown>,
  ),
  md("al", "## Aligned\n\n\\begin{align}\n  y &= \\sigma(\\mathbf{w} \\cdot \\mathbf{x} + b)\n\\end{align}", "slide"),
  printing("long", "for (let i = 1; i <= 120; i++) console.log(i);", numberedLines("aligned line", 120)),
]);

/**
 * Slide metadata; a slide whose one markdown table (24 rows × 31 columns) fits the slide's height at 60 % but not its
 * width: in the PDF its columns split into two blocks, taller than the page together (the page grows, nothing is lost).
 */
export const WIDE_TALL_TABLE: INotebookContent = notebook([
  md("t", "# Rows", "slide"),
  md(
    "tt",
    `## Many rows\n\n| ${Array.from({ length: 31 }, (_, j) => `k${j}h`).join(" | ")} |\n|${"---|".repeat(31)}\n${Array.from(
      { length: 24 },
      (_, i) => `| ${Array.from({ length: 31 }, (_, j) => `q${i + 1}c${j}d`).join(" | ")} |`,
    ).join("\n")}`,
    "slide",
  ),
]);

const longToken = (label: string) => `${"m".repeat(140)}${label}`;

/**
 * Slide metadata; more wide kinds, one slide each: a long inline code span, a long word in a list item and in a
 * heading, a long URL in a table cell, a `<pre style="white-space:pre">` and a `nowrap` span inside a paragraph of an
 * HTML output, a markdown output with a long fence line, a long error line, a markdown image and an HTML iframe 3000 px
 * wide, a wide table with merged header cells (shrunk in the PDF, not split), and a fixed-width box centred by flexbox
 * (which pushes it past the left edge too).
 */
export const WIDE_VARIANTS: INotebookContent = notebook([
  md("t", "# More wide things", "slide"),
  md("ic", `## Inline code\n\nCall \`${longToken("CODEEND")}\` now.`, "slide"),
  md("li", `## List\n\n- short item\n- ${longToken("ITEMEND")}`, "slide"),
  md("hd", `## Head ${longToken("HEADEND")}`, "slide"),
  md("tc", `## Cell URL\n\n| name | link |\n|---|---|\n| a | https://example.org/${"path/".repeat(60)}CELLEND |`, "slide"),
  md("pr", "## Styled pre", "slide"),
  showing("pre2", {
    "text/html": `<pre style="white-space:pre">${Array.from({ length: 150 }, (_, i) => `sp${i + 1}z`).join(" ")}</pre><p>Text <span style="white-space:nowrap">${Array.from({ length: 120 }, (_, i) => `ns${i + 1}z`).join(" ")}</span> end.</p>`,
  }),
  md("mo", "## Markdown output", "slide"),
  showing("mdout", { "text/markdown": `\`\`\`\n${Array.from({ length: 150 }, (_, i) => `mo${i + 1}z`).join(" ")}\n\`\`\`` }),
  md("er", "## Error", "slide"),
  {
    cell_type: "code",
    id: "err",
    metadata: {},
    source: "fail();",
    execution_count: 1,
    outputs: [
      {
        output_type: "error",
        ename: "Error",
        evalue: "long",
        traceback: [`Error: ${Array.from({ length: 150 }, (_, i) => `er${i + 1}z`).join("")}`],
      },
    ],
  },
  md(
    "im",
    `## Wide picture\n\n![wide](data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="100"><rect width="3000" height="100" fill="#ccd"/></svg>').toString("base64")})`,
    "slide",
  ),
  md("ifh", "## Wide frame", "slide"),
  showing("iframe", { "text/html": '<iframe width="3000" height="120" srcdoc="&lt;p&gt;FRAME&lt;/p&gt;"></iframe>' }),
  md("ms", "## Merged header", "slide"),
  showing("merged", {
    "text/html": `<table><thead><tr><th></th><th colspan="15">GROUPA</th><th colspan="15">GROUPB</th></tr><tr><th>id</th>${Array.from({ length: 30 }, (_, j) => `<th>mh${j}x</th>`).join("")}</tr></thead><tbody><tr><td>row</td>${Array.from({ length: 30 }, (_, j) => `<td>mv${j}x</td>`).join("")}</tr></tbody></table>`,
  }),
  md("fx", "## Centred box", "slide"),
  showing("flex", {
    "text/html": `<div style="display:flex;justify-content:center"><div style="width:2500px;flex:none">FLEXSTART ${Array.from({ length: 200 }, (_, i) => `fx${i + 1}z`).join(" ")} FLEXEND</div></div>`,
  }),
]);

/** The tokens of WIDE_VARIANTS, by group, that must be reachable on the screen and in the PDF's text in order. */
export const VARIANT_TOKEN_GROUPS: string[][] = [
  [longToken("CODEEND")],
  [longToken("ITEMEND")],
  [longToken("HEADEND")],
  [`https://example.org/${"path/".repeat(60)}CELLEND`],
  Array.from({ length: 150 }, (_, i) => `sp${i + 1}z`),
  Array.from({ length: 120 }, (_, i) => `ns${i + 1}z`),
  Array.from({ length: 150 }, (_, i) => `mo${i + 1}z`),
  [Array.from({ length: 150 }, (_, i) => `er${i + 1}z`).join("")],
  ["GROUPA", "GROUPB", ...Array.from({ length: 30 }, (_, j) => `mh${j}x`)],
  Array.from({ length: 30 }, (_, j) => `mv${j}x`),
  ["FLEXSTART", ...Array.from({ length: 200 }, (_, i) => `fx${i + 1}z`), "FLEXEND"],
];

/** A solid PNG of width × height (a raster picture: its text, if any, cannot be read by the deck). */
function solidPng(width: number, height: number): string {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xc8)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]).toString(
    "base64",
  );
}

/** An SVG `width` px wide with `n` labels of `font` px spread over it ("<label>1" … "<label>n"). */
const labelledSvg = (label: string, width: number, font: number, n: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${font * 4}"><rect width="${width}" height="${font * 4}" fill="#eef"/>${Array.from(
    { length: n },
    (_, i) => `<text x="${Math.round((i * width) / n) + 4}" y="${font * 2}" font-size="${font}">${label}${i + 1}</text>`,
  ).join("")}</svg>`;

/** The computation graph of a chain of `steps` steps (the tester's `show(await computationGraph(v))`), as an SVG. */
export async function chainGraph(steps: number): Promise<string> {
  let v = param(Tensor.from([[1]]), "w0");
  for (let i = 1; i < steps; i++) v = ad.mul(ad.add(v, param(Tensor.from([[i]]), `b${i}`)), param(Tensor.from([[0.5]]), `s${i}`));
  return computationGraph(v);
}

/**
 * Slide metadata; one figure per slide, wide and narrow, of every kind a slide scales: a computation graph of a
 * 14-step chain (an SVG image: its labels would be ~5 px high scaled to the slide) and the same as an inline SVG in an
 * HTML output; a 3-step graph (fits); an SVG of 14 px labels a little wider than the slide (scaled to ~88 %: stays
 * legible, unchanged); a raster PNG 3000 px wide; a Plotly figure 3000 px wide (laid out at the slide's size, its text
 * keeps its size).
 */
export async function figureVariants(): Promise<INotebookContent> {
  const [wideGraph, smallGraph] = [await chainGraph(14), await chainGraph(3)];
  return notebook([
    md("t", "# Figures", "slide"),
    md("gh", "## Wide graph", "slide"),
    showing("g14", { "image/svg+xml": wideGraph }),
    md("ih", "## Wide inline graph", "slide"),
    showing("i14", { "text/html": wideGraph.slice(wideGraph.indexOf("<svg")) }),
    md("sh", "## Small graph", "slide"),
    showing("g3", { "image/svg+xml": smallGraph }),
    md("lh", "## Legible labels", "slide"),
    showing("lab", { "image/svg+xml": labelledSvg("LEG", 1400, 14, 10) }),
    md("ph", "## Wide photo", "slide"),
    showing("png", { "image/png": solidPng(3000, 150) }),
    md("plh", "## Wide plot", "slide"),
    showing("plot", {
      "application/vnd.plotly.v1+json": {
        data: [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2], name: "PLOTTRACE" }],
        layout: { width: 3000, height: 300, title: { text: "PLOTTITLE" } },
      },
    }),
  ]);
}

/** Slide headings of figureVariants whose figure keeps its legible floor and scrolls sideways (with a cue). */
export const FLOORED_FIGURES = ["Wide graph", "Wide inline graph"];

const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}z`).join(" ");

/**
 * Slide metadata; boxes wider than the slide by their size only, with nothing painted past its edge (the tester's
 * `<div style="width:2400px">` whose text ends at ~740 px, a wide flex row of short items, an inline box with a wide
 * right padding, a grid of fixed columns with content in the first only, a borderless table whose right columns are
 * empty), and boxes that do paint past it (the same div with text to its end, a coloured 2400 px box, a table whose
 * empty columns have borders).
 */
export const PAINTED_VARIANTS: INotebookContent = notebook([
  md("t", "# Boxes", "slide"),
  md("e1", "## Empty div", "slide"),
  showing("d1", { "text/html": `<div style="width:2400px">${words("ed", 12)} EMPTYDIVEND</div>` }),
  md("e2", "## Flex row", "slide"),
  showing("d2", {
    "text/html": '<div style="display:flex;width:2400px;gap:8px"><span>FLEXA</span><span>FLEXB</span><span>FLEXC</span></div>',
  }),
  md("e3", "## Padding", "slide"),
  showing("d3", { "text/html": '<span style="display:inline-block;padding-right:2200px">PADDED</span>' }),
  md("e4", "## Grid", "slide"),
  showing("d4", {
    "text/html": '<div style="display:grid;grid-template-columns:600px 900px 900px"><div>GRIDA</div><div></div><div></div></div>',
  }),
  md("e5", "## Empty columns", "slide"),
  showing("d5", {
    "text/html": `<table style="border-collapse:collapse"><tr><td style="border:none">EMPTYCOLA</td>${'<td style="border:none"><div style="width:120px"></div></td>'.repeat(20)}</tr></table>`,
  }),
  md("w1", "## Full div", "slide"),
  showing("f1", { "text/html": `<div style="width:2400px">${words("fd", 280)} FULLDIVEND</div>` }),
  md("w2", "## Coloured box", "slide"),
  showing("f2", { "text/html": '<div style="width:2400px;height:60px;background:#c33">COLOURED</div>' }),
  md("w3", "## Bordered grid", "slide"),
  showing("f3", {
    "text/html": `<table><tr><td>GRIDCELL</td>${'<td><div style="width:80px"></div></td>'.repeat(30)}</tr></table>`,
  }),
  md("w4", "## Border only", "slide"),
  showing("f4", { "text/html": '<div style="width:2400px;border:3px solid #333;padding:4px">BORDERONLY</div>' }),
  md("w5", "## Gradient bar", "slide"),
  showing("f5", {
    "text/html": '<div style="width:2400px;height:30px;background:linear-gradient(to right,#c33,#36c)">GRADIENTBAR</div>',
  }),
]);

/**
 * Slide headings of PAINTED_VARIANTS that paint past the slide's edge (a cue and a report): text, and a background
 * image (a gradient bar). The others fit at 100 %: a box whose right part is only its border or background colour (a
 * coloured box, a bordered grid's empty cells, a bordered box) loses nothing at the edge.
 */
export const PAINTED_WIDE = ["Full div", "Gradient bar"];

/** A markdown cell showing a PNG of width × height as an attachment (`![](attachment:…)`). */
const attachedPng = (id: string, heading: string, width: number, height: number, mime = "image/png"): ICell => ({
  cell_type: "markdown",
  id,
  metadata: { slideshow: { slide_type: "slide" } },
  source: `## ${heading}\n\n![picture](attachment:${id}.png)`,
  attachments: { [`${id}.png`]: { [mime]: solidPng(width, height) } },
});

/** A Plotly figure (one scatter trace, or two subplots stacked) with the given layout. */
const plot = (id: string, layout: Record<string, unknown>, subplots = false) =>
  showing(id, {
    "application/vnd.plotly.v1+json": {
      data: subplots
        ? [
            { type: "scatter", x: [1, 2, 3], y: [3, 1, 2] },
            { type: "scatter", x: [1, 2, 3], y: [1, 3, 2], xaxis: "x2", yaxis: "y2" },
          ]
        : [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2] }],
      layout: subplots ? { ...layout, grid: { rows: 2, columns: 1, pattern: "independent" } } : layout,
    },
  });

/**
 * Pictures larger than a slide: raster images in markdown (attachments, one declared WebP) and as outputs (PNG, and
 * PNG bytes sent as JPEG and GIF: Chromium reads the bytes), very wide, very tall and both; Plotly figures very wide, very tall,
 * both, autosized and with subplots. Headings name what each slide shows.
 */
export const PICTURE_VARIANTS: INotebookContent = notebook([
  md("t", "# Pictures", "slide"),
  attachedPng("m1", "Markdown 4000x3000", 4000, 3000),
  attachedPng("m2", "Markdown 3000x1000", 3000, 1000),
  attachedPng("m3", "Markdown 1600x2400", 1600, 2400),
  md("o1h", "## Output PNG 4000x3000", "slide"),
  showing("o1", { "image/png": solidPng(4000, 3000) }),
  md("o2h", "## Output JPEG 3000x150", "slide"),
  showing("o2", { "image/jpeg": solidPng(3000, 150) }),
  md("o3h", "## Output GIF 900x2400", "slide"),
  showing("o3", { "image/gif": solidPng(900, 2400) }),
  attachedPng("m4", "Markdown WebP 2000x2000", 2000, 2000, "image/webp"),
  md("p1h", "## Plot 3000x400", "slide"),
  plot("p1", { width: 3000, height: 400 }),
  md("p2h", "## Plot 800x3000", "slide"),
  plot("p2", { width: 800, height: 3000 }),
  md("p3h", "## Plot 3000x3000", "slide"),
  plot("p3", { width: 3000, height: 3000 }),
  md("p4h", "## Plot autosize", "slide"),
  plot("p4", { autosize: true }),
  md("p5h", "## Plot subplots 3000x400", "slide"),
  plot("p5", { width: 3000, height: 400 }, true),
  md("fh", "## Forced wide image", "slide"),
  showing("f", { "text/html": `<img src="data:image/png;base64,${solidPng(300, 20)}" style="width:3000px;max-width:none">` }),
]);
