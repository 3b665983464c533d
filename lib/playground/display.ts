import { ONCE_PER_PAGE_ATTRIBUTE } from "../display/once-per-page";
import { type MimeBundle, publish } from "../display/writer";
import { DATASETS, normalizeSettings, type PlaygroundOptions, type PlaygroundSettings } from "./settings";
import { startingStateSvg } from "./svg";
import { Trainer } from "./trainer";

/** Where the panel runs, said under the static image where scripts cannot run. */
export const WHERE_IT_RUNS =
  "Interactive Playground: it runs in JupyterLab and Notebook 7 (trusted notebook: run the cell), in the course's exported pages and slide decks; here only its starting state is shown.";

let panelScriptCache: string | null = null;
/**
 * The panel's script: the library's browser build and the panel code, bundled by lib/build/playground.mjs into
 * dist/playground/panel.js during `npm run build`. Read once per process.
 */
export function panelScript(): string {
  if (panelScriptCache !== null) return panelScriptCache;
  const { existsSync, readFileSync } = require("node:fs") as typeof import("node:fs");
  const { join } = require("node:path") as typeof import("node:path");
  // beside this file in lib/dist/playground; from the TypeScript sources (tests), in ../dist/playground
  const candidates = [join(__dirname, "panel.js"), join(__dirname, "..", "dist", "playground", "panel.js")];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`playground: the panel script is not built (${candidates[0]}): run npm run build`);
  panelScriptCache = readFileSync(file, "utf8");
  return panelScriptCache;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The output of playground(): text/html with the panel's root (data-playground, its settings as JSON, the state
 * attributes data-epoch / data-train-loss / data-test-loss), a static SVG image of the starting state with one line
 * saying where the panel runs (what untrusted notebooks, GitHub and PDFs show), and the panel script, which replaces
 * the image with the live panel where scripts run; text/plain names the settings. Deterministic: no random ids. The
 * script is marked once per page (ONCE_PER_PAGE_ATTRIBUTE): exported pages and decks keep one copy for all panels.
 */
export function playgroundBundle(options: PlaygroundOptions = {}): MimeBundle {
  const s = normalizeSettings(options);
  const svg = startingStateSvg(s);
  const trainer = s.mode === "network" ? new Trainer(s) : null;
  const train = trainer ? String(trainer.trainLoss()) : "";
  const test = trainer ? String(trainer.testLoss() ?? "") : "";
  const json = JSON.stringify(s).replace(/</g, "\\u003c");
  const script = panelScript().replace(/<\/script/gi, "<\\/script");
  const image = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
  const summary = describe(s);
  const html = [
    `<div class="dl4nlp-playground" data-playground="${escapeHtml(s.data)}" data-epoch="0" data-train-loss="${train}" data-test-loss="${test}">`,
    `<script type="application/json" data-playground-settings>${json}</script>`,
    '<div class="dl4nlp-playground-static">',
    `<img alt="${escapeHtml(`Playground starting state: ${summary}`)}" width="320" height="320" src="${image}">`,
    `<p>${escapeHtml(WHERE_IT_RUNS)}</p>`,
    "</div></div>",
    `<script ${ONCE_PER_PAGE_ATTRIBUTE}>${script}</script>`,
  ].join("\n");
  return { "text/html": html, "text/plain": `Playground: ${summary}. ${WHERE_IT_RUNS}` };
}

/** One line naming the settings. */
function describe(s: PlaygroundSettings): string {
  if (s.mode === "perceptron") return `perceptron rule on ${DATASETS[s.data].label}, η = ${s.lr}, w0 = [${s.w0}]`;
  const sizes = [2, ...s.hidden, "out"].join("-");
  return `${DATASETS[s.data].label}, network ${sizes} (${s.activation}, ${s.output}), ${s.optimizer} lr ${s.lr}, batch ${s.batchSize}, seed ${s.seed}`;
}

/**
 * Shows an interactive Playground panel: a network that trains in the browser, on the library's browser build, with no
 * kernel round trip and offline. Options are PlaygroundSettings (all optional) or `{ preset: "xor-slides" }`
 * ("iris-slides", "perceptron-slides"); unknown or out-of-range options throw a RangeError naming them. The same
 * settings give the same numbers as `fit` in the kernel ("Code" in the panel writes that cell).
 * @example playground({ data: "circles", hidden: [8], activation: "tanh", lr: 0.1 })
 */
export function playground(options: PlaygroundOptions = {}): void {
  publish(playgroundBundle(options));
}
