export { main as slidesMain } from "./cli";
export { applyCodeOption, CODE_OPTIONS, type CodeOption } from "./code-option";
export { type DeckOptions, type ExportedDeck, exportDeck } from "./deck";
export { type DeckResult, type DecksOptions, exportDecks } from "./decks";
export { fitSlidesHtml, MIN_FIT_ZOOM } from "./fit";
export { countPdfPages, type PrintOptions, type PrintResult, printDeck } from "./pdf";
export {
  type Block,
  type DeckCounts,
  deckCounts,
  deckStructure,
  EmptyDeckError,
  type Slide,
  type SlideType,
  type Subslide,
  slideTypeOf,
} from "./structure";
export { PLOT_SIZE, SLIDE_HEIGHT, SLIDE_WIDTH, THEME_CSS } from "./theme";
