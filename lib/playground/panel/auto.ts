// The entry of the panel script that playground()'s outputs carry (bundled by lib/build/playground.mjs with the
// library's browser build): installs the stylesheet once, then starts every panel on the page. Each output carries
// the script; the first to run defines window.dl4nlpPlayground and later ones only start the new panels.
import css from "./panel.css";
import { mountAll, mountPlayground } from "./mount";

interface PlaygroundGlobal {
  mountAll: typeof mountAll;
  mountPlayground: typeof mountPlayground;
}

const scope = globalThis as typeof globalThis & { dl4nlpPlayground?: PlaygroundGlobal };
if (!scope.dl4nlpPlayground) {
  const style = document.createElement("style");
  style.setAttribute("data-playground-style", "");
  style.textContent = css;
  document.head.append(style);
  scope.dl4nlpPlayground = { mountAll, mountPlayground };
}
scope.dl4nlpPlayground.mountAll();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => scope.dl4nlpPlayground?.mountAll());
