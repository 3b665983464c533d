/**
 * Draws the page's Plotly figures (a browser script, no imports; built by tsc and inlined by plotly.ts). Every
 * `.dl4nlp-plot` div is drawn from the JSON in its `<script type="application/json" class="dl4nlp-plot-data">`, with
 * its frames (animations). Options come from the JSON in `#dl4nlp-plot-options`:
 *
 * - `fixed: {width, height, maxWidth, maxHeight}` (decks): fixed sizes, because reveal.js scales the whole slide and
 *   a hidden slide has no size to adapt to; a figure wider or taller than the maximum is laid out at the maximum in
 *   that direction (its other side kept: never an aspect-scaled sliver whose margins leave no plot area).
 * - otherwise (pages): a figure keeps its own size while it fits its column; a wider one (or every one, once the
 *   window narrows) fills the column's width, its height scaled with it (never below 60 %), and follows resizes.
 *   Its own size is kept in `data-own` ("width,height"): the labels script the page inlines next
 *   (slides/browser/plot-labels.ts) lays a figure whose labels crowd or are cut in the column out larger again, and
 *   is asked to after each resize (`window.dl4nlpPlotLabels.refit`).
 *
 * Sets `window.dl4nlpPlotsDrawn`, a promise of the number of figures drawn. A figure that fails shows the error in its
 * place and on the console.
 */
(() => {
  interface Fixed {
    width: number;
    height: number;
    maxWidth: number;
    maxHeight: number;
  }
  interface Figure {
    data?: unknown[];
    layout?: Record<string, unknown> & { width?: number; height?: number };
    frames?: unknown[];
  }
  interface PlotlyApi {
    newPlot(el: HTMLElement, fig: unknown): Promise<unknown>;
    relayout(el: HTMLElement, update: Record<string, unknown>): Promise<unknown>;
  }
  const w = window as unknown as {
    Plotly?: PlotlyApi;
    dl4nlpPlotlyReady?: Promise<PlotlyApi>;
    dl4nlpPlotsDrawn?: Promise<number>;
    dl4nlpPlotLabels?: { refit?(el: HTMLElement): Promise<void> };
  };
  const optionsElement = document.getElementById("dl4nlp-plot-options");
  const options: { fixed?: Fixed } = optionsElement ? JSON.parse(optionsElement.textContent ?? "{}") : {};

  /**
   * Width and height of a figure on a slide: its own (or the default), each clamped to the maximum on its own. Plotly
   * lays a figure out afresh at the size it is given (margins, title and tick labels keep their pixel sizes), so
   * scaling the height with the width would leave a very wide figure a sliver with no plot area; it keeps its height.
   */
  const fixedSize = (layout: Figure["layout"] & object, f: Fixed): [number, number] => [
    Math.min(layout.width || f.width, f.maxWidth),
    Math.min(layout.height || f.height, f.maxHeight),
  ];

  /** Width and height of a figure in a page column `column` px wide: its own while it fits, else the column's. */
  const columnSize = (own: [number, number], column: number): [number, number] => {
    const [width, height] = own;
    if (!(column > 0) || width <= column) return own;
    return [Math.floor(column), Math.round(height * Math.max(0.6, column / width))];
  };

  const draw = (el: HTMLElement): Promise<number> => {
    if (el.getAttribute("data-drawn")) return Promise.resolve(0);
    el.setAttribute("data-drawn", "1");
    const fail = (e: unknown) => {
      const p = document.createElement("pre");
      p.className = "dl4nlp-plot-error";
      p.textContent = `figure not drawn: ${(e as Error)?.message ?? e}`;
      el.appendChild(p);
      console.error(`dl4nlp: figure ${el.id} not drawn:`, e);
      return 0;
    };
    const src = document.querySelector(`script.dl4nlp-plot-data[data-for="${el.id}"]`);
    let fig: Figure;
    try {
      fig = JSON.parse(src?.textContent ?? "");
    } catch (e) {
      return Promise.resolve(fail(e));
    }
    const layout = fig.layout ?? {};
    const f = options.fixed;
    let own: [number, number] | undefined;
    if (f) {
      const [width, height] = fixedSize(layout, f);
      Object.assign(layout, { width, height, autosize: false });
      el.style.width = `${width}px`;
      el.style.height = `${height}px`;
    } else if (layout.width) {
      own = [layout.width, layout.height || 450];
      el.setAttribute("data-own", own.join(","));
      const [width, height] = columnSize(own, el.parentElement?.clientWidth ?? 0);
      Object.assign(layout, { width, height });
    }
    return Promise.resolve(w.dl4nlpPlotlyReady ?? w.Plotly)
      .then((Plotly) => {
        if (!Plotly) throw new Error("plotly.js is not on this page");
        const config = { displaylogo: false, responsive: !f && !own };
        return Plotly.newPlot(el, { data: fig.data ?? [], layout, frames: fig.frames, config }).then(() => {
          // a page figure with its own size follows its column when the window is resized
          if (own) {
            const sized = own;
            let last = layout.width;
            new ResizeObserver(() => {
              const [width, height] = columnSize(sized, el.parentElement?.clientWidth ?? 0);
              if (width !== last) {
                last = width;
                Plotly.relayout(el, { width, height }).then(() => w.dl4nlpPlotLabels?.refit?.(el));
              }
            }).observe(el.parentElement as HTMLElement);
          }
        });
      })
      .then(
        () => 1,
        (e) => fail(e),
      );
  };

  w.dl4nlpPlotsDrawn = Promise.all(Array.from(document.querySelectorAll<HTMLElement>(".dl4nlp-plot")).map(draw)).then((r) =>
    r.reduce((a, b) => a + b, 0),
  );
})();
