import { cssVariables, tokens } from "../../theme/tokens";

const page = tokens.size.page;

/**
 * The boxes that hold a cell's own HTML (a markdown or raw cell, an HTML or markdown output; each holds a
 * `.cell-html`, isolate.ts), and the index page's entries (titles and goals from the notebooks' markdown).
 */
const CELL_BOXES = ".markdown-cell,.raw-cell,.output-html,.output-markdown,ol.notebooks>li";

/**
 * What a cell's HTML draws stays in its box, as a reader expects: the rest of the page stays readable and clickable.
 * An identity `transform` makes the box the containing block of `position: fixed` and `absolute` elements inside (an
 * overlay covers its own cell at most) and, with `isolation`, a stacking context (no `z-index` rises above another
 * cell); `overflow-y: clip` cuts what is drawn above or below it (offsets, negative margins, transforms, shadows and
 * outlines, `::before` boxes) off the cells before and after. Neither makes the box a formatting context of its own, so
 * margins collapse through it as before (a deck's spacing and fitting are unchanged). Sideways, a page's box scrolls
 * (PAGE_CSS: a wide table, formula or `<pre>` scrolls inside its cell, what is drawn past the column is cut); a deck
 * leaves it visible for its own fitting, which shrinks or scrolls what is wide (slides/browser/wide-content.ts), and
 * the slide cuts at its edges. The box is the parent of the `.cell-html` its style sheets are scoped to, so no rule of
 * the cell can select it. The top layer (popovers, modal dialogs) is above every box: the attributes that open it
 * without script are removed (confine.ts).
 */
const CONFINEMENT_CSS = `${CELL_BOXES}{transform:translate(0);isolation:isolate;overflow-y:clip}
`;

/**
 * A page's cell boxes scroll sideways (CONFINEMENT_CSS) and so no longer let margins collapse through them: the first
 * and last child's outer margins are dropped (the cells' own margins space them), a heading that opens a cell gets
 * some space above back.
 */
const PAGE_CONFINEMENT_CSS = `${CELL_BOXES}{overflow-x:auto;overflow-y:hidden}
:is(${CELL_BOXES})>.cell-html>:first-child{margin-top:0}
:is(${CELL_BOXES})>.cell-html>:last-child{margin-bottom:0}
:is(${CELL_BOXES})>.cell-html>:is(h1,h2,h3,h4,h5,h6):first-child{margin-top:.6em}
`;

/**
 * A page's Plotly figure laid out wider than its column to keep its labels apart (html/plotly.ts inlines
 * slides/browser/plot-labels.ts) scrolls sideways in its output box; a figure that fits never overflows it.
 */
const PAGE_PLOTLY_CSS = ".output-plotly{overflow-x:auto;overflow-y:hidden}";

/**
 * The shared look of cell contents (pages and slides): code, outputs, tables, toggles, notes. Colours and fonts are
 * the theme tokens' (lib/theme/tokens.ts) as CSS custom properties. Figures and images never get wider than their
 * column: images and SVG (e.g. computation graphs) scale down, Plotly figures are sized to the column when drawn (on a
 * page, one whose labels would crowd there is laid out larger and its box scrolls sideways: PAGE_CSS).
 * Table cells are left-aligned; number columns are right-aligned where they are made (showTable, table-align.ts).
 */
export const CONTENT_CSS = `${cssVariables()}
.input pre.code,pre.output-text,pre.output-stream,pre.output-error{font-family:var(--dl-mono);white-space:pre-wrap;word-break:break-word;margin:0}
.input pre.code{background:var(--dl-code-background);border:1px solid var(--dl-code-border);border-radius:6px;padding:.6em .8em}
.input pre.code code{background:none;padding:0;font-family:inherit}
.outputs{margin-top:.35em;min-width:0}
pre.output-stream,pre.output-text{padding:.3em .8em}
pre.output-stderr{background:var(--dl-error-background);color:var(--dl-error-text);border-left:4px solid var(--dl-error)}
pre.output-error{background:var(--dl-error-background);border-left:4px solid var(--dl-error);padding:.4em .8em}
.untrusted-note{font-size:.85em;color:var(--dl-error-text);border-left:4px solid var(--dl-error);padding:.2em .6em;margin:.3em 0}
.output-html table,.markdown-cell table{border-collapse:collapse;margin:.4em 0}
.output-html th,.output-html td,.markdown-cell th,.markdown-cell td{border:1px solid var(--dl-border);padding:.25em .6em;text-align:left}
.output-html th,.markdown-cell th{background:var(--dl-table-header)}
.output-image img,.markdown-cell img,.output-html img{max-width:100%;height:auto}
.output-image.unconfined img{max-width:none}
.output-image.needs-light-background img{background:#fff}
.output-image.needs-dark-background img{background:#000}
.output-svg svg,.output-html svg:not(.main-svg):not(.katex svg){max-width:100%;height:auto}
.output-plotly{overflow:hidden;max-width:100%}
.math-error{color:#c00;font-family:monospace}
details.hidden-input>summary,details.hidden-output>summary{cursor:pointer;color:var(--dl-muted);font-size:.8em}
.dl4nlp-plot-error{color:#c00}
.katex-display{overflow-x:auto;overflow-y:hidden;padding:.1em 0}
${CONFINEMENT_CSS}`;

/** The course site's page style (one notebook per page): a reading column of at most ${page.column} px. */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:var(--dl-font);font-size:${page.font}px;line-height:1.55;color:var(--dl-text);background:var(--dl-background)}
header.lecture{background:var(--dl-heading);color:#fff;padding:.7em 1.5em}
header.lecture a{color:#fff;text-decoration:none}
header.lecture .lecture-title{font-size:.95em;letter-spacing:.02em;opacity:.9}
main{max-width:${page.column}px;margin:0 auto;padding:1em 1.5em 4em}
h1,h2,h3{color:var(--dl-heading);line-height:1.25}
h1{font-size:2em;border-bottom:3px solid var(--dl-heading);padding-bottom:.2em}
a{color:var(--dl-link)}
.cell{margin:.8em 0;min-width:0}
.code-cell .input{display:flex;gap:.4em;align-items:flex-start}
.code-cell .input pre.code{flex:1;min-width:0;font-size:${page.code}px}
.prompt{color:#8c959f;font-family:monospace;font-size:12px;min-width:5.5em;text-align:right;padding-top:.7em}
.outputs{padding-left:6em;font-size:${page.output}px}
aside.notes{background:var(--dl-note-background);border-left:4px solid var(--dl-note-border);padding:.3em 1em;margin:.8em 0;font-size:.95em}
aside.notes::before{content:"Lecturer's note";display:block;font-weight:600;color:var(--dl-note-text);font-size:.85em}
nav.pager{display:flex;justify-content:space-between;margin-top:3em;border-top:1px solid var(--dl-border);padding-top:1em}
ol.notebooks{padding-left:1.2em}ol.notebooks li{margin:.6em 0}ol.notebooks .goal{color:var(--dl-muted)}
code{background:var(--dl-inline-code-background);padding:.1em .3em;border-radius:3px;font-size:.92em}
${PAGE_CONFINEMENT_CSS}
${PAGE_PLOTLY_CSS}
@media (max-width:900px){.prompt{display:none}.outputs{padding-left:0}main{padding:1em .9em 3em}}
`;
