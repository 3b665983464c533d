/**
 * Content wider than a slide (a browser script, no imports; built by tsc and inlined by deck.ts before split-slides
 * and fit-slides, which call it): nothing is cut at the right edge silently. `window.dl4nlpWide` offers, for a slide
 * laid out at its size (shown):
 *
 * - `prepare(slide)`: text that can wrap wraps. A block of plain text (no formula, figure or table inside) whose
 *   `white-space` keeps it on one line (`pre`, `nowrap`: a fenced block in a markdown cell, a `<pre>` or a `nowrap`
 *   element in an HTML output, a `nowrap` span in a paragraph) and that is wider than the slide gets `pre-wrap` (line
 *   breaks and spaces kept) or `normal`, and breaks inside long words. An inline SVG drawn narrower than its `width` (the page's CSS scales
 *   figures down to the column) but without a `viewBox` would be cut, not scaled: it gets the viewBox of its width
 *   and height. Called before a slide is split or shrunk, so what it changes is measured.
 * - `units(slide)`: the elements still wider than the slide (at the zoom it was fitted to): a table, a formula, a
 *   block whose inline content (an inline formula, a fixed-width box) does not fit. Each with what a warning needs.
 * - `scroll(slide, units)` (the screen): each such element scrolls sideways in a box of the slide's width, with a
 *   "▶ more to the right" cue under the box's right end (hiding nothing) until the box is scrolled to its end.
 * - `print(slide, units)` (the print view): nothing is lost in the PDF: a simple table's columns are split over
 *   blocks one under the other, the first column repeated in each, headed "columns a–b of n"; anything else (a
 *   formula, a table with merged cells, a wide box) is shrunk until it fits the width.
 *
 * fit-slides reports the units of each slide that has them (`window.dl4nlpSlidesWide`), measured before they scroll
 * or split, so the screen and the PDF report the same; `dl4nlp slides --pdf` turns the reports into warnings.
 */
(() => {
  /** An element wider than its slide, as measured (CSS px of the slide, i.e. after the slide's zoom). */
  interface Unit {
    el: HTMLElement;
    /** "table", "formula", "text", "figure" or "block" (what the warning calls it). */
    kind: string;
    /** Its full width and the part of it the slide shows. */
    width: number;
    shown: number;
    /** Of a table: its columns, and how many lie wholly inside the slide. */
    columns?: number;
    columnsShown?: number;
    /** The notebook cell (1-based) it is in. */
    cell?: number;
  }

  /** Not looked into: notes, cues, a formula's inside, figures, a closed toggle's content, what already scrolls sideways. */
  const SKIP = "aside, .scroll-cue, .katex, svg, details:not([open]) > :not(summary), .wide-box";
  /** The right edge of the slide's content area in viewport px, and its scale (screen px per CSS px of the slide). */
  const rightEdge = (s: HTMLElement) => {
    const r = s.getBoundingClientRect();
    const scale = s.offsetWidth > 0 ? r.width / s.offsetWidth : 1;
    return { right: r.left + (s.clientWidth - Number.parseFloat(getComputedStyle(s).paddingRight)) * scale, scale };
  };
  const isBlock = (el: Element) => {
    const d = getComputedStyle(el).display;
    return d !== "none" && d !== "contents" && !d.startsWith("inline");
  };
  /** Whether el reaches past x (viewport px), by its box or by content overflowing it (its scroll width). */
  const wide = (el: HTMLElement, right: number) =>
    el.getBoundingClientRect().right > right + 1 || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1);

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
    const { right } = rightEdge(s);
    let wrapped = 0;
    // every block is looked at: a wide one inside a box that scrolls does not make its ancestors wide
    const visit = (el: HTMLElement) => {
      if (el.matches(SKIP)) return;
      const ws = getComputedStyle(el).whiteSpace;
      if (/^(pre|nowrap)$/.test(ws) && wide(el, right) && !el.querySelector(NOT_TEXT)) {
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
      if (wide(el, right)) {
        // a nowrap span (or code) inside a paragraph: the same, for the inline element that reaches past the edge
        for (const k of Array.from(el.querySelectorAll<HTMLElement>("*"))) {
          if (k.closest(SKIP) || isBlock(k) || k.querySelector(NOT_TEXT)) continue;
          const kws = getComputedStyle(k).whiteSpace;
          if (!/^(pre|nowrap)$/.test(kws) || k.getBoundingClientRect().right <= right + 1) continue;
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
    if (el.matches("img, svg, canvas, video, iframe, .output-plotly, .dl4nlp-plot")) return "figure";
    if (!el.querySelector(NOT_TEXT)) return "text";
    return "block";
  };
  /** A table's rows as arrays of cells, or null when a cell spans rows or columns (not split by columns then). */
  const grid = (t: HTMLTableElement): HTMLTableCellElement[][] | null => {
    const rows = Array.from(t.rows).map((r) => Array.from(r.cells));
    return rows.some((r) => r.some((c) => c.colSpan > 1 || c.rowSpan > 1)) ? null : rows;
  };

  const units = (s: HTMLElement): Unit[] => {
    const { right, scale } = rightEdge(s);
    const found: Unit[] = [];
    /** Records the wide elements in el (el itself when nothing in it is); whether it found one. */
    const visit = (el: HTMLElement): boolean => {
      if (el.matches(SKIP)) return false;
      const isWide = wide(el, right);
      let inside = false;
      if (!(isWide && el.matches(WHOLE))) {
        for (const k of Array.from(el.children)) if (isBlock(k) && visit(k as HTMLElement)) inside = true;
      }
      if (!isWide || inside) return inside;
      const r = el.getBoundingClientRect();
      const z = el.offsetWidth > 0 ? r.width / el.offsetWidth : scale;
      const width = Math.max(r.width, el.scrollWidth * z) / scale;
      const unit: Unit = { el, kind: kindOf(el), width: Math.round(width), shown: Math.round((right - r.left) / scale) };
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
      if (rows && columns > 2 && splitColumns(s, u.el as HTMLTableElement, columns)) continue;
      shrink(s, u.el);
    }
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
    const { right } = rightEdge(s);
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

  /** Shrinks el (CSS zoom on it) until it fits the slide's width. */
  const shrink = (s: HTMLElement, el: HTMLElement) => {
    el.style.setProperty("overflow-x", "visible");
    for (let i = 0; i < 4; i++) {
      const { right } = rightEdge(s);
      const r = el.getBoundingClientRect();
      const z = el.offsetWidth > 0 ? r.width / el.offsetWidth : 1;
      const full = Math.max(r.width, el.scrollWidth * z);
      if (r.left + full <= right + 1) return;
      const own = Number(el.style.getPropertyValue("zoom")) || 1;
      el.style.setProperty("zoom", String((own * (right - r.left)) / full - 0.002));
    }
  };

  (window as unknown as { dl4nlpWide: unknown }).dl4nlpWide = { prepare, units, scroll, print };
})();
