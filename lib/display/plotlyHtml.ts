import type { Figure } from "../plot/types";

/**
 * Where the browser finds plotly.js, as known in the kernel: the absolute path of the bundle on the kernel's
 * machine, and that path relative to the kernel's working folder (the notebook's folder under Jupyter).
 */
export interface PlotlySource {
  /** Absolute path, e.g. /home/ana/dl4nlp/node_modules/plotly.js-dist-min/plotly.min.js. */
  absolutePath: string;
  /** Relative to the kernel's cwd, with forward slashes, e.g. ../node_modules/plotly.js-dist/plotly.js. */
  relativePath: string;
}

let cachedSource: PlotlySource | null | undefined;

/** Finds plotly.js-dist's bundle (the minified one when the package ships it). Null when it is not installed. */
export function plotlySource(): PlotlySource | null {
  if (cachedSource !== undefined) return cachedSource;
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  let abs: string | null = null;
  for (const candidate of ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.min.js", "plotly.js-dist/plotly.js"]) {
    try {
      const p = require.resolve(candidate);
      if (fs.existsSync(p)) {
        abs = p;
        break;
      }
    } catch {
      // not installed: try the next
    }
  }
  cachedSource = abs
    ? { absolutePath: abs.split(path.sep).join("/"), relativePath: path.relative(process.cwd(), abs).split(path.sep).join("/") }
    : null;
  return cachedSource;
}

/**
 * The script that loads plotly.js at most once per page, without a CDN and without copying it into outputs:
 * 1. `window.Plotly` already there (exported pages, slides, a page that loaded it) → use it;
 * 2. else fetch it from the Jupyter server that serves the notebook, `<baseUrl>files/<path under the server root>`:
 *    baseUrl from the page config (`#jupyter-config-data`, JupyterLab / Notebook 7) or `body[data-base-url]`
 *    (Notebook 6); the path under the root from the page config's `serverRoot` and the absolute path, or from the
 *    notebook's path in the page URL (/lab/tree/<path>, /notebooks/<path>, /doc/tree/<path>) joined with the path
 *    relative to the kernel's folder. Candidates are tried in turn; one shared promise per page.
 * Defines `window.__dl4nlpLoadPlotly(source)` returning a promise of Plotly.
 */
export const PLOTLY_LOADER_JS = `(function(){
if (window.__dl4nlpLoadPlotly) return;
function norm(parts){var out=[];for(var i=0;i<parts.length;i++){var p=parts[i];if(!p||p===".")continue;if(p===".."){if(!out.length)return null;out.pop();}else out.push(p);}return out.join("/");}
function enc(p){return p.split("/").map(encodeURIComponent).join("/");}
function urls(src){
  var cfg={};var el=document.getElementById("jupyter-config-data");
  if(el){try{cfg=JSON.parse(el.textContent||"{}");}catch(e){}}
  var base=cfg.baseUrl||(document.body&&document.body.getAttribute("data-base-url"))||"/";
  if(base.charAt(base.length-1)!=="/")base+="/";
  var list=[];var root=cfg.serverRoot;
  if(root&&root.charAt(0)!=="~"){root=root.replace(/\\/+$/,"");if(src.abs.indexOf(root+"/")===0)list.push(src.abs.slice(root.length+1));}
  var path=decodeURIComponent(location.pathname);
  var m=/\\/(?:lab(?:\\/workspaces\\/[^/]+)?\\/tree|doc(?:\\/workspaces\\/[^/]+)?\\/tree|notebooks|tree)\\/(.*)$/.exec(path);
  if(m){var dir=m[1].split("/");dir.pop();var r=norm(dir.concat(src.rel.split("/")));if(r!==null)list.push(r);}
  var seen={};var res=[];for(var i=0;i<list.length;i++){if(!seen[list[i]]){seen[list[i]]=1;res.push(base+"files/"+enc(list[i]));}}
  return res;
}
function load(list,i,resolve,reject){
  if(window.Plotly)return resolve(window.Plotly);
  if(i>=list.length)return reject(new Error("plotly.js not found; tried: "+(list.join(", ")||"no candidate URL (not in Jupyter?)")));
  var s=document.createElement("script");s.src=list[i];s.async=true;
  s.onload=function(){window.Plotly?resolve(window.Plotly):load(list,i+1,resolve,reject);};
  s.onerror=function(){s.remove();load(list,i+1,resolve,reject);};
  document.head.appendChild(s);
}
window.__dl4nlpLoadPlotly=function(src){
  if(window.Plotly)return Promise.resolve(window.Plotly);
  if(!window.__dl4nlpPlotlyPromise){window.__dl4nlpPlotlyPromise=new Promise(function(res,rej){load(urls(src),0,res,rej);});
    window.__dl4nlpPlotlyPromise.catch(function(){window.__dl4nlpPlotlyPromise=null;});}
  return window.__dl4nlpPlotlyPromise;
};
})();`;

/** Options of the HTML form of a figure. */
export interface FigureHtmlOptions {
  /** The element id (unique per output). */
  id: string;
  /** Where plotly.js is, for pages without window.Plotly; null: only window.Plotly is used. */
  source: PlotlySource | null;
}

/** The class of the placeholder that addStaticFigures fills with the SVG image and the script removes on drawing. */
export const STATIC_CLASS = "dl4nlp-static";

/**
 * The text/html form of a figure: a div holding an (initially empty) static-image placeholder, plus a script that
 * draws the figure with plotly.js (see PLOTLY_LOADER_JS) and then removes the placeholder. Where no script runs
 * (untrusted notebooks, GitHub, nbviewer), the placeholder's image is what shows once the runner has filled it.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions): string {
  const { id } = options;
  const width = typeof figure.layout.width === "number" ? `max-width:${figure.layout.width}px;` : "";
  const height = typeof figure.layout.height === "number" ? figure.layout.height : 450;
  const json = safeJson(figure);
  const src = options.source ? safeJson({ abs: options.source.absolutePath, rel: options.source.relativePath }) : "null";
  return `<div id="${id}" class="dl4nlp-figure" style="${width}min-height:${height}px"><div class="${STATIC_CLASS}"></div></div>
<script type="text/javascript">
${PLOTLY_LOADER_JS}
(function(){
var fig=${json};var src=${src};var id=${JSON.stringify(id)};
var el=document.getElementById(id);if(!el)return;
var p=window.Plotly?Promise.resolve(window.Plotly):(src?window.__dl4nlpLoadPlotly(src):Promise.reject(new Error("plotly.js is not loaded on this page")));
p.then(function(Plotly){
  return Plotly.newPlot(el,fig.data,fig.layout,{displaylogo:false,responsive:true}).then(function(gd){
    var st=el.querySelector(".${STATIC_CLASS}");if(st)st.remove();
    return fig.frames?Plotly.addFrames(gd,fig.frames):gd;});
}).catch(function(e){var n=document.createElement("div");n.className="dl4nlp-figure-error";
  var st=el.querySelector(".${STATIC_CLASS} img");
  n.style.cssText=st?"font-size:11px;color:#777":"font-family:monospace;color:#b00";
  n.textContent=(st?"static image; the interactive figure needs plotly.js: ":"figure not drawn: ")+e.message;el.appendChild(n);});
})();
</script>`;
}

/** JSON safe to put inside a <script> element: no "</script>", no "<!--". */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
