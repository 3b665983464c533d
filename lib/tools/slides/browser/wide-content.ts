/**
 * Content wider than a slide (a browser script: type imports only (wide-types.ts); built by tsc and inlined by deck.ts before split-slides
 * and fit-slides, which call it): nothing is cut at the right edge silently. `window.dl4nlpWide` offers, for a slide
 * laid out at its size (shown):
 *
 * - `prepare(slide)`: text that can wrap wraps. A block of plain text (no formula, figure or table inside) whose
 *   `white-space` keeps it on one line (`pre`, `nowrap`: a fenced block in a markdown cell, a `<pre>` or a `nowrap`
 *   element in an HTML output, a `nowrap` span in a paragraph) and that is wider than the slide gets `pre-wrap` (line
 *   breaks and spaces kept) or `normal`, and breaks inside long words. An inline SVG drawn narrower than its `width` (the page's CSS scales
 *   figures down to the column) but without a `viewBox` would be cut, not scaled: it gets the viewBox of its width
 *   and height. Called before a slide is split or shrunk, so what it changes is measured.
 * - `ratio(slide)`: the zoom that would make what the slide paints fit its width (fit-slides shrinks by it). Width is
 *   what is painted (text, images and drawings, background images; content clipped by its box not counted), not the
 *   boxes: a fixed-width box whose text ends early, a flex row, a padding with nothing drawn in it, a box whose right
 *   part is only its border or background colour are not wide.
 * - `floorFigures(slide)`: a figure that the column's width scales down (an image, an SVG such as a computation
 *   graph, a canvas) is scaled only down to its legible floor: its text (median font size, read from the SVG) no
 *   smaller than the deck's smallest text at the smallest zoom (`legible` px), or for a picture whose text cannot be
 *   read (PNG, JPEG, canvas) the smallest zoom of its own size; below that it keeps the floor's width and becomes a
 *   wide unit (it scrolls on the screen, is shrunk to the page in the PDF, and is reported). Plotly figures are laid
 *   out at the slide's size (their text keeps its size) and are not scaled; one laid out wider than the slide to keep
 *   its labels apart (plot-labels.ts, marked `.wide-figure`) scrolls as a wide unit, the slide not shrunk for it.
 * - `units(slide)`: the elements still wider than the slide (at the zoom it was fitted to): a table, a formula, a
 *   block whose inline content (an inline formula, a fixed-width box) does not fit. Each with what a warning needs.
 * - `scroll(slide, units)` (the screen): each such element scrolls sideways in a box of the slide's width, with a
 *   "▶ more to the right" cue under the box's right end (hiding nothing) until the box is scrolled to its end.
 * - `print(slide, units)` (the print view): nothing is lost in the PDF: a simple table's columns are split over
 *   blocks one under the other, the first column repeated in each, headed "columns a–b of n"; a formula is broken
 *   over lines at its top-level operators and relations (KaTeX's break points), at the slide's zoom (the same floor
 *   as on the screen); anything else (a formula with no break point, a table with merged cells, a wide box, a figure)
 *   is shrunk until it fits the width. Each unit records what the PDF did with it (`pdf`).
 *
 * fit-slides reports the units of each slide that has them (`window.dl4nlpSlidesWide`), measured before they scroll
 * or split, so the screen and the PDF report the same; `dl4nlp slides --pdf` turns the reports into warnings.
 */
import type { WideApi, WideUnit as Unit } from "./wide-types";

