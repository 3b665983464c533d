/**
 * Continuation slides for a notebook never prepared as slides (a browser script, type imports only; built by tsc and
 * inlined by deck.ts before deck-init): dl4nlp chose that deck's breaks (a slide per heading), so a section taller
 * than the 1280×720 slide even at the deck's smallest zoom (`min` in `#dl4nlp-split-options`) is broken over as many
 * slides as it needs instead of being clipped. Only slides marked `data-auto-split` are looked at; a slide that fits
 * at `min` is left as it is (fit-slides shrinks it).
 *
 * A broken section is packed at zoom `pack` (readable, larger than `min`) at cell boundaries; each continuation is a
 * new slide right after it, titled with a copy of the section's heading and "(k/n)" (the heading itself gets "(1/n)"; every
 * page is marked `data-split-zoom`, its title `data-split-title`, so fit-slides shows them all at the packing zoom and the
 * titles alike). A cell too
 * tall for a slide of its own is broken between its parts (code, each output), a long text output or code between
 * lines (ANSI colours kept: the lines are cut with DOM ranges), a long list between items (numbering continued), a
 * long table between rows (header repeated). Something that cannot be broken (one tall image) stays whole and
 * scrolls (fit-slides gives it a cue).
 *
 * Measures in the page itself: runs once the figures are drawn and the fonts loaded, before reveal.js starts, on the
 * slides laid out at 1280×720 for the measurement (shown and hidden again in the same task). `window.dl4nlpSlidesSplit`
 * resolves to the number of slides added; deck-init starts reveal.js after it.
 */
import type { WideApi } from "./wide-types";

