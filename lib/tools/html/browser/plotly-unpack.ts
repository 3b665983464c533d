/**
 * Unpacks the page's one embedded copy of plotly.js (a browser script, no imports; built by tsc and inlined by
 * plotly.ts): the gzipped, base64-encoded bundle in the inert script element with the id dl4nlp-plotly-gz
 * is decompressed with DecompressionStream and run from a blob: URL. Defines `window.dl4nlpPlotlyReady`, a promise of
 * Plotly (rejected with a message naming the problem when the embedded copy cannot be run).
 */
(() => {
  const w = window as unknown as { Plotly?: unknown; dl4nlpPlotlyReady?: Promise<unknown> };
  w.dl4nlpPlotlyReady = (() => {
    if (w.Plotly) return Promise.resolve(w.Plotly);
    const el = document.getElementById("dl4nlp-plotly-gz");
    if (!el) return Promise.reject(new Error("plotly.js is not embedded in this page"));
    const bin = atob((el.textContent ?? "").trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).blob().then(
      (js) =>
        new Promise((resolve, reject) => {
          const url = URL.createObjectURL(new Blob([js], { type: "text/javascript" }));
          const s = document.createElement("script");
          s.src = url;
          s.onload = () => {
            URL.revokeObjectURL(url);
            el.textContent = "";
            if (w.Plotly) resolve(w.Plotly);
            else reject(new Error("plotly.js ran but defined no Plotly"));
          };
          s.onerror = () => reject(new Error("plotly.js could not be loaded from its embedded copy"));
          document.head.appendChild(s);
        }),
    );
  })();
})();
