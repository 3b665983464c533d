import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { plotlySource } from "../../lib/display/plotlyHtml";

/** The plotly.js bundle that show() points pages at (plotly.js-dist-min's). */
export const PLOTLY_JS = plotlySource()!.absolutePath;
/** The same file relative to the project root (the tests' cwd), with forward slashes: node_modules/<package>/<file>. */
export const PLOTLY_REL = plotlySource()!.relativePath;
// resolved from lib/, whose dependency it is (npm may keep it in lib/node_modules)
export const KATEX_DIR = require("node:path").dirname(
  require.resolve("katex/dist/katex.min.js", { paths: [require("node:path").join(__dirname, "..", "..", "lib")] }),
);

/**
 * Serves `routes` (path → body or file) at http://<host>/ and aborts every other request, so the page is offline:
 * nothing from a CDN or the network can reach it. Returns the list of requested URLs.
 */
export async function serveOffline(
  page: Page,
  host: string,
  routes: Record<string, { body?: string; file?: string; type: string }>,
): Promise<string[]> {
  const requested: string[] = [];
  await page.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    requested.push(url.href);
    const r = url.host === host ? routes[decodeURIComponent(url.pathname)] : undefined;
    if (!r) return route.abort("internetdisconnected");
    return route.fulfill({ status: 200, contentType: r.type, body: r.file ? readFileSync(r.file) : (r.body ?? "") });
  });
  return requested;
}

/** Inserts an output's text/html the way JupyterLab does: innerHTML, then each <script> re-created so it runs. */
export async function insertHtmlOutput(page: Page, html: string): Promise<void> {
  await page.evaluate((h: string) => {
    const host = document.createElement("div");
    host.className = "output";
    host.innerHTML = h;
    document.body.appendChild(host);
    for (const old of Array.from(host.querySelectorAll("script"))) {
      const s = document.createElement("script");
      s.type = old.type || "text/javascript";
      s.textContent = old.textContent;
      old.replaceWith(s);
    }
  }, html);
}

/** Collects console errors and page errors. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}
