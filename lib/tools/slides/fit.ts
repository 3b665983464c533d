/** The smallest zoom a slide is shrunk to; a slide that would need less scrolls (and is clipped in a PDF). */
export const MIN_FIT_ZOOM = 0.6;

/**
 * Shrink-to-fit, in the deck's page: every slide whose content is taller than the 1280×720 slide gets its cells
 * zoomed (CSS `zoom`) until it fits, down to MIN_FIT_ZOOM, so a long code cell or a tall plot stays on the screen in
 * the lecture hall and on its PDF page instead of scrolling or being clipped. Runs once the figures are drawn
 * (they set the heights) and reveal.js is ready; slides that reveal.js keeps hidden are shown for the measurement
 * and hidden again in the same task, so nothing flickers. `window.dl4nlpSlidesFitted` resolves to the number of
 * slides shrunk; each keeps its zoom in `data-fit-zoom`.
 */
export const FIT_SLIDES_JS = `
(function(){
var MIN=${MIN_FIT_ZOOM};
function cells(s){return Array.prototype.filter.call(s.children,function(k){return k.tagName!=="ASIDE";});}
function zoom(s,z){cells(s).forEach(function(k){k.style.zoom=z===1?"":String(z);});}
// screen: the slide scrolls its own overflow; print: the slide sits in a .pdf-page of the slide's height
function over(s){
  var page=s.parentNode&&s.parentNode.classList&&s.parentNode.classList.contains("pdf-page")?s.parentNode:null;
  if(page)return s.offsetTop+s.scrollHeight-page.clientHeight;
  return s.scrollHeight-s.clientHeight;
}
function fit(s){
  zoom(s,1);
  var z=1;
  for(var n=0;n<5;n++){
    var excess=over(s);
    if(excess<=1)break;
    var style=getComputedStyle(s);
    var content=s.scrollHeight-parseFloat(style.paddingTop)-parseFloat(style.paddingBottom);
    if(!(content>0))break;
    z=Math.max(MIN,z*(content-excess)/content-0.005);
    zoom(s,z);
    if(z===MIN)break;
  }
  if(z<1)s.setAttribute("data-fit-zoom",z.toFixed(3));else s.removeAttribute("data-fit-zoom");
  return z<1;
}
function slides(){
  var print=document.querySelectorAll(".reveal .pdf-page>section");
  if(print.length)return Array.prototype.slice.call(print);
  return Array.prototype.slice.call(document.querySelectorAll(".reveal .slides>section>section"));
}
function fitAll(){
  var shrunk=0;
  slides().forEach(function(s){
    // reveal.js sets display:none on slides far from the current one: show this one (and its stack) to measure it
    var stack=s.parentNode,sd=s.style.display,pd=stack.style.display;
    if(getComputedStyle(s).display==="none"){s.style.display="block";stack.style.display="block";}
    if(fit(s))shrunk++;
    s.style.display=sd;stack.style.display=pd;
  });
  return shrunk;
}
// the print view lays its pages out after "ready" and then fires "pdf-ready"
var printing=/print-pdf/.test(window.location.search);
var ready=new Promise(function(resolve){
  if(printing){if(document.querySelector(".reveal .pdf-page"))resolve();else Reveal.on("pdf-ready",function(){resolve();});}
  else if(Reveal.isReady())resolve();else Reveal.on("ready",function(){resolve();});
});
window.dl4nlpSlidesFitted=Promise.all([window.dl4nlpPlotsDrawn,ready,document.fonts?document.fonts.ready:null]).then(fitAll);
})();
`;
