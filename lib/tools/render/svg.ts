import type { Browser, Page } from "playwright-core";

/** A page with plotly.js loaded from the local file, ready for renderFigureSvg. */
export async function openRenderPage(browser: Browser, plotlyPath: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>");
  await page.addScriptTag({ path: plotlyPath });
  return page;
}

/**
 * Plotly's SVG export of one figure (the first frame of an animation), drawn in `page` at the figure's layout size
 * (default 700×450). The same figure gives the same bytes: plotly.js names clip paths and gradients with
 * Math.random, which is reset to a fixed-seed generator before each figure. Throws after `timeoutMs`.
 */
export async function renderFigureSvg(page: Page, figure: unknown, timeoutMs: number): Promise<string> {
  const work = page.evaluate(
    async (fig: { data: unknown[]; layout?: Record<string, unknown> }) => {
      // xorshift32 with a fixed seed: plotly's random ids (clip paths, defs) become the same in every render
      let state = 0x2545f491;
      Math.random = () => {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        return (state >>> 0) / 4294967296;
      };
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
    return decodeSvgDataUrl(await Promise.race([work, timeout]));
  } finally {
    clearTimeout(timer);
  }
}

/** The SVG text of a `data:image/svg+xml,...` URL (URL-encoded or base64). */
function decodeSvgDataUrl(url: string): string {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:image/svg+xml") || comma < 0) throw new Error(`not an SVG data URL: ${url.slice(0, 40)}…`);
  const head = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}
