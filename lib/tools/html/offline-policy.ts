/**
 * The Content-Security-Policy every exported document (a notebook page, the site's index, a slide deck) declares in a
 * `<meta>` at the top of its head, before any cell content: the document is offline. Nothing a cell holds may reach
 * the network or navigate the page away by itself: `<img src="https://…">`, `srcset`, CSS `url()`, `@import`,
 * `@font-face`, `<video>`/`<audio>`/`<source>`/`<track>`, SVG `<image href>`, `<iframe src>`, `<object>`, fetch and
 * WebSocket from a trusted output's script, `<a ping>`, and `<form action>` (a submit would leave the page).
 *
 * What the documents themselves need stays allowed: inline scripts and styles (reveal.js, the Playground panel, the
 * plot-drawing script; which cell scripts run is decided by the trust model, confine.ts), plotly.js run from a `blob:`
 * URL (browser/plotly-unpack.ts), WebAssembly compiled from bytes (the library's kernels in the Playground), KaTeX's
 * fonts and images as `data:` URLs (local images are embedded, local-images.ts), images and media beside the page
 * (`'self'`: one too large to embed, or on the course's own server; Chromium counts every file: URL as 'self' of a
 * file: page) and frames of the document itself (reveal.js's speaker view shows the deck in frames). Links a reader
 * clicks still work.
 *
 * Directive by directive so that each allowance is visible; `'unsafe-eval'` costs nothing here (it opens no network)
 * and keeps libraries that compile code (plotly's WebGL traces) working.
 */
export const OFFLINE_POLICY: Readonly<Record<string, readonly string[]>> = {
  "default-src": ["'none'"],
  "script-src": ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "blob:"],
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["data:"],
  "media-src": ["'self'", "data:", "blob:"],
  "connect-src": ["data:", "blob:"],
  "worker-src": ["blob:"],
  "frame-src": ["'self'"],
  "form-action": ["'none'"],
  "base-uri": ["'none'"],
};

/** OFFLINE_POLICY as the value of a Content-Security-Policy header or `<meta http-equiv>`. */
export const offlinePolicy = (): string =>
  Object.entries(OFFLINE_POLICY)
    .map(([directive, sources]) => `${directive} ${sources.join(" ")}`)
    .join("; ");
