import { readFileSync } from "node:fs";
import type { ICell } from "@jupyterlab/nbformat";
import { describe, expect, it } from "vitest";
import { ansiToHtml, stripAnsi } from "../../../lib/tools/html/ansi";
import { cellVisibility, renderCell } from "../../../lib/tools/html/cell";
import { extractMath, renderMarkdown } from "../../../lib/tools/html/markdown";
import { katexCss, newMathState } from "../../../lib/tools/html/math";
import { learningGoal, notebookTitle } from "../../../lib/tools/html/notebook-info";
import { newRenderContext, pickMime, renderOutputs } from "../../../lib/tools/html/outputs";
import { parseNotebook } from "../../../lib/tools/nbformat/read";

const md = (src: string) => renderMarkdown(src, newMathState());

describe("math in markdown, as Jupyter reads it", () => {
  it("finds $…$, $$…$$, \\[…\\], \\(…\\) and \\begin{align}…\\end{align}, and leaves code and \\$ alone", () => {
    const { text, math } = extractMath(
      "a $x_1$ b $$\\frac{1}{2}$$ c \\[y\\] d \\(z\\) `$not$` \\$5 and $5\n\n\\begin{align}a&=b\\end{align}\n```\n$$no$$\n```",
    );
    expect(math).toEqual([
      { tex: "x_1", display: false },
      { tex: "\\frac{1}{2}", display: true },
      { tex: "y", display: true },
      { tex: "z", display: false },
      { tex: "\\begin{align}a&=b\\end{align}", display: true },
    ]);
    expect(text).toContain("`$not$`");
    expect(text).toContain("\\$5 and $5");
    expect(text).toContain("```\n$$no$$\n```");
  });

  it("a dollar followed by a space, or never closed, is a dollar sign", () => {
    expect(extractMath("costs $ 5 and $x").math).toEqual([]);
    expect(md("costs \\$5 and $ 10")).toContain("costs $5 and $ 10");
  });

  it("typesets ahead of time with KaTeX: no raw TeX left, markdown characters inside math untouched", () => {
    const html = md("The unit: $w_1 * x_1 + w_2 * x_2$\n\n$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).not.toContain("$");
    expect(html).not.toContain("<em>");
    expect(html).not.toMatch(/<p><span class="katex-display">/);
  });

  it("math with | inside a table cell stays in its cell", () => {
    const html = md("| f | formula |\n|---|---|\n| abs | $\\lvert z \\rvert$ |\n| max | $a|b$ |");
    expect((html.match(/<tr>/g) ?? []).length).toBe(3);
    expect((html.match(/class="katex"/g) ?? []).length).toBe(2);
  });

  it("macros defined in one cell work in the next (one state per document), bad TeX is reported, not dropped", () => {
    const state = newMathState();
    renderMarkdown("$\\newcommand{\\weights}{\\mathbf{W}}$", state);
    expect(renderMarkdown("$\\weights x$", state)).toContain("mathbf");
    const bad = renderMarkdown("$\\frac{1}{$", state);
    expect(bad).toContain('class="math-error"');
    expect(state.errors).toHaveLength(1);
    expect(state.errors[0].tex).toBe("\\frac{1}{");
  });

  it("KaTeX's CSS has every font inlined as woff2 data and no relative font URL left", () => {
    const css = katexCss();
    expect(css).not.toMatch(/url\((?!data:)/);
    expect((css.match(/data:font\/woff2;base64,/g) ?? []).length).toBeGreaterThanOrEqual(19);
  });

  it("code blocks in markdown are highlighted", () => {
    expect(md("```ts\nconst x = 1;\n```")).toContain('<span class="hljs-keyword">const</span>');
  });
});

describe("ANSI terminal text to HTML", () => {
  it("tslab's red error text becomes a coloured span, and HTML in it is escaped", () => {
    expect(ansiToHtml("\x1b[31mError: <b>\x1b[0m ok")).toBe('<span style="color:#e75c58">Error: &lt;b&gt;</span> ok');
  });
  it("bold, 256 and true colours; other escapes dropped; stripAnsi removes all", () => {
    expect(ansiToHtml("\x1b[1;38;5;196mX\x1b[0m")).toBe('<span style="color:rgb(255,0,0);font-weight:bold">X</span>');
    expect(ansiToHtml("\x1b[38;2;1;2;3mY\x1b[39m")).toBe('<span style="color:rgb(1,2,3)">Y</span>');
    expect(ansiToHtml("a\x1b[2Kb")).toBe("ab");
    expect(stripAnsi("\x1b[1;32mok\x1b[0m")).toBe("ok");
  });
  it("a carriage return overwrites the line, as a progress bar does", () => {
    expect(ansiToHtml("10%\r50%\r100%\ndone")).toBe("100%\ndone");
  });
});

describe("outputs", () => {
  it("picks Plotly JSON over its HTML fallback, HTML over images, LaTeX over text", () => {
    expect(pickMime({ "application/vnd.plotly.v1+json": {}, "text/html": "", "image/svg+xml": "", "text/plain": "" })).toBe(
      "application/vnd.plotly.v1+json",
    );
    expect(pickMime({ "image/png": "", "text/html": "x" })).toBe("text/html");
    expect(pickMime({ "text/latex": "$x$", "text/plain": "x" })).toBe("text/latex");
    expect(pickMime({ "application/x-unknown": "1" })).toBeUndefined();
  });

  it("merges consecutive stream outputs, keeps stderr apart, counts figures and warns about unshowable ones", () => {
    const ctx = newRenderContext(newMathState(), "t");
    const html = renderOutputs(
      [
        { output_type: "stream", name: "stdout", text: "a\n" },
        { output_type: "stream", name: "stdout", text: ["b\n"] },
        { output_type: "stream", name: "stderr", text: "c\n" },
        { output_type: "display_data", data: { "application/vnd.plotly.v1+json": { data: [] } }, metadata: {} },
        { output_type: "display_data", data: { "application/x-widget": {} }, metadata: {} },
        { output_type: "execute_result", data: { "text/latex": "\\alpha" }, metadata: {}, execution_count: 1 },
      ],
      ctx,
    );
    expect(html).toContain('<pre class="output-stream output-stdout">a\nb\n</pre>');
    expect(html).toContain('<pre class="output-stream output-stderr">c\n</pre>');
    expect(html).toContain('id="t-1"');
    expect(html).toContain('class="katex-display"');
    expect(ctx.figures).toBe(1);
    expect(ctx.warnings).toEqual(["a cell: an output has no MIME type an export can show (application/x-widget)"]);
  });

  it("figure JSON cannot close its script element", () => {
    const ctx = newRenderContext(newMathState(), "t");
    const html = renderOutputs(
      [
        {
          output_type: "display_data",
          data: { "application/vnd.plotly.v1+json": { data: [], layout: { title: "</script><b>" } } },
          metadata: {},
        },
      ],
      ctx,
    );
    expect(html).not.toContain("</script><b>");
  });
});

describe("cells and tags (Jupyter Book names)", () => {
  const codeCell = (tags: string[]): ICell => ({
    cell_type: "code",
    id: "c",
    execution_count: 3,
    metadata: { tags },
    source: "const SOURCE = 1;",
    outputs: [{ output_type: "stream", name: "stdout", text: "OUTPUT\n" }],
  });
  const render = (tags: string[]) => renderCell(codeCell(tags), newRenderContext(newMathState()), { prompts: true });

  it("no tag: prompt, highlighted source and output", () => {
    const html = render([]);
    expect(html).toContain("In&nbsp;[3]:");
    expect(html).toContain("SOURCE");
    expect(html).toContain("OUTPUT");
  });
  it("remove-input / remove-output drop that part; remove-cell drops the cell", () => {
    expect(render(["remove-input"])).not.toContain("SOURCE");
    expect(render(["remove-input"])).toContain("OUTPUT");
    expect(render(["remove-output"])).not.toContain("OUTPUT");
    expect(render(["remove-cell"])).toBe("");
    expect(render(["remove-input", "remove-output"])).toBe("");
  });
  it("hide-input / hide-output put that part behind a toggle", () => {
    expect(render(["hide-input"])).toMatch(/<details class="hidden-input"><summary>Show code<\/summary>.*SOURCE/s);
    expect(render(["hide-output"])).toMatch(/<details class="hidden-output"><summary>Show output<\/summary>.*OUTPUT/s);
    expect(cellVisibility(codeCell(["hide-cell"]))).toEqual({ removed: false, input: "hide", output: "hide" });
  });
});

describe("notebook titles and learning goals of the course notebooks", () => {
  const nb = parseNotebook(readFileSync("notebooks/01-neural-unit.ipynb", "utf8"));
  it("title = the first # heading; goal = the first item of the first cell's list", () => {
    expect(notebookTitle(nb)).toBe("1 · The neural unit");
    expect(learningGoal(nb)).toBe("compute the output of a single unit by hand and in code");
  });
});
