// The public surface of the deck export (re-exported by `dl4nlp/tools`); the deck's internals are imported by file.
export { type DeckOptions, type ExportedDeck, exportDeck } from "./deck";
export { type DeckResult, type DecksOptions, exportDecks } from "./decks";
export { type PrintOptions, type PrintResult, printDeck } from "./pdf";
export { type DeckCounts, deckCounts, deckStructure, EmptyDeckError, type Slide, type SlideType } from "./structure";
