// Finding and starting panels on a page: every element with data-playground that holds its settings as JSON in a
// <script type="application/json" data-playground-settings> child. Used by the bundled panel script of
// playground()'s output; also the browser entry's way to put a panel on any page.
import { normalizeSettings, type PlaygroundSettings } from "../settings";
import { PlaygroundPanel } from "./panel";

/** Elements already running a panel, and their panels. */
const panels = new WeakMap<HTMLElement, PlaygroundPanel>();

/**
 * Starts a panel in `element` (its content is replaced) with the given settings (missing fields take the defaults);
 * returns the running panel. Calling it again on the same element returns the panel already there.
 */
export function mountPlayground(element: HTMLElement, settings: Partial<PlaygroundSettings> = {}): PlaygroundPanel {
  const running = panels.get(element);
  if (running) return running;
  if (!element.hasAttribute("data-playground")) element.setAttribute("data-playground", "");
  const panel = new PlaygroundPanel(element, normalizeSettings(settings));
  panels.set(element, panel);
  (element as HTMLElement & { playground?: PlaygroundPanel }).playground = panel;
  return panel;
}

/** Starts every panel on the page not started yet; a panel whose settings are broken shows why instead. */
export function mountAll(scope: ParentNode = document): PlaygroundPanel[] {
  const started: PlaygroundPanel[] = [];
  for (const element of Array.from(scope.querySelectorAll<HTMLElement>("[data-playground]"))) {
    if (panels.has(element)) continue;
    const source = element.querySelector("script[data-playground-settings]");
    try {
      started.push(mountPlayground(element, source ? JSON.parse(source.textContent || "{}") : {}));
    } catch (e) {
      const p = document.createElement("p");
      p.className = "pg-message";
      p.textContent = `Playground not started: ${(e as Error).message}`;
      element.append(p);
    }
  }
  return started;
}
