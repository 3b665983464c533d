export { CHROMIUM_ARGS, DEFAULT_CHROMIUM, findChromium, launchChromium } from "./chromium";
export {
  addStaticFigures,
  createStaticFigureSession,
  type StaticFigureSession,
  type StaticFiguresOptions,
} from "./static-figures";
export { decodeSvgDataUrl, openRenderPage, renderFigureSvg } from "./svg";
