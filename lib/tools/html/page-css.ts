/** The shared look of cell contents (pages and slides): code, outputs, tables, toggles, notes. */
export const CONTENT_CSS = `
.input pre.code,pre.output-text,pre.output-stream,pre.output-error{font-family:"DejaVu Sans Mono","Fira Code",Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;margin:0}
.input pre.code{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:.6em .8em}
.input pre.code code{background:none;padding:0;font-family:inherit}
.outputs{margin-top:.35em}
pre.output-stream,pre.output-text{padding:.3em .8em}
pre.output-stderr{background:#fff4f4;color:#8a1c1c;border-left:4px solid #d73a49}
pre.output-error{background:#fff4f4;border-left:4px solid #d73a49;padding:.4em .8em}
.output-html table,.markdown-cell table{border-collapse:collapse;margin:.4em 0}
.output-html th,.output-html td,.markdown-cell th,.markdown-cell td{border:1px solid #d0d7de;padding:.25em .6em;text-align:right}
.output-html th,.markdown-cell th{background:#f3f5f7}
.output-image img{max-width:100%;height:auto}
.output-plotly{overflow:hidden}
.math-error{color:#c00;font-family:monospace}
details.hidden-input>summary,details.hidden-output>summary{cursor:pointer;color:#57606a;font-size:.8em}
.dl4nlp-plot-error{color:#c00}
.katex-display{overflow-x:auto;overflow-y:hidden;padding:.1em 0}
`;

/** The course site's page style (one notebook per page). */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Source Sans 3","Segoe UI",Helvetica,Arial,sans-serif;font-size:17px;line-height:1.55;color:#1f2328;background:#fff}
header.lecture{background:#123a66;color:#fff;padding:.7em 1.5em}
header.lecture a{color:#fff;text-decoration:none}
header.lecture .lecture-title{font-size:.95em;letter-spacing:.02em;opacity:.9}
main{max-width:980px;margin:0 auto;padding:1em 1.5em 4em}
h1,h2,h3{color:#123a66;line-height:1.25}
h1{font-size:2em;border-bottom:3px solid #123a66;padding-bottom:.2em}
.cell{margin:.8em 0}
.code-cell .input{display:flex;gap:.4em;align-items:flex-start}
.code-cell .input pre.code{flex:1;font-size:14px}
.prompt{color:#8c959f;font-family:monospace;font-size:12px;min-width:5.5em;text-align:right;padding-top:.7em}
.outputs{padding-left:6em;font-size:15px}
aside.notes{background:#fffbe6;border-left:4px solid #d4a72c;padding:.3em 1em;margin:.8em 0;font-size:.95em}
aside.notes::before{content:"Lecturer's note";display:block;font-weight:600;color:#7d5a00;font-size:.85em}
nav.pager{display:flex;justify-content:space-between;margin-top:3em;border-top:1px solid #d0d7de;padding-top:1em}
ol.notebooks{padding-left:1.2em}ol.notebooks li{margin:.6em 0}ol.notebooks .goal{color:#57606a}
code{background:#f3f5f7;padding:.1em .3em;border-radius:3px;font-size:.92em}
`;
