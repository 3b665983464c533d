import type { ICell, INotebookContent } from "@jupyterlab/nbformat";
import { matrixBundle } from "../../../lib/display/matrix";
import { tableBundle } from "../../../lib/display/table";
import { md, notebook } from "./overflow-notebooks";

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

/** Slide metadata; content that fits: a 6-column table, a short formula, a 60-character fence, a short nowrap HTML line. */
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
 * wide, and a fixed-width box centred by flexbox (which pushes it past the left edge too).
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
  ["FLEXSTART", ...Array.from({ length: 200 }, (_, i) => `fx${i + 1}z`), "FLEXEND"],
];
