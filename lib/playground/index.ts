// The Playground in the Node entry: playground() shows a panel in a notebook (see display.ts).
export { playground, playgroundBundle } from "./display";
export * from "./shared";
