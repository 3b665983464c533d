// The public surface of the static figure renderer (re-exported by `dl4nlp/tools`).
export { findChromium, launchChromium } from "./chromium";
export {
  addStaticFigures,
  createStaticFigureSession,
  type StaticFigureSession,
  type StaticFiguresOptions,
} from "./static-figures";
