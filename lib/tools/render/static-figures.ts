import type { ICell, INotebookContent, IOutput, MultilineString } from "@jupyterlab/nbformat";
import { PLOTLY_MIME } from "../../display/figure";
import { plotlySource, STATIC_CLASS } from "../../display/plotlyHtml";
import { findChromium, launchChromium } from "./chromium";

export interface StaticFiguresOptions {
  /** Chromium executable, default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Path of plotly.js to load in the page, default the installed bundle (plotlySource()). */
  plotlyPath?: string;
  /** Milliseconds allowed per figure, default 30 000. */
  timeoutMs?: number;
}

export interface StaticFiguresResult {
  /** Figures that now carry an SVG image. */
  rendered: number;
  /** Figures found in the notebook. */
  figures: number;
  /** Why nothing was rendered (no Chromium, no plotly.js), if so. */
  skipped?: string;
  /** Figures that failed, with the cell index and the reason. */
  errors: { cell: number; message: string }[];
}

/**
 * Adds a static SVG image to every Plotly output of an executed notebook, IN PLACE: `image/svg+xml` in the output's
 * bundle and the same image (an <img> with a data URI, which sanitizers keep) inside the text/html fallback's
 * placeholder, so an untrusted notebook, GitHub or nbviewer (no scripts) shows the picture rather than a blank.
 * All figures are drawn in ONE headless Chromium with plotly.js from the local file (`Plotly.toImage`, format svg).
 * Without Chromium: `{rendered: 0, skipped: "no Chromium at <path>"}` and the notebook is unchanged.
 * For several notebooks, a session (createStaticFigureSession) keeps that one Chromium for all of them.
 */
export async function addStaticFigures(nb: INotebookContent, options: StaticFiguresOptions = {}): Promise<StaticFiguresResult> {
  const session = createStaticFigureSession(options);
  try {
    return await session.addStaticFigures(nb);
  } finally {
    await session.close();
  }
}

/** addStaticFigures for many notebooks with one Chromium page (plotly.js loaded once); close() ends it. */
export interface StaticFigureSession {
  addStaticFigures(nb: INotebookContent): Promise<StaticFiguresResult>;
  close(): Promise<void>;
  /** How many times this session has started Chromium (1 for a whole run, unless the browser died). */
  readonly launches: number;
}

/**
 * A session: Chromium starts at the first notebook that has a figure and stays until close(), so `dl4nlp run` over a
 * course launches it once instead of once per notebook (each launch and plotly.js load costs about a second of CPU).
 * Notebooks finishing at the same time (--jobs) take turns on the page. A browser that died is started again.
 */
export function createStaticFigureSession(options: StaticFiguresOptions = {}): StaticFigureSession {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let turn: Promise<unknown> = Promise.resolve();
  let launches = 0;
  const open = async (chromiumPath: string, plotly: string): Promise<Page> => {
    if (browser?.isConnected() && page && !page.isClosed()) return page;
    await browser?.close().catch(() => undefined);
    launches++;
    browser = await launchChromium(chromiumPath);
    page = await browser.newPage();
    await page.setContent("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>");
    await page.addScriptTag({ path: plotly });
    return page;
  };
  return {
    get launches() {
      return launches;
    },
    async addStaticFigures(nb) {
      const targets: { cell: number; output: IOutput & { data: Record<string, unknown> } }[] = [];
      (nb.cells as ICell[]).forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        for (const out of (cell.outputs ?? []) as IOutput[]) {
          const data = (out as { data?: Record<string, unknown> }).data;
          if ((out.output_type === "display_data" || out.output_type === "execute_result") && data && PLOTLY_MIME in data) {
            targets.push({ cell: i, output: out as IOutput & { data: Record<string, unknown> } });
          }
        }
      });
      const result: StaticFiguresResult = { rendered: 0, figures: targets.length, errors: [] };
      if (targets.length === 0) return result;
      const chromium = findChromium(options.chromiumPath);
      if (!chromium.found) return { ...result, skipped: `no Chromium at ${chromium.path}` };
      const plotly = options.plotlyPath ?? plotlySource()?.absolutePath;
      if (!plotly) return { ...result, skipped: "plotly.js-dist(-min) is not installed" };
      const mine = turn.then(async () => {
        const p = await open(chromium.path, plotly);
        for (const t of targets) {
          try {
            const svg = await renderSvg(p, t.output.data[PLOTLY_MIME], options.timeoutMs ?? 30_000);
            attachSvg(t.output.data, svg);
            result.rendered++;
          } catch (err) {
            result.errors.push({ cell: t.cell, message: (err as Error).message.split("\n")[0] });
          }
        }
      });
      turn = mine.catch(() => undefined);
      await mine;
      return result;
    },
    async close() {
      await turn;
      const b = browser;
      browser = undefined;
      page = undefined;
      await b?.close();
    },
  };
}

type Page = import("playwright-core").Page;
type Browser = import("playwright-core").Browser;

/** Draws one figure in the page and returns plotly's SVG export of it (the first frame of an animation). */
async function renderSvg(page: Page, figure: unknown, timeoutMs: number): Promise<string> {
  const work = page.evaluate(
    async (fig: { data: unknown[]; layout?: Record<string, unknown> }) => {
      // the part of plotly.js used here
      const P = (
        window as unknown as {
          Plotly: {
            newPlot(div: HTMLElement, data: unknown[], layout: object, config: object): Promise<unknown>;
            toImage(div: HTMLElement, opts: object): Promise<string>;
            purge(div: HTMLElement): void;
          };
        }
      ).Plotly;
      const div = document.createElement("div");
      document.body.appendChild(div);
      const layout = fig.layout ?? {};
      const width = typeof layout.width === "number" ? layout.width : 700;
      const height = typeof layout.height === "number" ? layout.height : 450;
      try {
        await P.newPlot(div, fig.data, { ...layout, width, height }, { staticPlot: true });
        return (await P.toImage(div, { format: "svg", width, height })) as string;
      } finally {
        P.purge(div);
        div.remove();
      }
    },
    figure as { data: unknown[] },
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`figure not drawn within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const url = await Promise.race([work, timeout]);
    return decodeSvgDataUrl(url);
  } finally {
    clearTimeout(timer);
  }
}

/** The SVG text of a `data:image/svg+xml,...` URL (URL-encoded or base64). */
export function decodeSvgDataUrl(url: string): string {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:image/svg+xml") || comma < 0) throw new Error(`not an SVG data URL: ${url.slice(0, 40)}…`);
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/** Puts the SVG into the bundle and into the HTML fallback's static placeholder (or makes an HTML image if none). */
export function attachSvg(data: Record<string, unknown>, svg: string): void {
  data["image/svg+xml"] = svg;
  const img = `<img alt="figure (static image)" style="max-width:100%" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
  const html = data["text/html"];
  if (html === undefined) {
    data["text/html"] = img;
    return;
  }
  const text = joinMultiline(html as MultilineString);
  const placeholder = new RegExp(`<div class="${STATIC_CLASS}">[\\s\\S]*?</div>`);
  if (placeholder.test(text)) data["text/html"] = text.replace(placeholder, () => `<div class="${STATIC_CLASS}">${img}</div>`);
  // HTML from elsewhere (no placeholder): left as it is; image/svg+xml still serves front ends that pick it
}

function joinMultiline(s: MultilineString): string {
  return Array.isArray(s) ? s.join("") : (s as string);
}
