/**
 * "Next" scrolls a slide that is too tall before leaving it (a browser script, no imports; built by tsc and inlined
 * by deck.ts after fit-slides): on a slide that scrolls (fit-slides gave it a `.scroll-cue`), the keys that go forward
 * (→, ↓, Page Down, Space, N: what a presenter's clicker sends) first scroll it down by most of its height until its
 * end is shown, and the keys that go back (←, ↑, Page Up, Shift+Space, P) first scroll it back up; only then does
 * reveal.js change the slide. So a lecturer with a clicker reaches every line, as with fragments.
 */
(() => {
  const FORWARD = new Set(["ArrowRight", "ArrowDown", "PageDown", "n", "N"]);
  const BACK = new Set(["ArrowLeft", "ArrowUp", "PageUp", "p", "P"]);
  /** The slide on the screen when it scrolls (has a cue), else null. */
  const scrolling = (): HTMLElement | null => {
    const s = document.querySelector<HTMLElement>(".reveal .slides>section.present>section.present");
    return s?.querySelector(":scope > .scroll-cue") ? s : null;
  };
  document.addEventListener(
    "keydown",
    (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      const s = scrolling();
      if (!s) return;
      const space = e.key === " ";
      const forward = FORWARD.has(e.key) || (space && !e.shiftKey);
      const back = BACK.has(e.key) || (space && e.shiftKey);
      const step = Math.round(s.clientHeight * 0.8);
      if (forward && s.scrollTop + s.clientHeight < s.scrollHeight - 2) s.scrollBy({ top: step });
      else if (back && s.scrollTop > 0) s.scrollBy({ top: -step });
      else return;
      // the slide scrolled: reveal.js must not change the slide as well
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    true,
  );
})();
