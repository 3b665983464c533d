import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../lib/tools/html/markdown";
import { newMathState } from "../../../lib/tools/html/math";

const cells = (html: string, tag: "th" | "td") =>
  [...html.matchAll(new RegExp(`<${tag}((?:\\s[^>]*)?)>`, "g"))].map((m) => m[1].trim());

describe("Markdown tables: text columns left, number columns right", () => {
  it("the activation table of notebook 01: name, formulas and ranges stay left-aligned", () => {
    const md =
      "| name | $f(z)$ | range |\n|---|---|---|\n| sigmoid | $\\sigma(z)$ | $(0, 1)$ |\n| ReLU | $\\max(0, z)$ | $[0, \\infty)$ |";
    const html = renderMarkdown(md, newMathState());
    expect(cells(html, "td").every((a) => a === "")).toBe(true);
  });
  it("a column of numbers (signs, decimals, exponents, thousands, percent) is right-aligned, header too", () => {
    const md =
      "| η | epochs | loss | share |\n|---|---|---|---|\n| 0.2 | 12 | 1e-5 | 40 % |\n| 0.5 | 1,500 | −0.25 | 7% |\n| 1 |  | 3.2E+2 | 100 % |";
    const html = renderMarkdown(md, newMathState());
    expect(cells(html, "th")).toEqual(Array(4).fill('style="text-align:right"'));
    expect(cells(html, "td").every((a) => a === 'style="text-align:right"')).toBe(true);
  });
  it("mixed columns stay left; a column the author aligned keeps the author's alignment", () => {
    const md = "| variant | k | note |\n|:-:|---|---|\n| batch | 50 | all samples |\n| stochastic | 1 | x1 |";
    const html = renderMarkdown(md, newMathState());
    expect(cells(html, "th")).toEqual(['style="text-align:center"', 'style="text-align:right"', ""]);
    expect(cells(html, "td")).toEqual([
      'style="text-align:center"',
      'style="text-align:right"',
      "",
      'style="text-align:center"',
      'style="text-align:right"',
      "",
    ]);
  });
});
