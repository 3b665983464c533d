// What both entries (Node and browser) export of the Playground: settings, presets, the trainer, "copy as code".
export { settingsToCode as playgroundCode } from "./code";
export { PerceptronReplay } from "./perceptron";
export {
  DEFAULT_SETTINGS as PLAYGROUND_DEFAULTS,
  type LayerWeights,
  normalizeSettings as playgroundSettings,
  type PlaygroundOptions,
  PRESETS as PLAYGROUND_PRESETS,
  type PlaygroundSettings,
} from "./settings";
export { Trainer as PlaygroundTrainer } from "./trainer";
