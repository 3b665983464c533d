/**
 * The figure renderer process a kernel starts on its first figure (live-client.ts) and reuses: reads render requests
 * (live-protocol.ts) line by line on stdin, draws each in one headless Chromium page with plotly.js, and writes the
 * SVG (or the error) as a line on stdout. Chromium starts on the first request. When stdin ends (the kernel exited,
 * however it ended, even killed) the browser is closed and this process exits at once, renders pending or not (also
 * while Chromium is still starting), so no Chromium outlives its kernel.
 *
 *   node live-server.js <chromium executable> <plotly.js file>
 */
import { createInterface } from "node:readline";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./chromium";
import type { RenderReply, RenderRequest } from "./live-protocol";
import { openRenderPage, renderFigureSvg } from "./svg";

const [chromiumPath, plotlyPath] = process.argv.slice(2);
const TIMEOUT_MS = 120_000;

let browser: Browser | undefined;
let page: Promise<Page> | undefined;

function openPage(): Promise<Page> {
  page ??= launchChromium(chromiumPath).then((b) => {
    browser = b;
    b.on("disconnected", () => {
      page = undefined;
    });
    return openRenderPage(b, plotlyPath);
  });
  return page;
}

function reply(message: RenderReply): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let queue: Promise<void> = Promise.resolve();

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  let request: RenderRequest;
  try {
    request = JSON.parse(line) as RenderRequest;
  } catch {
    return;
  }
  queue = queue.then(async () => {
    try {
      reply({ id: request.id, svg: await renderFigureSvg(await openPage(), request.figure, TIMEOUT_MS) });
    } catch (err) {
      reply({ id: request.id, error: (err as Error).message.split("\n")[0] });
    }
  });
});
// No one reads the replies of renders still queued or running, so none is waited for: a browser still starting (a hung
// or slow launch) would keep this process and itself alive for minutes after its kernel. Playwright kills a browser it
// is still launching when this process exits.
lines.on("close", () => {
  void (browser ? browser.close().catch(() => undefined) : Promise.resolve()).finally(() => process.exit(0));
});
