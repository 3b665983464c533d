import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { plotlySource } from "../../display/plotlyHtml";
import { escapeHtml, safeJson } from "./escape";

/** The Plotly figure MIME type (JupyterLab's plotly extension, VS Code, dl4nlp's show()). */
export { PLOTLY_MIME } from "../../display/figure";

/** plotly.js-dist-min's bundle file. */
export function plotlyFile(): string {
  const source = plotlySource();
  if (!source) throw new Error("plotly.js-dist-min is not installed: the page has Plotly figures and needs it (npm ci)");
  return source.absolutePath;
}

let gzCache: string | undefined;

/**
 * plotly.js gzipped and base64-encoded (10 MB → 2.6 MB), cached in the temp folder per bundle version (keyed by path,
 * size and mtime) because compressing takes a second or two.
 */
export function plotlyGzipBase64(): string {
  if (gzCache !== undefined) return gzCache;
  const file = plotlyFile();
  const info = statSync(file);
  const key = createHash("sha256").update(`${file}:${info.size}:${info.mtimeMs}`).digest("hex").slice(0, 16);
  const cached = join(tmpdir(), `dl4nlp-plotly-${key}.gz.b64`);
  try {
    gzCache = readFileSync(cached, "utf8");
    return gzCache;
  } catch {
    // not cached yet
  }
  gzCache = gzipSync(readFileSync(file), { level: 6 }).toString("base64");
  try {
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, gzCache);
    renameSync(tmp, cached);
  } catch {
    // a cache that cannot be written only costs time
  }
  return gzCache;
}

/**
 * plotly.js embedded ONCE in a page, never from a CDN: gzipped + base64 in an inert <script> element, unpacked in the
 * browser with DecompressionStream and run from a blob: URL. Defines window.dl4nlpPlotlyReady, a promise of Plotly.
 */
export function plotlyEmbedHtml(): string {
  return `<script type="application/octet-stream" id="dl4nlp-plotly-gz">${plotlyGzipBase64()}</script>
<script>
window.dl4nlpPlotlyReady=(function(){
  if(window.Plotly)return Promise.resolve(window.Plotly);
  var el=document.getElementById("dl4nlp-plotly-gz");
  var bin=atob(el.textContent.trim());var bytes=new Uint8Array(bin.length);
  for(var i=0;i<bin.length;i++)bytes[i]=bin.charCodeAt(i);
  var stream=new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).blob().then(function(js){
    var url=URL.createObjectURL(new Blob([js],{type:"text/javascript"}));
    return new Promise(function(resolve,reject){
      var s=document.createElement("script");s.src=url;
      s.onload=function(){URL.revokeObjectURL(url);el.textContent="";window.Plotly?resolve(window.Plotly):reject(new Error("plotly.js ran but defined no Plotly"));};
      s.onerror=function(){reject(new Error("plotly.js could not be loaded from its embedded copy"));};
      document.head.appendChild(s);
    });
  });
})();
</script>`;
}

/**
 * A figure's place in the page: an empty div and its JSON in a non-executed <script type="application/json">; the
 * page's one drawing script (PLOT_DRAW_JS) draws every such div with plotly.js.
 */
export function plotlyFigureHtml(figure: unknown, id: string): string {
  return `<div class="dl4nlp-plot" id="${escapeHtml(id)}"></div><script type="application/json" class="dl4nlp-plot-data" data-for="${escapeHtml(id)}">${safeJson(figure)}</script>`;
}

/**
 * Defines window.dl4nlpDrawPlots(options): draws every `.dl4nlp-plot` not drawn yet from its JSON, with frames
 * (animations); returns a promise of the number drawn. options.fixed = {width, height, maxWidth, maxHeight}: fixed
 * sizes (slides: reveal.js scales the whole slide, and a hidden slide has no size to adapt to); else responsive.
 * A figure that fails shows the error in its place and on the console.
 */
export const PLOT_DRAW_JS = `(function(){
window.dl4nlpDrawPlots=function(opts){
  opts=opts||{};var els=document.querySelectorAll(".dl4nlp-plot");var jobs=[];
  for(var i=0;i<els.length;i++){(function(el){
    if(el.getAttribute("data-drawn"))return;el.setAttribute("data-drawn","1");
    var src=document.querySelector('script.dl4nlp-plot-data[data-for="'+el.id+'"]');
    function fail(e){var p=document.createElement("pre");p.className="dl4nlp-plot-error";p.textContent="figure not drawn: "+(e&&e.message||e);el.appendChild(p);console.error("dl4nlp: figure "+el.id+" not drawn:",e);}
    var fig;try{fig=JSON.parse(src.textContent);}catch(e){fail(e);return;}
    var layout=fig.layout||{};var f=opts.fixed;
    if(f){var w=layout.width||f.width,h=layout.height||f.height;
      if(w>f.maxWidth){h=Math.round(h*f.maxWidth/w);w=f.maxWidth;}
      if(h>f.maxHeight){w=Math.round(w*f.maxHeight/h);h=f.maxHeight;}
      layout.width=w;layout.height=h;layout.autosize=false;el.style.width=w+"px";el.style.height=h+"px";}
    jobs.push(Promise.resolve(window.dl4nlpPlotlyReady||window.Plotly).then(function(Plotly){
      if(!Plotly)throw new Error("plotly.js is not on this page");
      return Plotly.newPlot(el,{data:fig.data||[],layout:layout,frames:fig.frames,config:{displaylogo:false,responsive:!f}});
    }).then(function(){return 1;},function(e){fail(e);return 0;}));
  })(els[i]);}
  return Promise.all(jobs).then(function(r){var n=0;for(var i=0;i<r.length;i++)n+=r[i];return n;});
};
})();`;
