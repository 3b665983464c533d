import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { INotebookContent } from "@jupyterlab/nbformat";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { playgroundBundle } from "../../../lib/playground/display";
import { parseExportArgs } from "../../../lib/tools/html/args";
import { scopeStyleSheet } from "../../../lib/tools/html/css-scope";
import { isolateHtml } from "../../../lib/tools/html/isolate";
import { exportPage } from "../../../lib/tools/html/page";
import { exportSite, indexPage } from "../../../lib/tools/html/site";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { deckReady, openOffline } from "../slides/browser-helpers";

const EVIL = "http://evil.example";

/** Markdown that, kept as is, acts on the whole page: navigates it away, re-bases it, retitles it, restyles it. */
const DOCUMENT_WIDE_MARKDOWN = [
  `<meta http-equiv="refresh" content="0;url=${EVIL}/meta">`,
  `<META HTTP-EQUIV="Refresh" CONTENT="0; URL=${EVIL}/upper">`,
  `<base href="${EVIL}/base/">`,
  `<link rel="stylesheet" href="${EVIL}/sheet.css">`,
  `<link rel="prefetch" href="${EVIL}/prefetch">`,
  "<title>EVIL TITLE</title>",
  '<p><a id="relative-link" href="relative.html">a relative link</a></p>',
].join("\n");

/** Style sheets aimed at the whole page; the last rule of each must style its own cell only. */
const STYLE_MARKDOWN = [
  "<style>body{display:none} html{background:rgb(255,0,0)} :root{color:rgb(255,0,0)} *{visibility:hidden}</style>",
  "<style>.cell,main,header{display:none} p.shared{color:rgb(1,2,3)}</style>",
  "<style>@scope (html) { body { display: none } } @media all { p { font-size: 3px } }</style>",
  '<style>p::after{content:"}"} /* } */ .x{background:url(a.png)} header{display:none}</style>',
  "<svg width='1' height='1'><style>body{display:none}</style></svg>",
  '<p class="shared in-styles">styled here only</p>',
].join("\n");

/** Style sheets written to close the @scope block themselves: dropped, never applied to the page. */
const ESCAPING_STYLES = [
  "} body{display:none} @scope {",
  "a{b:c}} main{display:none}",
  "a{background:url(})} main{display:none}",
  "a{content:\\7d} main{display:none}",
];

/** Markdown that runs script in a page that keeps it. */
const SCRIPT_MARKDOWN = [
  "<script>window.PWN_md_script = 1</script>",
  '<img src="x" onerror="window.PWN_md_onerror = 1">',
  "<svg><script>window.PWN_md_svg = 1</script></svg>",
  '<svg><image href="x" onerror="window.PWN_md_svg_onerror = 1"/></svg>',
  '<p><a id="js-link" href=" java&#x09;script:window.PWN_md_href = 1">js link</a></p>',
  '<details open ontoggle="window.PWN_md_toggle = 1"><summary>s</summary>d</details>',
  '<iframe srcdoc="<script>parent.PWN_md_iframe = 1</script>"></iframe>',
  '<object data="data:text/html,<script>parent.PWN_md_object = 1</script>"></object>',
].join("\n");

/** An HTML output stored in the notebook: scripts, handlers, a forged once-per-page script and a meta refresh. */
const STORED_OUTPUT_HTML = [
  `<meta http-equiv="refresh" content="0;url=${EVIL}/output">`,
  "<script>window.PWN_out_script = 1</script>",
  '<img src="x" onerror="window.PWN_out_onerror = 1">',
  '<div id="clickme" onclick="window.PWN_out_click = 1">click</div>',
  "<script data-dl4nlp-once>window.PWN_out_forged_once = 1</script>",
  "<style>body{display:none} p.out-own{color:rgb(4,5,6)}</style>",
  '<p class="out-own shared">output text</p>',
].join("\n");

function md(id: string, source: string) {
  return { cell_type: "markdown" as const, id, metadata: {}, source };
}

