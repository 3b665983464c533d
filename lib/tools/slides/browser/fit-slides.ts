/**
 * Shrink-to-fit, run in the deck's page (a browser script, type imports only; built by tsc and inlined by deck.ts): every
 * slide whose content is taller or wider than the 1280×720 slide gets its cells zoomed (CSS `zoom`) until it fits,
 * down to the deck's smallest zoom (`min` in the `#dl4nlp-fit-options` JSON), so a long code cell, a tall plot or a
 * wide formula stays on the screen in the lecture hall and on its PDF page instead of scrolling or being clipped.
 * Wide content counts too: a formula or table wider than the slide (which would scroll sideways inside its box).
 *
 * Runs once the figures are drawn (they set the heights), the fonts are loaded and reveal.js is ready; slides that
 * reveal.js keeps hidden are shown for the measurement and hidden again in the same task, so nothing flickers. A
 * slide is fitted again when a "Show code" toggle on it opens or closes. `window.dl4nlpSlidesFitted` resolves to the
 * number of slides shrunk; each keeps its zoom in `data-fit-zoom`.
 *
 * A slide still too tall at the smallest zoom is never cut silently: on the screen it scrolls and shows a "scroll"
 * cue at its bottom edge until its end is reached; in the print view its page grows to as many PDF pages as its
 * content needs (broken between lines; a figure, image, table row or HTML output that fits a page is never cut). `window.dl4nlpSlidesOverflow` resolves to one report per such slide (its number as the deck shows
 * it, title, the pixels hidden at the smallest zoom, the first cell cut off and whether it alone is taller than the slide), which
 * `dl4nlp slides --pdf` turns into warnings.
 *
 * Content still wider than the slide at the smallest zoom is never cut either (wide-content.ts, which also wraps wide
 * text before a slide is measured): on the screen it scrolls sideways in a box with a "▶ more to the right" cue; in the
 * print view a table's columns are split over blocks and anything else is shrunk to the page's width.
 * `window.dl4nlpSlidesWide` resolves to one report per such slide (its number, title and each wide element: what it
 * is, its cell, its width and the part shown, a table's columns), measured before anything is changed.
 */
import type { SlideWide, WideApi } from "./wide-types";

