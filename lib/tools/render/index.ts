export { CHROMIUM_ARGS, DEFAULT_CHROMIUM, findChromium, launchChromium } from "./chromium";
export {
  addStaticFigures,
  createStaticFigureSession,
  type StaticFigureSession,
  attachSvg,
  decodeSvgDataUrl,
  type StaticFiguresOptions,
  type StaticFiguresResult,
} from "./static-figures";
