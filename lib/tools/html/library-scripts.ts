import { panelScript } from "../../playground/display";

let cache: Set<string> | undefined;

/**
 * The texts of the display library's own once-per-page scripts (`<script data-dl4nlp-once>`), as its outputs write
 * them: the Playground's panel script of this build. An untrusted output keeps such a script only when its text is
 * exactly one of these (confine.ts), so a stored notebook from the web cannot run its own code under the mark. Empty
 * when the panel script is not built.
 */
export function libraryOnceScripts(): Set<string> {
  if (cache) return cache;
  try {
    cache = new Set([panelScript().replace(/<\/script/gi, "<\\/script")]);
  } catch {
    cache = new Set();
  }
  return cache;
}
