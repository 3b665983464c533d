export { figureBundle, figureSummary, PLOTLY_MIME } from "./figure";
export { type LiveChart, type EpochEntry, type LiveChartOptions, liveChart } from "./live";
export { type MatrixInput, matrixBundle, type ShowMatrixOptions } from "./matrix";
export { figureHtml, PLOTLY_LOADER_JS, type PlotlySource, plotlySource, STATIC_CLASS } from "./plotlyHtml";
export { show, showMatrix, showTable, svgBundle } from "./show";
export { type ShowTableOptions, tableBundle } from "./table";
export {
  type DisplayData,
  type DisplaySink,
  displayRoute,
  type MimeBundle,
  publish,
  setDisplaySink,
  setTslabLoaderForTests,
} from "./writer";
