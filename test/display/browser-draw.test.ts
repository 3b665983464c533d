import type { INotebookContent } from "@jupyterlab/nbformat";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureBundle } from "../../lib/display/figure";
import { matrixBundle } from "../../lib/display/matrix";
import { launchChromium } from "../../lib/tools/render/chromium";
import { everyFigure } from "./all-figures";
import { collectErrors, insertHtmlOutput, KATEX_DIR, PLOTLY_JS, PLOTLY_REL, serveOffline } from "./page-helpers";

const SCREENSHOTS = "build/screenshots/display";

// Real headless Chromium, offline: every request except the test's own pages is aborted.
describe("figure HTML outputs drawn in offline headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium("/usr/bin/chromium");
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("in a page that has plotly.js (an exported page), every figure type draws, without console errors", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const errors = collectErrors(page);
    const requested = await serveOffline(page, "page.test", {
      "/index.html": {
        type: "text/html",
        body: '<!doctype html><meta charset="utf-8"><script src="/plotly.js"></script><body></body>',
      },
      "/plotly.js": { type: "text/javascript", file: PLOTLY_JS },
    });
    await page.goto("http://page.test/index.html");
    const figures = everyFigure();
    for (const [i, { figure }] of figures.entries()) {
      await insertHtmlOutput(page, figureBundle(figure, `fig${i}`)["text/html"] as string);
    }
    for (const [i, { name }] of figures.entries()) {
      const svg = page.locator(`#fig${i} .main-svg`).first();
      await svg.waitFor({ state: "attached", timeout: 30_000 });
      await page.locator(`#fig${i}`).screenshot({ path: `${SCREENSHOTS}/${name}.png` });
    }
    const state = await page.evaluate(() => ({
      drawn: document.querySelectorAll(".dl4nlp-figure.js-plotly-plot").length,
      placeholders: document.querySelectorAll(".dl4nlp-static").length,
      failures: Array.from(document.querySelectorAll(".dl4nlp-figure-error")).map((e) => e.textContent),
      frames: (document.getElementById("fig2") as unknown as { _transitionData: { _frames: unknown[] } })._transitionData._frames
        .length,
    }));
    expect(state).toEqual({ drawn: figures.length, placeholders: 0, failures: [], frames: 60 + 1 });
    expect(errors).toEqual([]);
    expect(requested.every((u) => u.startsWith("http://page.test/"))).toBe(true);
  }, 180_000);

  it("in a JupyterLab-like page without plotly.js: loaded once from <baseUrl>files/<path under serverRoot>", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const config = JSON.stringify({ baseUrl: "/user/ana/", serverRoot: process.cwd() }); // the project root, where plotly.js is
    const requested = await serveOffline(page, "lab.test", {
      "/user/ana/lab/tree/notebooks/02-perceptron.ipynb": {
        type: "text/html",
        body: `<!doctype html><meta charset="utf-8"><script id="jupyter-config-data" type="application/json">${config}</script><body></body>`,
      },
      // what jupyter_server's files/ handler serves for <project root>/node_modules/<plotly package>/<bundle>
      [`/user/ana/files/${PLOTLY_REL}`]: { type: "text/javascript", file: PLOTLY_JS },
    });
    await page.goto("http://lab.test/user/ana/lab/tree/notebooks/02-perceptron.ipynb");
    const figures = everyFigure().slice(0, 3);
    for (const [i, { figure }] of figures.entries()) {
      await insertHtmlOutput(page, figureBundle(figure, `fig${i}`)["text/html"] as string);
    }
    for (let i = 0; i < figures.length; i++)
      await page.locator(`#fig${i} .main-svg`).first().waitFor({ state: "attached", timeout: 30_000 });
    expect(requested.filter((u) => /plotly(\.min)?\.js$/.test(u))).toEqual([`http://lab.test/user/ana/files/${PLOTLY_REL}`]);
    expect(errors).toEqual([]);
  }, 180_000);

  it("from the notebook path in the URL when the page config has no serverRoot (Notebook 6 data-base-url)", async () => {
    const page = await browser.newPage();
    const requested = await serveOffline(page, "nb.test", {
      "/notebooks/course/notebooks/x.ipynb": { type: "text/html", body: '<!doctype html><body data-base-url="/"></body>' },
      [`/files/course/${PLOTLY_REL}`]: { type: "text/javascript", file: PLOTLY_JS },
    });
    await page.goto("http://nb.test/notebooks/course/notebooks/x.ipynb");
    // the kernel's cwd is .../course/notebooks, so plotly.js is ../node_modules/... from there
    const html = (figureBundle(everyFigure()[4].figure, "fig0")["text/html"] as string).replace(
      /"rel":"[^"]*"/,
      `"rel":"../${PLOTLY_REL}"`,
    );
    await insertHtmlOutput(page, html);
    await page.locator("#fig0 .main-svg").first().waitFor({ state: "attached", timeout: 30_000 });
    expect(requested.filter((u) => /plotly(\.min)?\.js$/.test(u))).toEqual([`http://nb.test/files/course/${PLOTLY_REL}`]);
  }, 180_000);

  it("says truly why a figure is not drawn: no Jupyter server on the page, or the URLs the server did not serve", async () => {
    const page = await browser.newPage();
    await serveOffline(page, "none.test", { "/x.html": { type: "text/html", body: "<!doctype html><body></body>" } });
    await page.goto("http://none.test/x.html");
    await insertHtmlOutput(page, figureBundle(everyFigure()[4].figure, "fig0")["text/html"] as string);
    const msg = await page.locator("#fig0 .dl4nlp-figure-error").textContent({ timeout: 10_000 });
    expect(msg).toMatch(/^figure not drawn: this page has no plotly\.js and is not served by Jupyter\. /);
    expect(msg).toContain('the Python package "plotly" draws it');

    // a Jupyter page (JupyterLab started in another root, say) whose server does not have the file
    const lab = await browser.newPage();
    const config = JSON.stringify({ baseUrl: "/", serverRoot: "/somewhere/else" });
    await serveOffline(lab, "elsewhere.test", {
      "/lab/tree/notebooks/x.ipynb": {
        type: "text/html",
        body: `<!doctype html><script id="jupyter-config-data" type="application/json">${config}</script><body></body>`,
      },
    });
    await lab.goto("http://elsewhere.test/lab/tree/notebooks/x.ipynb");
    await insertHtmlOutput(lab, figureBundle(everyFigure()[4].figure, "fig1")["text/html"] as string);
    const why = await lab.locator("#fig1 .dl4nlp-figure-error").textContent({ timeout: 10_000 });
    expect(why).toMatch(/^figure not drawn: the Jupyter server did not serve plotly\.js \(tried \/files\/notebooks\//);
    expect(why).not.toContain("not in Jupyter");
  });

  it("the LaTeX matrix renders with KaTeX (from npm) in the page", async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await serveOffline(page, "tex.test", {
      "/m.html": {
        type: "text/html",
        body: '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/katex.min.css"><script src="/katex.min.js"></script><body><div id="m"></div></body>',
      },
      "/katex.min.css": { type: "text/css", file: `${KATEX_DIR}/katex.min.css` },
      "/katex.min.js": { type: "text/javascript", file: `${KATEX_DIR}/katex.min.js` },
      ...Object.fromEntries(
        readdirSync(`${KATEX_DIR}/fonts`).map((f) => [`/fonts/${f}`, { type: "font/woff2", file: `${KATEX_DIR}/fonts/${f}` }]),
      ),
    });
    await page.goto("http://tex.test/m.html");
    const latex = matrixBundle(
      [
        [0, -1],
        [1, 0],
        [1, 0],
        [2, 1],
      ],
      { name: "XW" },
    )["text/latex"] as string;
    const tex = latex.replace(/^\$\$\s*/, "").replace(/\s*\$\$$/, "");
    const rendered = await page.evaluate((t: string) => {
      const el = document.getElementById("m")!;
      (window as unknown as { katex: { render(t: string, e: HTMLElement, o: object): void } }).katex.render(t, el, {
        displayMode: true,
        throwOnError: true,
      });
      return {
        display: !!el.querySelector(".katex-display"),
        rows: el.querySelectorAll(".mtable .col-align-c")[0]?.children.length ?? 0,
        text: el.textContent,
      };
    }, tex);
    expect(rendered.display).toBe(true);
    expect(rendered.text).toContain("XW");
    expect(rendered.text).toContain("R4×2");
    await page.locator("#m").screenshot({ path: `${SCREENSHOTS}/matrix-latex.png` });
    expect(errors).toEqual([]);
  });

  it("a notebook with ten figures stays small: plotly.js is never copied into outputs", () => {
    const figures = everyFigure();
    expect(figures).toHaveLength(10);
    const nb: INotebookContent = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: figures.map(({ figure }, i) => ({
        id: `c${i}`,
        cell_type: "code",
        source: "show(figure)",
        metadata: {},
        execution_count: i + 1,
        outputs: [{ output_type: "display_data", data: figureBundle(figure, `fig${i}`), metadata: {} }],
      })) as INotebookContent["cells"],
    };
    const json = JSON.stringify(nb, null, 1);
    writeFileSync(`${SCREENSHOTS}/ten-figures.ipynb`, json);
    // the figures' own data (the 120×120 grid of the decision regions, the 40×40 landscape, 61 animation frames),
    // long numeric arrays in plotly.js's typed-array form, stored twice only until the static image replaces the HTML
    // form; plotly.js alone would be 10 MB per output
    expect(json.length).toBeLessThan(700_000);
    expect(json).not.toContain("Copyright 2012-");
    // what show() adds beyond the figure's data: the HTML's div and drawing script, under 6 KB per figure
    const overhead = nb.cells.map((c) => {
      const data = (c.outputs as { data: Record<string, unknown> }[])[0].data;
      return (data["text/html"] as string).length - JSON.stringify(data["application/vnd.plotly.v1+json"]).length;
    });
    expect(Math.max(...overhead)).toBeLessThan(6_000);
  });
});