function hostileNotebook(): INotebookContent {
  const output = (id: string, data: Record<string, string>) => ({
    cell_type: "code" as const,
    id,
    execution_count: 1,
    metadata: {},
    source: "display()",
    outputs: [{ output_type: "display_data" as const, data, metadata: {} }],
  });
  return {
    cells: [
      md("title", "# Hostile cells"),
      md("wide", DOCUMENT_WIDE_MARKDOWN),
      md("styles", STYLE_MARKDOWN),
      ...ESCAPING_STYLES.map((css, i) => md(`escape-${i}`, `<style>${css}</style>\n\nescape ${i}`)),
      md("scripts", SCRIPT_MARKDOWN),
      output("stored", { "text/html": STORED_OUTPUT_HTML }),
      output("playground", playgroundBundle({ data: "xor" }) as Record<string, string>),
      md("last", '## The last cell\n\n<p class="shared in-last">not styled by other cells</p>'),
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const pwned = (page: Page) =>
  page.evaluate(() =>
    Object.keys(window)
      .filter((k) => k.startsWith("PWN_"))
      .sort(),
  );

describe("cell HTML from the web cannot act on the page: document-wide elements, style sheets, scripts", () => {
  it("a cell's style sheet is wrapped in @scope unless it could close that block itself", () => {
    expect(scopeStyleSheet("body{display:none}")).toBe("@scope {\nbody{display:none}\n}");
    expect(scopeStyleSheet('p::after{content:"}"} /* } */ a{b:url(x.png)} @media all{p{c:d}}')).toBeDefined();
    for (const css of ESCAPING_STYLES) expect(scopeStyleSheet(css), css).toBeUndefined();
  });

  it("document-wide elements are dropped whatever the trust, and the repair names each", () => {
    for (const trusted of [false, true]) {
      const r = isolateHtml(DOCUMENT_WIDE_MARKDOWN, { trusted });
      expect(r.html).not.toMatch(/<meta|<base|<link|<title|EVIL TITLE/i);
      expect(r.repairs).toEqual(
        expect.arrayContaining([
          "dropped <meta http-equiv=refresh>",
          "dropped <meta http-equiv=Refresh>",
          "dropped <base>",
          "dropped <link rel=stylesheet>",
          "dropped <link rel=prefetch>",
          "dropped <title>",
        ]),
      );
    }
    // an SVG <title> is the figure's tooltip, not the document's: kept
    expect(isolateHtml("<svg><title>tip</title></svg>").html).toBe("<svg><title>tip</title></svg>");
  });

  it("the index page confines the titles and goals it takes from the notebooks' markdown", () => {
    const index = indexPage(
      [
        {
          href: "a.html",
          title: `Title <meta http-equiv="refresh" content="0;url=${EVIL}"><script>window.PWN = 1</script>`,
          goal: '<img src="x" onerror="window.PWN = 1"><style>body{display:none}</style><base href="http://evil.example/">',
        },
      ],
      { heading: "Notebooks" },
    );
    expect(index).not.toMatch(/<meta http-equiv="refresh|<script>window|onerror|<base /);
    expect(index).toContain("@scope {\nbody{display:none}\n}");
    expect(index).toContain('<a href="a.html">Title </a>');
  });

  it("--trust is a flag of html and slides; without it outputs are trusted only when this run computed them", () => {
    expect(parseExportArgs(["a.ipynb", "--trust"], { out: "o", paths: [] }).trust).toBe(true);
    expect(parseExportArgs(["a.ipynb"], { out: "o", paths: [] }).trust).toBe(false);
  });

  describe("in offline headless Chromium", () => {
    let browser: Browser;
    const out = resolve("build/test-hostile-cells");
    const pages: Record<string, ReturnType<typeof exportPage>> = {};
    beforeAll(async () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      for (const trustOutputs of [false, true]) {
        const name = trustOutputs ? "trusted" : "untrusted";
        pages[name] = exportPage(hostileNotebook(), { trustOutputs });
        writeFileSync(join(out, `${name}.html`), pages[name].html);
      }
      browser = await launchChromium("/usr/bin/chromium");
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
    });

    async function open(name: string) {
      const opened = await openOffline(browser, join(out, `${name}.html`));
      // a meta refresh of 0 s would have fired by now
      await opened.page.waitForTimeout(1500);
      return opened;
    }

    async function expectPageIntact(page: Page, blocked: string[], file: string) {
      expect(page.url()).toBe(`file://${join(out, file)}`);
      expect(blocked).toEqual([]);
      expect(await page.title()).toBe("Hostile cells");
      expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe("block");
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe("rgb(255, 0, 0)");
      expect(await page.locator("header.lecture").isVisible()).toBe(true);
      expect(await page.locator("main h2").last().isVisible()).toBe(true);
      expect(await page.locator("main h2").last().textContent()).toBe("The last cell");
      // the style sheets apply inside their own cell (scoped, not dropped) and nowhere else
      const color = (sel: string) => page.locator(sel).evaluate((e) => getComputedStyle(e).color);
      expect(await color("p.in-styles")).toBe("rgb(1, 2, 3)");
      expect(await color("p.out-own")).toBe("rgb(4, 5, 6)");
      expect(await color("p.in-last")).not.toBe("rgb(1, 2, 3)");
      expect(await color("p.in-last")).not.toBe("rgb(4, 5, 6)");
      expect(await color("p.in-last")).not.toBe("rgb(255, 0, 0)");
      // a relative link still points at the page's folder (no <base>)
      expect(await page.locator("#relative-link").evaluate((a) => (a as HTMLAnchorElement).href)).toBe(
        `file://${join(out, "relative.html")}`,
      );
      // the markdown's scripts never run: handlers, javascript: links, frames
      await page.locator("#js-link").click();
      await page.waitForTimeout(300);
      expect(page.url()).toBe(`file://${join(out, file)}`);
    }

    it("untrusted stored outputs and markdown: nothing runs, the page stays, notes say where scripts were dropped", async () => {
      const { page, errors, blocked } = await open("untrusted");
      await expectPageIntact(page, blocked, "untrusted.html");
      await page.locator("#clickme").click();
      expect(await pwned(page)).toEqual([]);
      expect(await page.locator(".untrusted-note").count()).toBe(2);
      expect(
        await page
          .locator("[data-cell], .cell")
          .filter({ has: page.locator("#clickme") })
          .textContent(),
      ).toContain("export with --trust");
      // the display library's own panel script is kept (byte for byte its own): the Playground goes live
      await page.waitForFunction(() => document.querySelectorAll(".dl4nlp-playground-static").length === 0, undefined, {
        timeout: 30_000,
      });
      const warnings = pages.untrusted.warnings;
      expect(warnings.some((w) => w.startsWith("cell 2 (id wide)") && w.includes("dropped <meta http-equiv=refresh>"))).toBe(
        true,
      );
      for (const i of ESCAPING_STYLES.keys()) {
        expect(warnings.some((w) => w.startsWith(`cell ${4 + i} (id escape-${i})`) && w.includes("dropped a <style>"))).toBe(
          true,
        );
      }
      expect(
        warnings.some((w) => w.includes("(id scripts): scripts of its markdown HTML not kept") && w.includes("onerror handler")),
      ).toBe(true);
      expect(warnings.some((w) => w.includes("(id stored): scripts of its output HTML not kept") && w.includes("<script>"))).toBe(
        true,
      );
      expect(errors.filter((e) => !/ERR_FILE_NOT_FOUND|Failed to load resource|sandboxed/.test(e))).toEqual([]);
      await page.close();
    });

    it("trusted outputs (computed by this run, or --trust) run their scripts; markdown still never does", async () => {
      const { page, blocked } = await open("trusted");
      await expectPageIntact(page, blocked, "trusted.html");
      await page.locator("#clickme").click();
      expect(await pwned(page)).toEqual(["PWN_out_click", "PWN_out_forged_once", "PWN_out_onerror", "PWN_out_script"]);
      expect(await page.locator(".untrusted-note").count()).toBe(1);
      await page.close();
    });

    it("a deck of the same notebook starts and stays on its page", async () => {
      const deck = exportDeck(hostileNotebook());
      const file = join(out, "deck.html");
      writeFileSync(file, deck.html);
      const { page, blocked } = await openOffline(browser, file);
      await deckReady(page);
      await page.waitForTimeout(1500);
      expect(page.url()).toBe(`file://${file}`);
      expect(blocked).toEqual([]);
      expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe("block");
      expect(await pwned(page)).toEqual([]);
      await page.close();
    });

    it("exportSite trusts a notebook it did not execute only with trust: true", async () => {
      const file = join(out, "stored.ipynb");
      writeFileSync(file, JSON.stringify(hostileNotebook()));
      const plain = await exportSite([file], { out: join(out, "site"), execute: "never" });
      const trusting = await exportSite([file], { out: join(out, "site-trust"), execute: "never", trust: true });
      expect(plain.pages[0].problems.some((p) => p.includes("(id stored): scripts of its output HTML not kept"))).toBe(true);
      expect(trusting.pages[0].problems.some((p) => p.includes("(id stored): scripts"))).toBe(false);
      expect(trusting.pages[0].problems.some((p) => p.includes("(id scripts): scripts of its markdown HTML not kept"))).toBe(
        true,
      );
    });
  });
});
