import { tokens } from "../../theme/tokens";

const slide = tokens.size.slide;

/** Slide size in CSS pixels (16:9); reveal.js scales it to the screen. */
export const SLIDE_WIDTH = slide.width;
export const SLIDE_HEIGHT = slide.height;

/** Plot size on a slide: the default when the figure has none, and the largest that fits under a heading. */
export const PLOT_SIZE = { width: 960, height: 500, maxWidth: 1180, maxHeight: 540 };

/**
 * The largest a Plotly figure is laid out on a slide to keep its labels apart (`browser/plot-labels.ts`): a figure
 * whose tick labels or cell texts overlap at `PLOT_SIZE` grows up to this (it then scrolls, sideways with the cue or
 * down); labels still overlapping at this size are reported.
 */
export const PLOT_LABELS_MAX = { maxWidth: 2400, maxHeight: 2400 };

/**
 * The tallest a raster image (PNG, JPEG, GIF, WebP; not SVG) is drawn on a slide: the slide's content height (720 less
 * its 10 + 40 px padding). With `max-width: 100%` it is scaled to fit the slide both ways, its aspect kept, as
 * reveal.js and nbconvert do; the slide's zoom then makes room for its heading. SVG figures are not capped: their
 * text keeps a legible floor (browser/wide-content.ts).
 */
export const RASTER_MAX_HEIGHT = SLIDE_HEIGHT - 50;

/**
 * The lecture theme over reveal.css: white, dark-blue headings with a rule, left-aligned text large enough for the
 * back of a hall, code at a size that still fits 70 characters, a footer with the lecture title, slide numbers.
 * A slide taller or wider than the screen is shrunk to fit (fit.ts, down to 60 %); beyond that it scrolls (nbconvert's `scroll`
 * option) with a "scroll" cue pinned to its bottom edge until the end is reached, and prints over as many pages as it needs,
 * broken between lines of text, never inside a figure, image, table row or HTML output that fits a page. Long words and
 * URLs break; something still wider than the slide scrolls sideways in a box with a "▶ more to the right" cue
 * (wide-content.ts), its table columns split over blocks or shrunk in the print view.
 */
export const THEME_CSS = `
.reveal-viewport{background:var(--dl-background)}
.reveal{font-family:var(--dl-font);font-size:${slide.font}px;font-weight:400;color:var(--dl-text)}
.reveal .slides{text-align:left}
.reveal .slides>section>section{height:100%;overflow-y:auto;overflow-x:hidden;padding:10px 24px 40px !important;box-sizing:border-box}
.reveal h1,.reveal h2,.reveal h3,.reveal h4{color:var(--dl-heading);font-family:inherit;font-weight:700;line-height:1.2;margin:0 0 .5em;text-transform:none;letter-spacing:0}
.reveal h1{font-size:1.9em}
.reveal h2{font-size:1.45em;border-bottom:3px solid var(--dl-heading);padding-bottom:.15em}
.reveal h3{font-size:1.15em}
.reveal p,.reveal li{line-height:1.4}
.reveal p{margin:.45em 0}
.reveal ul,.reveal ol{display:block;margin-left:1.2em}
.reveal li{margin:.2em 0}
.reveal strong{color:var(--dl-strong)}
.reveal a{color:var(--dl-link)}
.reveal code{font-family:var(--dl-mono);font-size:.85em;background:var(--dl-inline-code-background);padding:.05em .25em;border-radius:3px}
.reveal pre{width:100%;box-sizing:border-box;margin:.3em 0;box-shadow:none;font-size:${slide.code}px;line-height:1.35}
.reveal pre code{max-height:none;padding:0;background:none;font-size:inherit}
.reveal .input pre.code{font-size:${slide.code}px;padding:.5em .8em}
.reveal .outputs{font-size:${slide.code}px}
.reveal pre.output-stream,.reveal pre.output-text,.reveal pre.output-error{font-size:${slide.code}px}
.reveal table{margin:.3em 0;font-size:.75em}
.reveal table th,.reveal table td{border:1px solid var(--dl-border);padding:.2em .5em}
.reveal .output-html table{font-size:${slide.code}px}
.reveal .katex{font-size:1.05em}
.reveal .katex-display{margin:.5em 0}
.reveal img{margin:0}
.reveal img:not([src^="data:image/svg+xml" i]):not([src$=".svg" i]){max-width:100%;max-height:${RASTER_MAX_HEIGHT}px;object-fit:contain}
.reveal .output-plotly{display:flex;justify-content:safe center}
.reveal .cell{margin:.35em 0}
.reveal .lecture-kicker{color:var(--dl-muted);font-size:.8em;letter-spacing:.03em;text-transform:uppercase;margin:.2em 0 .8em;border-left:6px solid var(--dl-accent);padding-left:.5em}
.reveal .slides>section:first-child>section:first-child h1{margin-top:.6em}
.reveal .deck-footer{position:absolute;left:1.2em;bottom:.6em;font-size:${slide.small}px;color:var(--dl-muted);z-index:30;pointer-events:none}
.reveal .slide-number{background:none;color:var(--dl-muted);font-size:${slide.small}px;right:120px;bottom:.6em}
.reveal .controls{color:var(--dl-heading)}
.reveal .progress{color:var(--dl-heading);height:4px}
.reveal .slides>section>section>.scroll-cue{position:sticky;bottom:0;margin:0 -24px;padding:.8em 24px .1em;text-align:center;font-size:${slide.small + 4}px;font-weight:700;color:var(--dl-heading);background:linear-gradient(to bottom,transparent,var(--dl-background) 60%);pointer-events:none;z-index:31}
.reveal .slides>section>section>.scroll-cue::after{content:"";position:absolute;left:0;right:0;top:100%;height:40px;background:var(--dl-background)}
.reveal .slides>section>section>.scroll-cue.at-end{visibility:hidden}
.reveal .slides section :is(p,li,h1,h2,h3,h4,h5,h6,blockquote,dt,dd,figcaption){overflow-wrap:break-word}
.reveal .wide-box{max-width:100%}
.reveal .wide-scroll{overflow-x:auto;overflow-y:hidden;max-width:100%}
.reveal .wide-cue{text-align:right;padding:.1em 0 .1em .5em;width:max-content;margin-left:auto;position:sticky;bottom:48px;z-index:30;background:var(--dl-background);font-size:${slide.small + 4}px;font-weight:700;white-space:nowrap;color:var(--dl-heading);pointer-events:none}
.reveal .wide-cue.at-end{visibility:hidden}
.reveal .wide-columns-label{font-size:.7em;color:var(--dl-muted);margin:.3em 0 .1em}
.reveal details>summary{font-size:16px;color:var(--dl-muted);cursor:pointer}
@media print{.reveal .slides>section>section{overflow:hidden}}
html.print-pdf .reveal .slides>section>section,html.reveal-print .reveal .slides>section>section{overflow:hidden}
html.print-pdf .reveal :is(.scroll-cue,.wide-cue),html.reveal-print .reveal :is(.scroll-cue,.wide-cue){display:none}
html.print-pdf .reveal .deck-footer,html.reveal-print .reveal .deck-footer{display:none}
html.reveal-print .reveal .pdf-page>section :is(img,svg,canvas,video,iframe,figure,thead,tr,.output-image,.output-html,.output-plotly,.dl4nlp-plot,.katex-display){break-inside:avoid}
`;
