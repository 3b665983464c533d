// The public surface of the HTML export (re-exported by `dl4nlp/tools`); the renderers' internals are imported by file.
export { type CellRenderOptions, renderCell } from "./cell";
export { type MarkdownOptions, renderMarkdown } from "./markdown";
export { type ExportedPage, exportPage, type PageOptions } from "./page";
export type { ExecuteMode, PrepareOptions } from "./prepare";
export { exportSite, type IndexEntry, type SiteOptions, type SiteResult } from "./site";
