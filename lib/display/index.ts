// the kernel's hooks into the display (a figure as a cell's last value, images settled before replies): kernel-hooks.ts
import "./kernel-display";

export { nextOutputIds, type OutputIds } from "./display-ids";
export { figureBundle, figureSummary, PLOTLY_MIME, staticBundle } from "./figure";
export { type EpochEntry, type LiveChart, type LiveChartOptions, liveChart } from "./live";
export { type MatrixInput, matrixBundle, type ShowMatrixOptions } from "./matrix";
export { FIGURE_CLASS, figureHtml, type PlotlySource, plotlySource } from "./plotlyHtml";
export { show, showMatrix, showTable, svgBundle } from "./show";
export { LIVE_STATIC_ENV, liveStaticImagesEnabled } from "./static-image";
export { type ShowTableOptions, tableBundle } from "./table";
export { fromTypedArraySpec, isTypedArraySpec, type TypedArraySpec, toTypedArraySpec } from "./typed-arrays";
export {
  type DisplayData,
  type MimeBundle,
  publish,
  setTslabLoaderForTests,
} from "./writer";
