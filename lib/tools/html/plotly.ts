import { readFileSync } from "node:fs";
import { escapeHtml, safeJson, scriptSafe } from "./escape";

/** The Plotly figure MIME type (JupyterLab's plotly extension, VS Code, dl4nlp's show()). */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlyCache: string | undefined;

/** plotly.js from the plotly.js-dist package, ready to be inlined in ONE <script> per page (never a CDN). */
export function plotlyScript(): string {
  if (plotlyCache === undefined) {
    let file: string | undefined;
    // the minified bundle (~4.6 MB) when plotly.js-dist-min is installed, else plotly.js-dist's (~10 MB)
    for (const candidate of ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.min.js", "plotly.js-dist/plotly.js"]) {
      try {
        file = require.resolve(candidate);
        break;
      } catch {
        // not installed: try the next
      }
    }
    if (!file) throw new Error("plotly.js-dist is not installed: the page has Plotly figures and needs it (npm ci)");
    plotlyCache = scriptSafe(readFileSync(file, "utf8"));
  }
  return plotlyCache;
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
    if(!window.Plotly){fail(new Error("plotly.js is not on this page"));return;}
    var fig;try{fig=JSON.parse(src.textContent);}catch(e){fail(e);return;}
    var layout=fig.layout||{};var f=opts.fixed;
    if(f){var w=layout.width||f.width,h=layout.height||f.height;
      if(w>f.maxWidth){h=Math.round(h*f.maxWidth/w);w=f.maxWidth;}
      if(h>f.maxHeight){w=Math.round(w*f.maxHeight/h);h=f.maxHeight;}
      layout.width=w;layout.height=h;layout.autosize=false;el.style.width=w+"px";el.style.height=h+"px";}
    jobs.push(Promise.resolve().then(function(){
      return window.Plotly.newPlot(el,{data:fig.data||[],layout:layout,frames:fig.frames,config:{displaylogo:false,responsive:!f}});
    }).then(function(){return 1;},function(e){fail(e);return 0;}));
  })(els[i]);}
  return Promise.all(jobs).then(function(r){var n=0;for(var i=0;i<r.length;i++)n+=r[i];return n;});
};
})();`;
