/**
 * Shrink-to-fit, run in the deck's page (a browser script, no imports; built by tsc and inlined by deck.ts): every
 * slide whose content is taller or wider than the 1280×720 slide gets its cells zoomed (CSS `zoom`) until it fits,
 * down to the deck's smallest zoom (`min` in the `#dl4nlp-fit-options` JSON), so a long code cell, a tall plot or a
 * wide formula stays on the screen in the lecture hall and on its PDF page instead of scrolling or being clipped.
 * Wide content counts too: a formula or table wider than the slide (which would scroll sideways inside its box).
 *
 * Runs once the figures are drawn (they set the heights), the fonts are loaded and reveal.js is ready; slides that
 * reveal.js keeps hidden are shown for the measurement and hidden again in the same task, so nothing flickers. A
 * slide is fitted again when a "Show code" toggle on it opens or closes. `window.dl4nlpSlidesFitted` resolves to the
 * number of slides shrunk; each keeps its zoom in `data-fit-zoom`.
 */
(() => {
  interface RevealApi {
    isReady(): boolean;
    on(event: string, fn: () => void): void;
  }
  const w = window as unknown as {
    Reveal: RevealApi;
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpSlidesFitted?: Promise<number>;
  };
  const optionsElement = document.getElementById("dl4nlp-fit-options");
  const options: { min: number } = optionsElement ? JSON.parse(optionsElement.textContent ?? "{}") : { min: 0.6 };
  const MIN = options.min;

  const cellsOf = (s: HTMLElement) => Array.from(s.children).filter((k): k is HTMLElement => k.tagName !== "ASIDE");
  const setZoom = (s: HTMLElement, z: number) => {
    for (const k of cellsOf(s)) {
      if (z === 1) k.style.removeProperty("zoom");
      else k.style.setProperty("zoom", String(z));
    }
  };
  /** Pixels the slide's content overflows downwards (screen: the slide scrolls; print: it sits in a .pdf-page). */
  const overHeight = (s: HTMLElement) => {
    const parent = s.parentElement;
    if (parent?.classList.contains("pdf-page")) return s.offsetTop + s.scrollHeight - parent.clientHeight;
    return s.scrollHeight - s.clientHeight;
  };
  /** The zoom factor that would make the widest element fit its box (1 if none is too wide). */
  const widthRatio = (s: HTMLElement) => {
    let ratio = s.scrollWidth > s.clientWidth + 1 ? s.clientWidth / s.scrollWidth : 1;
    for (const el of Array.from(s.querySelectorAll<HTMLElement>(".katex-display, table, pre, .output-html, .output-image"))) {
      if (el.closest("aside, details:not([open]) > :not(summary)")) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) ratio = Math.min(ratio, el.clientWidth / el.scrollWidth);
    }
    return ratio;
  };
  const fit = (s: HTMLElement): boolean => {
    setZoom(s, 1);
    let z = 1;
    for (let n = 0; n < 6; n++) {
      const excess = overHeight(s);
      const wide = widthRatio(s);
      if (excess <= 1 && wide >= 1) break;
      const style = getComputedStyle(s);
      const content = s.scrollHeight - Number.parseFloat(style.paddingTop) - Number.parseFloat(style.paddingBottom);
      if (!(content > 0)) break;
      const byHeight = excess > 1 ? (content - excess) / content : 1;
      z = Math.max(MIN, z * Math.min(byHeight, wide) - 0.005);
      setZoom(s, z);
      if (z === MIN) break;
    }
    if (z < 1) s.setAttribute("data-fit-zoom", z.toFixed(3));
    else s.removeAttribute("data-fit-zoom");
    return z < 1;
  };
  /** Fits one slide, shown for the measurement if reveal.js keeps it hidden (display:none far from the current one). */
  const fitShown = (s: HTMLElement): boolean => {
    const stack = s.parentElement as HTMLElement;
    const [sd, pd] = [s.style.display, stack.style.display];
    if (getComputedStyle(s).display === "none") {
      s.style.display = "block";
      stack.style.display = "block";
    }
    const shrunk = fit(s);
    s.style.display = sd;
    stack.style.display = pd;
    return shrunk;
  };
  const slides = (): HTMLElement[] => {
    const print = document.querySelectorAll<HTMLElement>(".reveal .pdf-page>section");
    if (print.length) return Array.from(print);
    return Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section"));
  };
  const fitAll = () => {
    let shrunk = 0;
    for (const s of slides()) if (fitShown(s)) shrunk++;
    // an opened or closed "Show code" toggle changes the slide's height: fit it again
    document.addEventListener(
      "toggle",
      (e) => {
        const s = (e.target as HTMLElement).closest<HTMLElement>(".reveal .slides section>section, .reveal .pdf-page>section");
        if (s) fitShown(s);
      },
      true,
    );
    return shrunk;
  };
  // the print view lays its pages out after "ready" and then fires "pdf-ready"
  const printing = /print-pdf/.test(window.location.search);
  const ready = new Promise<void>((resolve) => {
    if (printing) {
      if (document.querySelector(".reveal .pdf-page")) resolve();
      else w.Reveal.on("pdf-ready", () => resolve());
    } else if (w.Reveal.isReady()) resolve();
    else w.Reveal.on("ready", () => resolve());
  });
  w.dl4nlpSlidesFitted = Promise.all([w.dl4nlpPlotsDrawn, ready, document.fonts ? document.fonts.ready : null]).then(fitAll);
})();
