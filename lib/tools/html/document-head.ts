import { escapeHtml } from "./escape";
import { offlinePolicy } from "./offline-policy";

/**
 * The opening of every exported document (a notebook page, the site's index, a slide deck) up to its <title>:
 * doctype, English, UTF-8, the offline Content-Security-Policy (offline-policy.ts: nothing in a cell reaches the network
 * or submits the page away), the viewport, the generator and the title, which is plain text (escaped here). The caller
 * adds its styles and closes the head.
 */
export function documentHead(options: { generator: string; title: string; viewport?: string }): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(offlinePolicy())}">`,
    `<meta name="viewport" content="${escapeHtml(options.viewport ?? "width=device-width, initial-scale=1")}">`,
    `<meta name="generator" content="${escapeHtml(options.generator)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
  ].join("\n");
}
