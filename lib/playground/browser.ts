// The Playground in the package's browser entry: put a panel on any page, or drive the training directly.
export { mountAll as mountAllPlaygrounds, mountPlayground } from "./panel/mount";
export type { PlaygroundPanel } from "./panel/panel";
export * from "./shared";
