import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolateHtml } from "../../../lib/tools/html/isolate";
import { exportPage } from "../../../lib/tools/html/page";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { deckReady, openOffline } from "../slides/browser-helpers";

/** Cell HTML that, pasted into a page as is, swallows or breaks what follows it. */
const UNBALANCED = [
  '<iframe src="about:blank">',
  "<textarea>",
  "<script>",
  "<style>",
  "<title>",
  "<!-- an unclosed comment",
  "<xmp>",
  "<plaintext>",
  "<noscript>",
  "<select><option>one",
  "<div><div>",
  "</div></div></section></main>",
  "<table><tr><td>cell",
  '<a href="#"><b>bold',
];

/** One markdown cell per unbalanced fragment, each followed by a heading cell, plus an HTML output with one too. */
function hostileNotebook(): INotebookContent {
  const cells: INotebookContent["cells"] = [];
  UNBALANCED.forEach((html, i) => {
    cells.push({ cell_type: "markdown", id: `bad-${i}`, metadata: {}, source: `${html}\n` });
    cells.push({ cell_type: "markdown", id: `after-${i}`, metadata: {}, source: `## After ${i}` });
  });
  cells.push({
    cell_type: "code",
    id: "output",
    execution_count: 1,
    metadata: {},
    source: "show(html)",
    outputs: [{ output_type: "display_data", data: { "text/html": "<textarea>typed" }, metadata: {} }],
  });
  cells.push({ cell_type: "markdown", id: "last", metadata: {}, source: "## The last cell" });
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

describe("each cell's HTML is balanced on its own, so no cell breaks the rest of a page or deck", () => {
  it("isolateHtml closes raw-text elements and comments, drops stray end tags, and names each repair", () => {
    expect(isolateHtml('<iframe src="x">rest', { trusted: true }).html).toBe('<iframe src="x">rest</iframe>');
    expect(isolateHtml('<iframe src="x">').repairs).toEqual(["unclosed <iframe>"]);
    expect(isolateHtml("<textarea>a").repairs).toEqual(["unclosed <textarea>"]);
    expect(isolateHtml("<!-- x").html).toBe("<!-- x-->");
    expect(isolateHtml("<!-- x").repairs).toEqual(["unclosed comment"]);
    expect(isolateHtml("<plaintext>a<b>").html).toBe("<pre>a&lt;b&gt;</pre>");
    expect(isolateHtml("</div></main>text").html).toBe("text");
    expect(isolateHtml("<p>one<p>two<ul><li>a<li>b</ul>").repairs).toEqual([]);
    expect(isolateHtml('<img src="a.png"><br><b>ok</b>').repairs).toEqual([]);
    expect(isolateHtml('<svg><path d="M0 0"/></svg><math><mspace width="1em"/></math>').repairs).toEqual([]);
    expect(isolateHtml("<svg><g>").repairs).toEqual(["unclosed <svg>", "unclosed <g>"]);
  });

  it("a script marked data-dl4nlp-once is kept once per document: only exact copies of a placed one are dropped", () => {
    const seen = new Set<string>();
    const once = (body: string) => `<div>out</div><script data-dl4nlp-once="">${body}</script>`;
    expect(isolateHtml(once("run()"), { onceScripts: seen, trusted: true }).html).toBe(once("run()"));
    // the same text again: dropped, the rest of the output stays
    expect(isolateHtml(once("run()"), { onceScripts: seen, trusted: true }).html).toBe("<div>out</div>");
    // inside other elements too
    expect(isolateHtml(`<section>${once("run()")}</section>`, { onceScripts: seen, trusted: true }).html).toBe(
      "<section><div>out</div></section>",
    );
    // other text with the mark, and the same text without it, stay: no output can remove another's script
    expect(isolateHtml(once("run(); evil()"), { onceScripts: seen, trusted: true }).html).toBe(once("run(); evil()"));
    expect(isolateHtml("<script>run()</script>", { onceScripts: seen, trusted: true }).html).toBe("<script>run()</script>");
    // without a document's set (a lone fragment) nothing is dropped
    expect(isolateHtml(once("run()"), { trusted: true }).html).toBe(once("run()"));
    expect(isolateHtml(once("run()"), { trusted: true }).html).toBe(once("run()"));
    // untrusted HTML (the default): the mark does not save a script that is not the display library's own
    expect(isolateHtml(once("run()")).html).toBe("<div>out</div>");
  });

  describe("in offline headless Chromium", () => {
    let browser: Browser;
    const out = resolve("build/test-isolation");
    beforeAll(async () => {
      mkdirSync(out, { recursive: true });
      browser = await launchChromium("/usr/bin/chromium");
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    it("the page shows every cell after each unbalanced one, and warns naming the repaired cells", async () => {
      const page = exportPage(hostileNotebook());
      for (const [i, html] of UNBALANCED.entries()) {
        if (html.startsWith("</") || html.startsWith("<a ") || html.startsWith("<table")) continue;
        expect(
          page.warnings.some((w) => w.startsWith(`cell ${2 * i + 1} (id bad-${i}): its markdown HTML was repaired`)),
          html,
        ).toBe(true);
      }
      expect(page.warnings.some((w) => w.includes("(id output)") && w.includes("unclosed <textarea>"))).toBe(true);
      const file = join(out, "page.html");
      writeFileSync(file, page.html);
      const { page: tab, errors } = await openOffline(browser, file);
      const headings = await tab.locator("main h2").allInnerTexts();
      expect(headings).toEqual([...UNBALANCED.map((_, i) => `After ${i}`), "The last cell"]);
      expect(await tab.locator("main h2").last().isVisible()).toBe(true);
      expect(errors).toEqual([]);
      await tab.close();
    });

    it("the deck starts (Reveal defined and ready) and keeps every slide", async () => {
      const deck = exportDeck(hostileNotebook());
      const file = join(out, "deck.html");
      writeFileSync(file, deck.html);
      const { page: tab, errors } = await openOffline(browser, file);
      await deckReady(tab);
      const headings = await tab.locator(".reveal .slides h2").allTextContents();
      expect(headings).toEqual([...UNBALANCED.map((_, i) => `After ${i}`), "The last cell"]);
      expect(errors).toEqual([]);
      await tab.close();
    });
  });
});