(() => {
  const w = window as unknown as {
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpSlidesSplit?: Promise<number>;
    dl4nlpWide?: WideApi;
  };
  const options = JSON.parse(document.getElementById("dl4nlp-split-options")?.textContent ?? "{}") as {
    min: number;
    pack: number;
    width: number;
    height: number;
  };
  /** Fewest lines (or rows, items) left at the bottom of a slide when a text is broken there. */
  const MIN_UNITS = 3;

  const contentOf = (s: HTMLElement) => Array.from(s.children).filter((k): k is HTMLElement => k.tagName !== "ASIDE");
  const over = (s: HTMLElement) => s.scrollHeight - s.clientHeight > 1;
  const zoomed = (el: HTMLElement, z: number) => {
    el.style.setProperty("zoom", String(z));
    return el;
  };

  /** Line ends (just after each "\n") of a pre's text as [node, offset]; a last line without "\n" ends at the pre's end. */
  const lineEnds = (pre: HTMLElement): [Node, number][] => {
    const ends: [Node, number][] = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const t = n.data;
      for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) ends.push([n, i + 1]);
    }
    const text = pre.textContent ?? "";
    if (!text.endsWith("\n") && text !== "") ends.push([pre, pre.childNodes.length]);
    return ends;
  };

  const isTable = (el: Element) => el.tagName === "TABLE" && !!el.querySelector(":scope > tbody");
  const bodyRows = (el: Element) => Array.from(el.querySelector(":scope > tbody")?.children ?? []);
  /** Elements not to be broken inside (a paragraph, a heading, a figure, a formula, a toggle). */
  const whole = (el: Element) =>
    /^(P|H[1-6]|IMG|svg|SVG|DETAILS|SUMMARY|TR|CANVAS|VIDEO|IFRAME)$/.test(el.tagName) ||
    el.classList.contains("dl4nlp-plot") ||
    el.classList.contains("katex-display") ||
    el.classList.contains("output-plotly");
  /** Broken between lines, rows or items (as many as fit on a slide), not part by part. */
  const isText = (el: Element) => el.tagName === "PRE" || isTable(el) || el.tagName === "UL" || el.tagName === "OL";
  /** The element a block holds alone (through wrappers of one child), whose pieces are the block's. */
  const core = (el: Element): Element => (!isText(el) && !whole(el) && el.children.length === 1 ? core(el.children[0]) : el);

  /**
   * How many pieces el can be broken into: lines of a pre, body rows of a table, children of a block (a block with one
   * child: the child's pieces, inside a copy of the block); 1 for what is not broken.
   */
  const units = (el: Element): number => {
    if (el.tagName === "PRE") return lineEnds(el as HTMLElement).length;
    if (isTable(el)) return bodyRows(el).length;
    if (isText(el)) return el.children.length;
    if (whole(el)) return 1;
    if (el.children.length === 1) return units(el.children[0]);
    return el.children.length;
  };

  /**
   * The first k pieces of el (see units) as a new element; with `move` they are taken out of el, which keeps the rest
   * and its identity (a drawn figure is moved, never copied), else copied (a trial for the measurement).
   */
  const head = (el: HTMLElement, k: number, move: boolean): HTMLElement => {
    const part = el.cloneNode(false) as HTMLElement;
    part.removeAttribute("id");
    if (el.tagName === "PRE") {
      const [node, offset] = lineEnds(el)[k - 1];
      const range = document.createRange();
      range.setStart(el, 0);
      range.setEnd(node, offset);
      part.append(move ? range.extractContents() : range.cloneContents());
    } else if (isTable(el)) {
      for (const c of Array.from(el.children)) if (c.tagName !== "TBODY") part.append(c.cloneNode(true));
      const tbody = (el.querySelector(":scope > tbody") as HTMLElement).cloneNode(false);
      for (const r of bodyRows(el).slice(0, k)) tbody.appendChild(move ? r : r.cloneNode(true));
      part.append(tbody);
    } else if (el.children.length === 1 && !isText(el)) {
      part.append(head(el.children[0] as HTMLElement, k, move));
    } else {
      for (const c of Array.from(el.children).slice(0, k)) part.append(move ? c : c.cloneNode(true));
      if (move && el.tagName === "OL") (el as HTMLOListElement).start = ((el as HTMLOListElement).start || 1) + k;
    }
    return part;
  };

  /** A stack (horizontal slide) laid out for the measurement: shown, as tall as the slide (reveal.js is not started yet). */
  const shown = (stack: HTMLElement) => {
    stack.style.display = "block";
    stack.style.height = `${options.height}px`;
  };

  /** A shallow copy of el (its attributes, no children, no id). */
  const shallow = (el: Element) => {
    const copy = el.cloneNode(false) as HTMLElement;
    copy.removeAttribute("id");
    return copy;
  };
  /** A block's parts: each child of its core (see core) in copies of the wrappers around it; the children are moved. */
  const partsOf = (el: HTMLElement): HTMLElement[] => {
    const chain: Element[] = [];
    const inner = core(el);
    for (let c: Element = el; c !== inner; c = c.children[0]) chain.push(c);
    return Array.from(inner.children).map((child) => {
      let node = shallow(inner);
      node.append(child);
      for (const wrapper of chain.reverse()) {
        const w = shallow(wrapper);
        w.append(node);
        node = w;
      }
      chain.reverse();
      return node;
    });
  };

  /**
   * A continuation's title: the section's own heading copied (the same level, classes and inline markup, so it looks
   * the same on every slide of the section), or an h2 with the page's title for a section without one; "(k/n)" is
   * appended later (numbered).
   */
  const titleFor = (own: Element | null): HTMLElement => {
    const h = (own ? own.cloneNode(true) : document.createElement("h2")) as HTMLElement;
    for (const el of [h, ...Array.from(h.querySelectorAll("[id]"))]) el.removeAttribute("id");
    if (!own) h.textContent = document.title;
    return h;
  };
  /** Appends " (k/n)" to a title, in the same span on every slide of a section (styled as the heading itself). */
  const numbered = (h: Element, k: number, n: number) => {
    const count = document.createElement("span");
    count.className = "continued-count";
    count.textContent = ` (${k}/${n})`;
    h.append(count);
  };
  /** The element directly in slide s that holds el. */
  const topOf = (s: HTMLElement, el: Element): HTMLElement => {
    let top = el as HTMLElement;
    while (top.parentElement && top.parentElement !== s) top = top.parentElement;
    return top;
  };

  /** Breaks one slide over as many as it needs (see the file's comment); returns the continuation slides. */
  const splitSection = (s: HTMLElement): HTMLElement[] => {
    const own = s.querySelector("h1, h2, h3");
    const title = titleFor(own);
    const items = contentOf(s);
    for (const k of items) k.remove();
    const pages: HTMLElement[] = [s];
    let page = s;
    const blank = () => {
      const next = document.createElement("section");
      next.setAttribute("data-continued", "");
      next.style.display = "block";
      const h = zoomed(title.cloneNode(true) as HTMLElement, options.pack);
      h.classList.add("continued-title");
      numbered(h, pages.length + 1, pages.length + 1);
      next.append(h);
      return next;
    };
    const continuation = () => {
      const stack = document.createElement("section");
      shown(stack);
      const next = blank();
      stack.append(next);
      (page.parentElement as HTMLElement).after(stack);
      pages.push(next);
      page = next;
    };
    /** Whether the page holds something besides its continuation title. */
    const hasContent = (p: HTMLElement) => contentOf(p).some((k) => !k.classList.contains("continued-title"));
    const fitsOn = (p: HTMLElement, el: HTMLElement) => {
      p.append(el);
      const ok = !over(p);
      el.remove();
      return ok;
    };
    const fitsAlone = (el: HTMLElement) => {
      const probe = blank();
      (page.parentElement as HTMLElement).append(probe);
      const ok = fitsOn(probe, el);
      probe.remove();
      return ok;
    };
    /** The most pieces of el that fit on the current page after what is there (0 when not even one). */
    const mostThatFit = (el: HTMLElement, n: number) => {
      let [lo, hi] = [0, n - 1];
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fitsOn(page, zoomed(head(el, mid, false), options.pack))) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const queue = items.map((el) => zoomed(el, options.pack));
    while (queue.length > 0) {
      const el = queue.shift() as HTMLElement;
      if (fitsOn(page, el)) {
        page.append(el);
        continue;
      }
      const n = units(el);
      const alone = fitsAlone(el);
      if (alone || n < 2) {
        // on a slide of its own; what cannot be broken and is still too tall scrolls there (fit-slides gives it a cue)
        if (hasContent(page)) continuation();
        page.append(el);
        if (!alone && queue.length > 0) continuation();
        continue;
      }
      if (!isText(core(el))) {
        // a block too tall for a slide of its own: its parts one by one (code, then each output), each broken further
        queue.unshift(...partsOf(el).map((p) => zoomed(p, options.pack)));
        continue;
      }
      // lines, rows or items: as many as fit here (at least a few), the rest on the next slide
      const k = mostThatFit(el, n);
      if (k === 0 && !hasContent(page)) {
        // not even one line fits a slide: it stays whole and scrolls
        page.append(el);
        if (queue.length > 0) continuation();
        continue;
      }
      if (k >= MIN_UNITS || !hasContent(page)) page.append(zoomed(head(el, k, true), options.pack));
      continuation();
      queue.unshift(el);
    }
    const n = pages.length;
    for (const [i, p] of pages.entries()) {
      const h = p.querySelector(".continued-title");
      if (h) {
        h.querySelector(":scope > .continued-count")?.remove();
        numbered(h, i + 1, n);
      }
      // every page of the section is shown at the zoom it was packed at, its title never smaller (fit-slides)
      p.setAttribute("data-split-zoom", String(options.pack));
      if (h) h.setAttribute("data-split-title", "");
    }
    if (n > 1 && own) {
      numbered(own, 1, n);
      topOf(s, own).setAttribute("data-split-title", "");
    }
    return pages.slice(1);
  };

  /** Splits every marked slide that does not fit at `min`; each slide is shown at 1280×720 while it is measured. */
  const splitAll = (): number => {
    const slides = document.querySelector<HTMLElement>(".reveal .slides");
    if (!slides) return 0;
    const saved = [slides.style.width, slides.style.height];
    slides.style.width = `${options.width}px`;
    slides.style.height = `${options.height}px`;
    let added = 0;
    for (const s of Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section[data-auto-split]"))) {
      const stack = s.parentElement as HTMLElement;
      s.style.display = "block";
      shown(stack);
      // text that can wrap wraps, SVGs scale, before the slide is measured (wide-content.ts)
      w.dl4nlpWide?.prepare(s);
      for (const k of contentOf(s)) zoomed(k, options.min);
      const tooTall = over(s);
      for (const k of contentOf(s)) k.style.removeProperty("zoom");
      const pages = tooTall ? [s, ...splitSection(s)] : [s];
      added += pages.length - 1;
      for (const p of pages) {
        for (const k of contentOf(p)) k.style.removeProperty("zoom");
        p.style.removeProperty("display");
        for (const prop of ["display", "height"]) (p.parentElement as HTMLElement).style.removeProperty(prop);
      }
    }
    [slides.style.width, slides.style.height] = saved;
    return added;
  };

  /** Lays every marked slide out once so that the fonts its text uses load before measuring (see fit-slides). */
  const loadFonts = (): Promise<unknown> => {
    const shown: HTMLElement[] = [];
    for (const s of Array.from(document.querySelectorAll<HTMLElement>(".reveal .slides>section>section[data-auto-split]"))) {
      for (const el of [s, s.parentElement as HTMLElement]) {
        if (el.style.display === "") {
          el.style.display = "block";
          shown.push(el);
        }
      }
    }
    void document.body.offsetHeight;
    for (const el of shown) el.style.removeProperty("display");
    return document.fonts ? document.fonts.ready : Promise.resolve();
  };

  w.dl4nlpSlidesSplit = Promise.resolve(w.dl4nlpPlotsDrawn).then(loadFonts).then(splitAll);
})();
