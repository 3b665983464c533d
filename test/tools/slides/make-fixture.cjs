// Writes test/fixtures/notebooks/slides-deck.ipynb: a small executed notebook covering every slide type, the
// Jupyter Book tags, math, a Plotly figure output exactly as dl4nlp's show() produces it (figureBundle), a LaTeX
// matrix output (matrixBundle), an HTML table, an error with ANSI colours. Run after `npm run build`:
//   node test/tools/slides/make-fixture.cjs
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { figureBundle, matrixBundle } = require("../../../lib/dist/display");
const { formatNotebook } = require("../../../lib/dist/tools/nbformat");

const z = Array.from({ length: 41 }, (_, i) => -5 + i * 0.25);
const figure = {
  data: [{ type: "scatter", mode: "lines", name: "σ(z)", x: z, y: z.map((v) => 1 / (1 + Math.exp(-v))) }],
  layout: { title: { text: "The sigmoid" }, xaxis: { title: { text: "z" } }, yaxis: { title: { text: "σ(z)" } } },
};
let n = 0;
const md = (slide, source, extra = {}) => ({
  cell_type: "markdown",
  id: `md-${++n}`,
  metadata: { slideshow: { slide_type: slide }, ...extra },
  source,
});
const code = (slide, source, outputs, extra = {}) => ({
  cell_type: "code",
  id: `code-${++n}`,
  execution_count: n,
  metadata: { slideshow: { slide_type: slide }, ...extra },
  outputs,
  source,
});
const stdout = (text) => ({ output_type: "stream", name: "stdout", text });
const cells = [
  md("slide", "# Fixture deck\n\nA first formula, $a^2 + b^2 = c^2$, inline.\n\n- the goal of this fixture"),
  code("skip", "// set-up: skipped on slides\nconst x = 1;", [stdout("SKIPPED OUTPUT\n")]),
  md("notes", "Speaker notes of the title slide."),
  md(
    "slide",
    "## Math\n\n$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n\n\\begin{align}\n  y &= \\sigma(\\mathbf{w} \\cdot \\mathbf{x} + b)\n\\end{align}",
  ),
  md("fragment", "A first fragment with $x_1 \\cdot w_1$ and `code with $dollar$`."),
  code("-", "console.log(0.2 * 0.5 + 0.5);", [stdout("0.6\n")]),
  md("fragment", "A second fragment: costs \\$5, not math."),
  md("subslide", "## A plot"),
  code("-", "show(sigmoidFigure);", [{ output_type: "display_data", data: figureBundle(figure, "fixture-fig-1"), metadata: {} }]),
  md("notes", "Speaker notes of the plot slide: point at z = 0."),
  code(
    "subslide",
    "// hidden input: only the output is on the slide\nconsole.log('the hidden input ran');",
    [stdout("the hidden input ran\n")],
    { tags: ["hide-input"] },
  ),
  md("slide", "## REMOVED CELL: never shown, starts no slide", { tags: ["remove-cell"] }),
  code("-", "const quiet = 1; // its output is removed", [stdout("REMOVED OUTPUT\n")], { tags: ["remove-output"] }),
  code("fragment", "REMOVED_INPUT_SOURCE", [stdout("output of a cell without input\n")], { tags: ["remove-input"] }),
  md("slide", "## Tables, errors, matrices\n\n| name | $f(z)$ |\n|---|---|\n| ReLU | $\\max(0, \\lvert z \\rvert)$ |"),
  code("-", "throw new Error('boom');", [
    { output_type: "stream", name: "stderr", text: "\u001b[31mError: boom\u001b[0m\n    at <cell>:1:7\n" },
  ]),
  code("-", "showMatrix(W);", [
    {
      output_type: "display_data",
      data: matrixBundle(
        [
          [1, 2],
          [3, 4],
        ],
        { name: "W" },
      ),
      metadata: {},
    },
  ]),
];
const nb = {
  cells,
  metadata: {
    kernelspec: { display_name: "TypeScript (dl4nlp)", language: "typescript", name: "dl4nlp" },
    language_info: { file_extension: ".ts", mimetype: "text/x-typescript", name: "typescript", version: "5.0" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};
const file = join(__dirname, "..", "..", "fixtures", "notebooks", "slides-deck.ipynb");
writeFileSync(file, formatNotebook(nb));
console.log(file);