(() => {
  /** Not looked into: notes, cues, a formula's inside, figures, a closed toggle's content, what already scrolls sideways. */
  const SKIP = "aside, .scroll-cue, .katex, svg, details:not([open]) > :not(summary), .wide-box";
  /** The slide's content area in viewport px (inside its padding), and its scale (screen px per CSS px of the slide). */
  const edges = (s: HTMLElement) => {
    const r = s.getBoundingClientRect();
    const scale = s.offsetWidth > 0 ? r.width / s.offsetWidth : 1;
    const style = getComputedStyle(s);
    return {
      left: r.left + (s.clientLeft + Number.parseFloat(style.paddingLeft)) * scale,
      right: r.left + (s.clientLeft + s.clientWidth - Number.parseFloat(style.paddingRight)) * scale,
      scale,
    };
  };
  const isBlock = (el: Element) => {
    const d = getComputedStyle(el).display;
    return d !== "none" && d !== "contents" && !d.startsWith("inline");
  };
  /**
   * Pixels (of the slide) an element may reach past the edge without counting: KaTeX's aligned environments overflow
   * their box by a pixel or two of empty space, which no one would miss and no zoom removes.
   */
  const TOLERANCE = 3;

  /** Never painted where they lie (notes, cues, KaTeX's MathML copy for screen readers, a closed toggle's content). */
  const UNPAINTED = "aside, .scroll-cue, .wide-cue, .katex-mathml, script, style, template, details:not([open]) > :not(summary)";
  /** Elements drawn as a whole (their box is what they paint). */
  const REPLACED = "img, svg, canvas, video, iframe, object, embed, input, button, textarea, select";
  /**
   * Whether a box paints content of its own: a background image (a picture, a gradient bar). Its background colour,
   * border and shadow are decoration: a 2400 px box whose text ends at 740 px but whose border or colour goes on to
   * its right edge loses nothing at the slide's edge (it was cued and reported as wide).
   */
  const paintsBox = (cs: CSSStyleDeclaration) => cs.backgroundImage !== "none";
  /**
   * The right end (viewport px) of what `root` paints: its text (each line's glyphs), images and drawings, and boxes
   * with a background image (not a background colour, border or shadow: decoration, see paintsBox); content clipped by a box with `overflow: hidden` or `clip` counts up to that
   * box's edge only (content of a box that scrolls counts where it lies: it is hidden until scrolled). Elements
   * matching `skip` are left out. -Infinity when it paints nothing. The one measurement of width every decision
   * about wide content uses (what is wide, how wide, by how much a slide is shrunk).
   */
  const paintedRight = (root: Element, skip?: string): number => {
    let end = Number.NEGATIVE_INFINITY;
    const range = document.createRange();
    const visit = (el: Element, clip: number) => {
      if (el.matches(UNPAINTED) || (skip && el.matches(skip))) return;
      const cs = getComputedStyle(el);
      if (cs.display === "none") return;
      const r = el.getBoundingClientRect();
      const shown = cs.visibility !== "hidden" && r.width > 0;
      if (el.matches(REPLACED)) {
        if (shown) end = Math.max(end, Math.min(r.right, clip));
        return;
      }
      if (shown && paintsBox(cs)) end = Math.max(end, Math.min(r.right, clip));
      const inner = /^(hidden|clip)$/.test(cs.overflowX) && el !== root ? Math.min(clip, r.right) : clip;
      for (const k of Array.from(el.childNodes)) {
        if (k.nodeType === Node.TEXT_NODE) {
          if (cs.visibility === "hidden" || !(k as Text).data.trim()) continue;
          range.selectNodeContents(k);
          for (const line of Array.from(range.getClientRects()))
            if (line.width > 0) end = Math.max(end, Math.min(line.right, inner));
        } else if (k.nodeType === Node.ELEMENT_NODE) visit(k as Element, inner);
      }
    };
    visit(root, Number.POSITIVE_INFINITY);
    return end;
  };
  /** Whether what el paints reaches past `right` (viewport px). */
  const wide = (el: HTMLElement, right: number, scale: number) => paintedRight(el) > right + TOLERANCE * scale;

  /**
   * The zoom factor that would make what the slide paints fit its width (1 when it fits): figures kept at their
   * legible floor do not count (they scroll instead of shrinking the slide).
   */
  const ratio = (s: HTMLElement): number => {
    const { left, right, scale } = edges(s);
    let end = Number.NEGATIVE_INFINITY;
    for (const k of Array.from(s.children)) end = Math.max(end, paintedRight(k, ".wide-figure"));
    if (!(end > right + TOLERANCE * scale) || !(right > left)) return 1;
    return (right - left) / (end - left);
  };

  /** Elements that are a unit whole (never looked into). */
  const WHOLE = "table, .katex-display, img, svg, canvas, video, iframe, .output-plotly, .dl4nlp-plot, .wide-box";
  /** What a formula, figure or table holds (a block holding one cannot simply wrap). */
  const NOT_TEXT = ".katex, img, svg, canvas, video, iframe, table, input, button, textarea, select";

  /** An inline SVG without a viewBox, scaled down by CSS, shows its left part only: give it the viewBox of its size. */
  const scalable = (s: HTMLElement) => {
    for (const svg of Array.from(s.querySelectorAll<SVGSVGElement>("svg:not([viewBox])"))) {
      if (svg.closest(".katex, .dl4nlp-plot, .output-plotly")) continue;
      // a size in px only (a width of "100%" is no size to scale from)
      const px = (name: string) => {
        const v = svg.getAttribute(name) ?? "";
        return /^\s*\d+(\.\d+)?(px)?\s*$/.test(v) ? Number.parseFloat(v) : 0;
      };
      const [w, h] = [px("width"), px("height")];
      if (w > 0 && h > 0 && svg.getBoundingClientRect().width > 0 && svg.clientWidth < w - 1)
        svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    }
  };

  const prepare = (s: HTMLElement): number => {
    scalable(s);
    const { right, scale } = edges(s);
    let wrapped = 0;
    // every block is looked at: a wide one inside a box that scrolls does not make its ancestors wide
    const visit = (el: HTMLElement) => {
      if (el.matches(SKIP)) return;
      const ws = getComputedStyle(el).whiteSpace;
      if (/^(pre|nowrap)$/.test(ws) && wide(el, right, scale) && !el.querySelector(NOT_TEXT)) {
        el.style.setProperty("white-space", ws === "pre" ? "pre-wrap" : "normal", "important");
        el.style.setProperty("overflow-wrap", "anywhere", "important");
        for (const k of Array.from(el.querySelectorAll<HTMLElement>("*"))) {
          const kws = getComputedStyle(k).whiteSpace;
          if (kws === "nowrap" || kws === "pre")
            k.style.setProperty("white-space", kws === "pre" ? "pre-wrap" : "normal", "important");
        }
        wrapped++;
        return;
      }
      if (wide(el, right, scale)) {
        // a nowrap span (or code) inside a paragraph: the same, for the inline element that reaches past the edge
        for (const k of Array.from(el.querySelectorAll<HTMLElement>("*"))) {
          if (k.closest(SKIP) || isBlock(k) || k.querySelector(NOT_TEXT)) continue;
          const kws = getComputedStyle(k).whiteSpace;
          if (!/^(pre|nowrap)$/.test(kws) || k.getBoundingClientRect().right <= right + TOLERANCE * scale) continue;
          k.style.setProperty("white-space", kws === "pre" ? "pre-wrap" : "normal", "important");
          k.style.setProperty("overflow-wrap", "anywhere", "important");
          wrapped++;
        }
      }
      for (const k of Array.from(el.children)) if (isBlock(k)) visit(k as HTMLElement);
    };
    for (const k of Array.from(s.children)) if (isBlock(k)) visit(k as HTMLElement);
    return wrapped;
  };

  const kindOf = (el: HTMLElement): string => {
    if (el.tagName === "TABLE") return "table";
    if (el.matches(".katex-display") || (el.querySelector(".katex") && !el.querySelector("img, svg:not(.katex svg), table")))
      return "formula";
    // a raster image, or a box holding only one (an HTML output's <img style="width:3000px">)
    let only: Element | null = el;
    while (only && only.tagName !== "IMG" && only.children.length === 1 && !(only.textContent ?? "").trim())
      only = only.firstElementChild;
    if (only?.tagName === "IMG" && isRaster(only as HTMLImageElement)) return "image";
    if (el.matches("img, svg, canvas, video, iframe, .output-plotly, .dl4nlp-plot")) return "figure";
    if (!el.querySelector(NOT_TEXT)) return "text";
    return "block";
  };
  /** A table's rows as arrays of cells, or null when a cell spans rows or columns (not split by columns then). */
  const grid = (t: HTMLTableElement): HTMLTableCellElement[][] | null => {
    const rows = Array.from(t.rows).map((r) => Array.from(r.cells));
    return rows.some((r) => r.some((c) => c.colSpan > 1 || c.rowSpan > 1)) ? null : rows;
  };

  /** The deck's floors (`#dl4nlp-fit-options`): the smallest zoom, and the smallest text a figure may be drawn with (px). */
  const floors = (): { min: number; legible: number } => {
    const o = JSON.parse(document.getElementById("dl4nlp-fit-options")?.textContent ?? "{}") as {
      min?: number;
      legible?: number;
    };
    return { min: o.min ?? 0.6, legible: o.legible ?? 12 };
  };
  /** A length in px from an SVG or HTML size attribute ("300", "300px", "225pt"); 0 for any other ("100%"). */
  const pxOf = (v: string | null) => {
    const m = /^\s*(\d+(?:\.\d+)?)(px|pt)?\s*$/.exec(v ?? "");
    return m ? Number(m[1]) * (m[2] === "pt" ? 4 / 3 : 1) : 0;
  };
  /** An SVG's width in px at its own size (its width attribute, else its viewBox's width). */
  const svgWidth = (svg: Element) =>
    pxOf(svg.getAttribute("width")) || Number((svg.getAttribute("viewBox") ?? "").trim().split(/[\s,]+/)[2]) || 0;
  /** The SVG document an <img> shows (a data: URL), or null (a PNG, JPEG, or an SVG file not in the page). */
  const svgOfImage = (img: HTMLImageElement): Element | null => {
    const m = /^data:image\/svg\+xml(;base64)?(?:;[^,]*)?,(.*)$/s.exec(img.getAttribute("src") ?? "");
    if (!m) return null;
    try {
      const text = m[1] ? atob(m[2]) : decodeURIComponent(m[2]);
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return doc.documentElement.tagName === "svg" ? doc.documentElement : null;
    } catch {
      return null;
    }
  };
  /**
   * Whether an <img> shows a raster picture (PNG, JPEG, GIF, WebP, …: any picture that is not SVG). A raster image
   * is scaled to fit the slide like any picture in reveal.js or nbconvert (no legibility floor, no warning); only an
   * SVG's text can be measured and kept legible.
   */
  const isRaster = (img: HTMLImageElement) => !/^data:image\/svg\+xml|\.svg(?:[?#]|$)/i.test(img.getAttribute("src") ?? "");
  /** The font size (user units) a text element of a detached SVG is drawn with: its own or its nearest ancestor's. */
  const fontSizeOf = (t: Element) => {
    for (let e: Element | null = t; e; e = e.parentElement) {
      const size = e.getAttribute("font-size") ?? /font-size\s*:\s*([\d.]+)/.exec(e.getAttribute("style") ?? "")?.[1];
      if (size && Number.parseFloat(size) > 0) return Number.parseFloat(size);
    }
    return 16;
  };
  /**
   * The scale below which a figure's text is no longer legible: the deck's `legible` px over the median size of its
   * text at the figure's own size (the SVG's text elements; no text: it scales freely), at most 1; for a picture whose
   * text cannot be read (canvas, an SVG file not in the page) the smallest zoom, as for the rest of a slide; a raster
   * image (PNG, JPEG, GIF, WebP) 0: it scales to fit the slide freely.
   */
  const floorOf = (el: Element, natural: number): number => {
    const { min, legible } = floors();
    if (el.tagName === "IMG" && isRaster(el as HTMLImageElement)) return 0;
    let svg: Element | null = null;
    if (el.tagName.toLowerCase() === "svg") svg = el;
    else if (el.tagName === "IMG") svg = svgOfImage(el as HTMLImageElement);
    if (!svg) return min;
    const texts = Array.from(svg.querySelectorAll("text")).filter((t) => (t.textContent ?? "").trim());
    if (texts.length === 0) return 0;
    const units =
      svgWidth(svg) > 0 && svg.getAttribute("viewBox")
        ? natural / Number((svg.getAttribute("viewBox") ?? "").trim().split(/[\s,]+/)[2])
        : 1;
    const live = svg === el;
    const sizes = texts
      .map((t) => (live ? Number.parseFloat(getComputedStyle(t).fontSize) : fontSizeOf(t)) * (units > 0 ? units : 1))
      .sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)];
    return median > 0 ? Math.min(1, legible / median) : min;
  };
  /** A figure's width in px at its own size: an image's width attribute or its intrinsic width, an SVG's, a canvas's. */
  const naturalWidth = (el: Element): number => {
    if (el.tagName === "IMG") return pxOf(el.getAttribute("width")) || (el as HTMLImageElement).naturalWidth;
    if (el.tagName === "CANVAS") return (el as HTMLCanvasElement).width;
    return svgWidth(el);
  };
  /** The zoom an element is drawn at relative to its slide (its cell's zoom). */
  const zoomIn = (el: Element, s: HTMLElement) => {
    const z = (e: Element) => (e as Element & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
    return z(el) / z(s);
  };

  const floorFigures = (s: HTMLElement): number => {
    const { right, scale } = edges(s);
    let floored = 0;
    for (const el of Array.from(s.querySelectorAll<HTMLElement>("img, svg, canvas"))) {
      if (el.closest(".katex, .dl4nlp-plot, .output-plotly, aside, details:not([open]) > :not(summary)")) continue;
      if (el.parentElement?.closest("svg")) continue;
      // fitted again (a toggle opened): measured afresh, at the column's width
      if (el.classList.contains("wide-figure")) {
        el.classList.remove("wide-figure");
        el.removeAttribute("data-wide-floor");
        for (const p of ["width", "max-width", "height"]) el.style.removeProperty(p);
      }
      const r = el.getBoundingClientRect();
      const natural = naturalWidth(el);
      if (!(r.width > 0) || !(natural > 0)) continue;
      const cell = zoomIn(el, s);
      // only a figure the column's width scales down (a slide shrunk for its height shrinks it as it does the rest)
      if (natural * cell <= (right - r.left) / scale + 1) continue;
      const drawn = r.width / scale / natural;
      const floor = floorOf(el, natural);
      if (drawn >= floor - 0.005) continue;
      el.classList.add("wide-figure");
      el.setAttribute("data-wide-floor", floor.toFixed(2));
      el.style.setProperty("max-width", "none", "important");
      el.style.setProperty("width", `${(floor * natural) / cell}px`, "important");
      el.style.setProperty("height", "auto", "important");
      floored++;
    }
    // a Plotly figure laid out wider than the slide to keep its labels apart (plot-labels.ts) scrolls the same way
    return floored + s.querySelectorAll(".dl4nlp-plot.wide-figure").length;
  };

  const units = (s: HTMLElement): Unit[] => {
    const { right, scale } = edges(s);
    const found: Unit[] = [];
    /** Records the wide elements in el (el itself when nothing in it is); whether it found one. */
    const visit = (el: HTMLElement): boolean => {
      if (el.matches(SKIP) && !el.matches(".wide-figure")) return false;
      const isWide = wide(el, right, scale);
      let inside = false;
      if (!(isWide && el.matches(WHOLE))) {
        for (const k of Array.from(el.children))
          if ((isBlock(k) || k.matches(".wide-figure")) && visit(k as HTMLElement)) inside = true;
      }
      if (!isWide || inside) return inside;
      const r = el.getBoundingClientRect();
      const width = (paintedRight(el) - r.left) / scale;
      const unit: Unit = { el, kind: kindOf(el), width: Math.round(width), shown: Math.round((right - r.left) / scale) };
      const floor = Number(el.getAttribute("data-wide-floor"));
      if (floor > 0) unit.scale = floor;
      if (el.matches(".dl4nlp-plot.wide-figure") || el.querySelector(".dl4nlp-plot.wide-figure")) unit.labelsRoom = true;
      if (el.tagName === "TABLE") {
        const rows = Array.from((el as HTMLTableElement).rows);
        const head = rows[0] ? Array.from(rows[0].cells) : [];
        unit.columns = Math.max(0, ...rows.map((row) => Array.from(row.cells).reduce((n, c) => n + c.colSpan, 0)));
        unit.columnsShown = head.filter((c) => c.getBoundingClientRect().right <= right + 1).reduce((n, c) => n + c.colSpan, 0);
      }
      const cell = el.closest("[data-cell]");
      if (cell) unit.cell = Number(cell.getAttribute("data-cell"));
      found.push(unit);
      return true;
    };
    for (const k of Array.from(s.children)) if (isBlock(k)) visit(k as HTMLElement);
    return found;
  };

  /** Each unit in a box of the slide's width that scrolls sideways, with a cue until its right end is reached. */
  const scroll = (units: Unit[]) => {
    for (const { el } of units) {
      if (el.closest(".wide-scroll")) continue;
      const box = document.createElement("div");
      box.className = "wide-box";
      const inner = document.createElement("div");
      inner.className = "wide-scroll";
      el.replaceWith(box);
      inner.append(el);
      // a formula scrolls in its own box otherwise: the outer one scrolls, under the cue
      if (getComputedStyle(el).overflowX !== "visible") el.style.setProperty("overflow-x", "visible");
      const cue = document.createElement("div");
      cue.className = "wide-cue";
      cue.textContent = "▶ more to the right: scroll, or press →";
      box.append(inner, cue);
      // the cue is drawn at the slide's size whatever zoom the cell has
      const z = (box as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom ?? 1;
      if (z > 0 && z !== 1) cue.style.setProperty("zoom", String(1 / z));
      const atEnd = () => cue.classList.toggle("at-end", inner.scrollLeft + inner.clientWidth >= inner.scrollWidth - 2);
      inner.addEventListener("scroll", atEnd, { passive: true });
    }
  };

  /** The print view: a simple table's columns split over blocks (first column repeated); anything else shrunk. */
  const print = (s: HTMLElement, units: Unit[]) => {
    for (const u of units) {
      const rows = u.el.tagName === "TABLE" ? grid(u.el as HTMLTableElement) : null;
      const columns = rows ? Math.max(0, ...rows.map((r) => r.length)) : 0;
      if (rows && columns > 2 && splitColumns(s, u.el as HTMLTableElement, columns)) u.pdf = "columns";
      else if (u.kind === "formula" && breakLines(s, u.el)) u.pdf = "lines";
      else {
        shrink(s, u.el);
        u.pdf = "shrunk";
      }
    }
  };

  /**
   * Breaks the display formulas in el over lines at their top-level operators and relations (KaTeX lays a formula
   * out as one unbreakable box per such piece, kept on one line by `white-space: nowrap`), at the slide's zoom: the
   * same size as on the screen. Each continued line is indented. True when it then fits the width; false (nothing
   * changed) when a piece alone is wider than the slide.
   */
  const breakLines = (s: HTMLElement, el: HTMLElement): boolean => {
    const formulas = Array.from(el.querySelectorAll<HTMLElement>(".katex-display > .katex"));
    if (el.matches(".katex")) formulas.push(el);
    if (
      formulas.length === 0 ||
      formulas.every((f) => f.querySelectorAll(".katex-html > .katex-base, .katex-html > .base").length < 2)
    )
      return false;
    const before = formulas.map((f) => f.getAttribute("style"));
    for (const f of formulas) {
      f.classList.add("wide-broken");
      f.style.setProperty("white-space", "normal", "important");
      f.style.setProperty("overflow-x", "visible", "important");
    }
    const { right, scale } = edges(s);
    if (paintedRight(el) <= right + TOLERANCE * scale) return true;
    for (const [i, f] of formulas.entries()) {
      f.classList.remove("wide-broken");
      const style = before[i];
      if (style === null) f.removeAttribute("style");
      else f.setAttribute("style", style);
    }
    return false;
  };

  /** A copy of table t with only the given columns (cells by index in each row). */
  const columnsOf = (t: HTMLTableElement, keep: number[]): HTMLTableElement => {
    const copy = t.cloneNode(true) as HTMLTableElement;
    copy.removeAttribute("id");
    for (const row of Array.from(copy.rows)) {
      const cells = Array.from(row.cells);
      for (const [i, c] of cells.entries()) if (!keep.includes(i)) c.remove();
    }
    return copy;
  };

  /**
   * Replaces table t by blocks of its columns that each fit the width, the first column repeated in each, every block
   * after the first headed "columns a–b of n". False (nothing changed) when even two columns do not fit.
   */
  const splitColumns = (s: HTMLElement, t: HTMLTableElement, n: number): boolean => {
    const { right } = edges(s);
    const place = document.createElement("div");
    t.before(place);
    const fits = (cols: number[]) => {
      const trial = columnsOf(t, cols);
      // at its natural width: a table squeezed to the slide would wrap its cells' words instead
      trial.style.width = "max-content";
      place.append(trial);
      const ok = trial.getBoundingClientRect().right <= right + 1;
      trial.remove();
      return ok;
    };
    const blocks: number[][] = [];
    let next = 0;
    while (next < n) {
      const cols = next === 0 ? [0] : [0, next];
      if (next === 0) next = 1;
      else next++;
      if (!fits(cols)) {
        place.remove();
        return false;
      }
      while (next < n && fits([...cols, next])) cols.push(next++);
      blocks.push(cols);
    }
    place.className = "wide-columns";
    for (const [i, cols] of blocks.entries()) {
      if (i > 0) {
        const label = document.createElement("p");
        label.className = "wide-columns-label";
        label.textContent = `(table continued: columns ${cols[1] + 1}–${cols[cols.length - 1] + 1} of ${n}, with column 1)`;
        place.append(label);
      }
      place.append(columnsOf(t, cols));
    }
    t.remove();
    return true;
  };

  /** Shrinks el (CSS zoom on it) until what it paints fits the slide's width. */
  const shrink = (s: HTMLElement, el: HTMLElement) => {
    el.style.setProperty("overflow-x", "visible");
    for (let i = 0; i < 4; i++) {
      const { right } = edges(s);
      const left = el.getBoundingClientRect().left;
      const end = paintedRight(el);
      if (end <= right + 1 || !(end > left)) return;
      const own = Number(el.style.getPropertyValue("zoom")) || 1;
      el.style.setProperty("zoom", String((own * (right - left)) / (end - left) - 0.002));
    }
  };

  const api: WideApi = { prepare, ratio, floorFigures, units, scroll, print };
  (window as unknown as { dl4nlpWide: WideApi }).dl4nlpWide = api;
})();
