import type { ICell, INotebookContent, IOutput } from "@jupyterlab/nbformat";
import { PLOTLY_MIME, staticBundle } from "../../display/figure";
import { plotlySource } from "../../display/plotlyHtml";
import type { StaticFiguresSummary } from "../run/static-figures";
import { findChromium, launchChromium } from "./chromium";
import { openRenderPage, renderFigureSvg } from "./svg";

export interface StaticFiguresOptions {
  /** Chromium executable, default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Path of plotly.js to load in the page, default the installed bundle (plotlySource()). */
  plotlyPath?: string;
  /** Milliseconds allowed per figure, default 30 000. */
  timeoutMs?: number;
}

/**
 * Adds a static SVG image to every Plotly output of an executed notebook that has none yet, IN PLACE (staticBundle:
 * image/svg+xml added once, the project's own text/html form dropped), so an untrusted notebook, an nbconvert export,
 * GitHub or nbviewer (no scripts) shows the picture rather than a blank. All figures are drawn in ONE headless Chromium
 * with plotly.js from the local file (`Plotly.toImage`, format svg).
 * Without Chromium: `{rendered: 0, skipped: "no Chromium at <path>"}` and the notebook is unchanged.
 * For several notebooks, a session (createStaticFigureSession) keeps that one Chromium for all of them.
 */
export async function addStaticFigures(nb: INotebookContent, options: StaticFiguresOptions = {}): Promise<StaticFiguresSummary> {
  const session = createStaticFigureSession(options);
  try {
    return await session.addStaticFigures(nb);
  } finally {
    await session.close();
  }
}

/** addStaticFigures for many notebooks with one Chromium page (plotly.js loaded once); close() ends it. */
export interface StaticFigureSession {
  addStaticFigures(nb: INotebookContent): Promise<StaticFiguresSummary>;
  close(): Promise<void>;
  /** How many times this session has started Chromium (1 for a whole run, unless the browser died). */
  readonly launches: number;
}

type Page = import("playwright-core").Page;
type Browser = import("playwright-core").Browser;
type DataOutput = IOutput & { data: Record<string, unknown> };

/**
 * A session: Chromium starts at the first notebook that has a figure without an image and stays until close(), so
 * `dl4nlp run` over a course launches it once instead of once per notebook (each launch and plotly.js load costs
 * about a second of CPU). Notebooks finishing at the same time (--jobs) take turns on the page. A browser that died is
 * started again.
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
    page = await openRenderPage(browser, plotly);
    return page;
  };
  return {
    get launches() {
      return launches;
    },
    async addStaticFigures(nb) {
      const targets: { cell: number; output: DataOutput }[] = [];
      (nb.cells as ICell[]).forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        for (const out of (cell.outputs ?? []) as IOutput[]) {
          const data = (out as { data?: Record<string, unknown> }).data;
          const kind = out.output_type;
          if ((kind === "display_data" || kind === "execute_result") && data && PLOTLY_MIME in data) {
            targets.push({ cell: i, output: out as DataOutput });
          }
        }
      });
      const todo = targets.filter((t) => !("image/svg+xml" in t.output.data));
      const result: StaticFiguresSummary = { rendered: targets.length - todo.length, figures: targets.length, errors: [] };
      if (todo.length === 0) return result;
      const chromium = findChromium(options.chromiumPath);
      if (!chromium.found) return { ...result, skipped: `no Chromium at ${chromium.path}` };
      const plotly = options.plotlyPath ?? plotlySource()?.absolutePath;
      if (!plotly) return { ...result, skipped: "plotly.js-dist-min is not installed" };
      const mine = turn.then(async () => {
        const p = await open(chromium.path, plotly);
        for (const t of todo) {
          try {
            const svg = await renderFigureSvg(p, t.output.data[PLOTLY_MIME], options.timeoutMs ?? 30_000);
            t.output.data = staticBundle(t.output.data, svg) as DataOutput["data"];
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
