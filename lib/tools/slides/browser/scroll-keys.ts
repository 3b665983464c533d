/**
 * "Next" scrolls a slide that is too tall or too wide before leaving it (a browser script, no imports; built by tsc
 * and inlined by deck.ts after fit-slides): the keys that go forward (→, ↓, Page Down, Space, N: what a presenter's
 * clicker sends) first scroll each sideways box in view (content too wide: wide-content.ts) to its right end, then a
 * slide that scrolls (fit-slides gave it a `.scroll-cue`) down by most of its height until its end is shown; the keys
 * that go back (←, ↑, Page Up, Shift+Space, P) first scroll back the same way; only then does reveal.js change the
 * slide. So a lecturer with a clicker reaches every line and column, as with fragments.
 */
(() => {
  const FORWARD = new Set(["ArrowRight", "ArrowDown", "PageDown", "n", "N"]);
  const BACK = new Set(["ArrowLeft", "ArrowUp", "PageUp", "p", "P"]);
  /** The slide on the screen. */
  const current = () => document.querySelector<HTMLElement>(".reveal .slides>section.present>section.present");
  /** The slide's sideways boxes that are in view (in its visible part), in reading order. */
  const boxesInView = (s: HTMLElement): HTMLElement[] => {
    const r = s.getBoundingClientRect();
    return Array.from(s.querySelectorAll<HTMLElement>(".wide-scroll")).filter((b) => {
      const q = b.getBoundingClientRect();
      return q.bottom > r.top && q.top < r.bottom && q.height > 0;
    });
  };
  /** Scrolls s (sideways boxes first, then the slide itself) one step forward or back; whether anything scrolled. */
  const step = (s: HTMLElement, forward: boolean): boolean => {
    const boxes = boxesInView(s);
    const box = forward
      ? boxes.find((b) => b.scrollLeft + b.clientWidth < b.scrollWidth - 2)
      : boxes.reverse().find((b) => b.scrollLeft > 0);
    if (box) {
      const by = Math.round(box.clientWidth * 0.8);
      box.scrollBy({ left: forward ? by : -by });
      return true;
    }
    if (!s.querySelector(":scope > .scroll-cue")) return false;
    const by = Math.round(s.clientHeight * 0.8);
    if (forward && s.scrollTop + s.clientHeight < s.scrollHeight - 2) s.scrollBy({ top: by });
    else if (!forward && s.scrollTop > 0) s.scrollBy({ top: -by });
    else return false;
    return true;
  };
  document.addEventListener(
    "keydown",
    (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      const s = current();
      if (!s) return;
      const space = e.key === " ";
      const forward = FORWARD.has(e.key) || (space && !e.shiftKey);
      const back = BACK.has(e.key) || (space && e.shiftKey);
      if (!(forward || back) || !step(s, forward)) return;
      // the slide scrolled: reveal.js must not change the slide as well
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    true,
  );
})();
