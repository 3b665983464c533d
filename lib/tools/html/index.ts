export { ansiToHtml, stripAnsi } from "./ansi";
export { type ExportArgs, parseExportArgs } from "./args";
export {
  type CellRenderOptions,
  type CellVisibility,
  cellTags,
  cellVisibility,
  renderCell,
  renderCodeInput,
  type Visibility,
} from "./cell";
export { escapeHtml, multiline, safeJson, scriptSafe } from "./escape";
export { HIGHLIGHT_CSS, highlightCode } from "./highlight";
export { extractMath, type MarkdownOptions, type MathSpan, renderMarkdown } from "./markdown";
export { katexCss, type MathState, newMathState, renderMath } from "./math";
export { hasCode, hasOutputs, LECTURE_TITLE, learningGoal, notebookTitle } from "./notebook-info";
export { MIME_ORDER, newRenderContext, pickMime, type RenderContext, renderBundle, renderOutputs } from "./outputs";
export { type ExportedPage, exportPage, type PageOptions, plainTitle } from "./page";
export { CONTENT_CSS, PAGE_CSS } from "./page-css";
export {
  type FixedPlotSize,
  PLOTLY_MIME,
  plotDrawHtml,
  plotlyEmbedHtml,
  plotlyFigureHtml,
  plotlyFile,
  plotlyGzipBase64,
} from "./plotly";
export { type ExecuteMode, type PreparedNotebook, type PrepareOptions, prepareNotebooks } from "./prepare";
export { exportSite, type IndexEntry, indexPage, type SiteOptions, type SiteResult } from "./site";