(() => {
  interface RevealApi {
    isReady(): boolean;
    on(event: string, fn: () => void): void;
  }
  const w = window as unknown as {
    Reveal: RevealApi;
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpSlidesFitted?: Promise<number>;
    dl4nlpSlidesSplit?: Promise<number>;
    dl4nlpSlidesOverflow?: Promise<Overflow[]>;
    dl4nlpSlidesWide?: Promise<SlideWide[]>;
    dl4nlpWide?: WideApi;
  };
  /** A slide whose content does not fit even at the smallest zoom. */
  interface Overflow {
    slide: number;
    title: string;
    /** CSS pixels of the slide's content below its visible area, at the smallest zoom. */
    excess: number;
    /** The notebook cell (1-based) that is cut off first, and whether that cell alone is taller than the slide. */
    cell?: number;
    cellTooTall?: boolean;
    /** Whether that cell is text (markdown or raw), not code with outputs. */
    cellIsText?: boolean;
  }
  const optionsElement = document.getElementById("dl4nlp-fit-options");
  const options: { min: number } = optionsElement ? JSON.parse(optionsElement.textContent ?? "{}") : { min: 0.6 };
  const MIN = options.min;

  const cellsOf = (s: HTMLElement) =>
    Array.from(s.children).filter((k): k is HTMLElement => k.tagName !== "ASIDE" && !k.classList.contains("scroll-cue"));
  /**
   * The zoom a slide starts from: 1, or for a page of a section broken over continuation slides (split-slides) the
   * zoom it was packed at, so that all of the section's slides show their text and title at one size.
   */
  const startZoom = (s: HTMLElement) => Number(s.getAttribute("data-split-zoom")) || 1;
  /** Zooms a slide's cells; the title of a broken section's page stays at the section's zoom (one size on every page). */
  const setZoom = (s: HTMLElement, z: number) => {
    for (const k of cellsOf(s)) {
      const kz = k.hasAttribute("data-split-title") ? startZoom(s) : z;
      if (kz === 1) k.style.removeProperty("zoom");
      else k.style.setProperty("zoom", String(kz));
    }
  };
  /** Pixels the slide's content overflows downwards (screen: the slide scrolls; print: it sits in a .pdf-page). */
  const overHeight = (s: HTMLElement) => {
    const parent = s.parentElement;
    if (parent?.classList.contains("pdf-page")) return s.offsetTop + s.scrollHeight - parent.clientHeight;
    return s.scrollHeight - s.clientHeight;
  };
  /** The zoom factor that would make what the slide paints fit its width (1 when it fits; wide-content.ts measures). */
  const widthRatio = (s: HTMLElement) => w.dl4nlpWide?.ratio(s) ?? 1;
  const fit = (s: HTMLElement): boolean => {
    let z = startZoom(s);
    setZoom(s, z);
    // text that can wrap wraps (a fence, a <pre>, a nowrap block in an HTML output) before anything is shrunk (wide-content.ts)
    w.dl4nlpWide?.prepare(s);
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
    // a figure the column's width scales below its legible floor keeps the floor's width (wide-content.ts): taller too
    const floored = w.dl4nlpWide?.floorFigures(s) ?? 0;
    // a slide that fits in height but whose table columns the print view splits into blocks grows there: its page
    // gets longer (nothing lost), but that is the width's report, not a slide too tall on the screen
    const tall = overHeight(s) > 1;
    // still too wide at the smallest zoom (a slide left above it had a pixel or two of a formula's empty space over)
    if ((z <= MIN && widthRatio(s) < 1) || floored > 0) tooWide(s);
    const excess = overHeight(s);
    if (excess > 1) overflowing(s, excess, tall);
    else s.querySelector(":scope > .scroll-cue")?.remove();
    return z < 1;
  };
  const reports = new Map<number, Overflow>();
  const wideReports = new Map<number, SlideWide>();
  const titleOf = (s: HTMLElement) => (s.querySelector("h1, h2, h3")?.textContent ?? "").replace(/\s+/g, " ").trim();
  /**
   * Records what is still wider than a slide at the smallest zoom (measured before anything changes, so the screen and
   * the print view report the same) and makes all of it reachable: it scrolls sideways with a cue on the screen; in
   * the print view a table's columns are split over blocks, anything else shrunk to the page's width.
   */
  const tooWide = (s: HTMLElement) => {
    const api = w.dl4nlpWide;
    if (!api) return;
    const units = api.units(s);
    if (units.length === 0) return;
    const n = Number(s.getAttribute("data-slide-number") ?? 0);
    // the print view records what it did with each unit (columns split, lines broken, shrunk)
    if ((s.parentElement as HTMLElement).classList.contains("pdf-page")) api.print(s, units);
    else api.scroll(units);
    if (!wideReports.has(n)) wideReports.set(n, { slide: n, title: titleOf(s), items: units.map(({ el, ...rest }) => rest) });
  };
  /** The bottom of the slide's visible content area in viewport pixels (above the bottom padding and footer). */
  const visibleBottom = (s: HTMLElement) => {
    const parent = s.parentElement as HTMLElement;
    if (parent.classList.contains("pdf-page")) return parent.getBoundingClientRect().top + parent.clientHeight;
    const r = s.getBoundingClientRect();
    const scale = s.offsetHeight > 0 ? r.height / s.offsetHeight : 1;
    return r.top + (s.clientHeight - Number.parseFloat(getComputedStyle(s).paddingBottom)) * scale;
  };
  /** Records a slide too tall at the smallest zoom (unless `record` is false) and makes all of it reachable (see the file's comment). */
  const overflowing = (s: HTMLElement, excess: number, record = true) => {
    const n = Number(s.getAttribute("data-slide-number") ?? 0);
    const bottom = visibleBottom(s);
    const cells = Array.from(s.querySelectorAll<HTMLElement>("[data-cell]")).filter((c) => !c.closest("aside"));
    const cut = cells.find((c) => c.getBoundingClientRect().bottom > bottom + 1);
    if (record && !reports.has(n)) {
      const report: Overflow = { slide: n, title: titleOf(s), excess: Math.round(excess) };
      if (cut) {
        report.cell = Number(cut.getAttribute("data-cell"));
        report.cellTooTall = cut.getBoundingClientRect().height > bottom - s.getBoundingClientRect().top;
        report.cellIsText = !cut.classList.contains("code-cell");
      }
      reports.set(n, report);
    }
    const page = s.parentElement as HTMLElement;
    if (page.classList.contains("pdf-page")) {
      // print view: the page grows to as many PDF pages as the content needs, laid out in the flow so that Chromium
      // breaks it between lines and moves a figure, image, table row or HTML output that fits a page whole to the
      // next one (break-inside: avoid in THEME_CSS) instead of cutting it; the page ends where the content does
      s.style.setProperty("position", "relative", "important");
      s.style.height = "auto";
      s.style.overflow = "visible";
      page.style.height = "auto";
      page.style.minHeight = `${page.clientHeight}px`;
      return;
    }
    if (s.querySelector(":scope > .scroll-cue")) return;
    const cue = document.createElement("div");
    cue.className = "scroll-cue";
    cue.textContent = "▼ more below: scroll, or press →";
    s.append(cue);
    const atEnd = () => cue.classList.toggle("at-end", s.scrollTop + s.clientHeight >= s.scrollHeight - 2);
    s.addEventListener("scroll", atEnd, { passive: true });
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
  /**
   * Fonts are fetched only for text that is laid out, and reveal.js keeps far slides hidden: lay every slide out
   * once (shown and hidden again in the same task) so that the fonts they use (KaTeX's) load before measuring;
   * a formula measured in a fallback font would come out narrower than it is drawn.
   */
  const loadFonts = (): Promise<unknown> => {
    const shown: [HTMLElement, string][] = [];
    for (const s of slides()) {
      for (const el of [s, s.parentElement as HTMLElement]) {
        if (getComputedStyle(el).display === "none") {
          shown.push([el, el.style.display]);
          el.style.display = "block";
        }
      }
    }
    void document.body.offsetHeight;
    for (const [el, display] of shown) el.style.display = display;
    return document.fonts ? document.fonts.ready : Promise.resolve();
  };
  w.dl4nlpSlidesFitted = Promise.all([w.dl4nlpPlotsDrawn, ready, w.dl4nlpSlidesSplit])
    .then(loadFonts)
    .then(fitAll)
    .then((shrunk) => {
      // a font that arrives later still changes widths: fit again then
      document.fonts?.addEventListener("loadingdone", () => {
        for (const s of slides()) fitShown(s);
      });
      return shrunk;
    });
  w.dl4nlpSlidesOverflow = w.dl4nlpSlidesFitted.then(() => Array.from(reports.values()).sort((a, b) => a.slide - b.slide));
  w.dl4nlpSlidesWide = w.dl4nlpSlidesFitted.then(() => Array.from(wideReports.values()).sort((a, b) => a.slide - b.slide));
})();
