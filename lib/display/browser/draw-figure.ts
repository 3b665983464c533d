/**
 * Runs IN THE BROWSER, inside the text/html form of a figure (figureHtml inlines `drawFigure.toString()`), so it must
 * stay self-contained: no imports at run time, no outer variables, no Node API. Type-checked and linted like the rest.
 *
 * Draws the figure into its div with plotly.js, loaded at most once per page, never from a CDN and never copied into
 * the output:
 * 1. `window.Plotly` already there (a page that loaded it) → use it;
 * 2. else fetch it from the Jupyter server that serves the notebook, `<baseUrl>files/<path under the server root>`:
 *    baseUrl from the page config (`#jupyter-config-data`, JupyterLab / Notebook 7) or `body[data-base-url]`
 *    (Notebook 6); the path under the root from the page config's `serverRoot` and the absolute path, or from the
 *    notebook's path in the page URL (/lab/tree/<path>, /notebooks/<path>, /doc/tree/<path>) joined with the path
 *    relative to the kernel's folder. Candidates are tried in turn; one shared promise per page.
 * When that fails it says why in the figure's place (no Jupyter server on this page, or the URLs it tried) and how the
 * figure gets drawn anyway: the `plotly` Python package's renderer in JupyterLab / Notebook 7, or the static image that
 * a kernel with Chromium attaches a moment after the figure is shown (a saved copy that still runs this script was
 * saved without it: it never replaces this output on a page that has no kernel).
 */
export interface DrawFigureInput {
  /** The figure's element id; the LAST element with it that is not drawn yet is used (ids repeat after a restart). */
  id: string;
  fig: { data: unknown[]; layout?: Record<string, unknown>; frames?: unknown[] };
  /** plotly.js on the kernel's machine: absolute path and path relative to the kernel's folder; null: none installed. */
  src: { abs: string; rel: string } | null;
}

interface PlotlyApi {
  newPlot(el: HTMLElement, data: unknown[], layout: unknown, config: unknown): Promise<HTMLElement>;
  addFrames(el: HTMLElement, frames: unknown[]): Promise<unknown>;
}

type PlotlyWindow = Window & { Plotly?: PlotlyApi; __dl4nlpPlotly?: Promise<PlotlyApi> | null };

export function drawFigure(input: DrawFigureInput): void {
  const win = window as PlotlyWindow;
  const all = document.querySelectorAll<HTMLElement>(`[id="${input.id}"]`);
  let el: HTMLElement | null = null;
  for (let i = all.length - 1; i >= 0 && !el; i--) if (!all[i].hasAttribute("data-drawn")) el = all[i];
  if (!el) return;
  const target = el;
  target.setAttribute("data-drawn", "1");

  const config: { baseUrl?: string; serverRoot?: string } = {};
  const configEl = document.getElementById("jupyter-config-data");
  if (configEl) {
    try {
      Object.assign(config, JSON.parse(configEl.textContent || "{}"));
    } catch {
      // not JSON: no page config
    }
  }
  const notebook6Base = document.body?.getAttribute("data-base-url") ?? null;
  const inJupyter = configEl !== null || notebook6Base !== null;

  const normalise = (parts: string[]): string | null => {
    const out: string[] = [];
    for (const p of parts) {
      if (!p || p === ".") continue;
      if (p === "..") {
        if (!out.length) return null;
        out.pop();
      } else out.push(p);
    }
    return out.join("/");
  };
  const candidateUrls = (src: { abs: string; rel: string }): string[] => {
    let base = config.baseUrl || notebook6Base || "/";
    if (!base.endsWith("/")) base += "/";
    const paths: string[] = [];
    let root = config.serverRoot;
    if (root && root.charAt(0) !== "~") {
      root = root.replace(/\/+$/, "");
      if (src.abs.startsWith(`${root}/`)) paths.push(src.abs.slice(root.length + 1));
    }
    const page = decodeURIComponent(location.pathname);
    const m = /\/(?:lab(?:\/workspaces\/[^/]+)?\/tree|doc(?:\/workspaces\/[^/]+)?\/tree|notebooks|tree)\/(.*)$/.exec(page);
    if (m) {
      const dir = m[1].split("/");
      dir.pop();
      const p = normalise(dir.concat(src.rel.split("/")));
      if (p !== null) paths.push(p);
    }
    const unique = paths.filter((p, i) => paths.indexOf(p) === i);
    return unique.map((p) => `${base}files/${p.split("/").map(encodeURIComponent).join("/")}`);
  };
  const loadFrom = (urls: string[], i: number): Promise<PlotlyApi> =>
    new Promise((resolve, reject) => {
      if (win.Plotly) return resolve(win.Plotly);
      if (i >= urls.length) return reject(new Error(`the Jupyter server did not serve plotly.js (tried ${urls.join(", ")})`));
      const s = document.createElement("script");
      s.src = urls[i];
      s.async = true;
      s.onload = () => (win.Plotly ? resolve(win.Plotly) : loadFrom(urls, i + 1).then(resolve, reject));
      s.onerror = () => {
        s.remove();
        loadFrom(urls, i + 1).then(resolve, reject);
      };
      document.head.appendChild(s);
    });
  const plotly = (): Promise<PlotlyApi> => {
    if (win.Plotly) return Promise.resolve(win.Plotly);
    const src = input.src;
    if (!inJupyter) return Promise.reject(new Error("this page has no plotly.js and is not served by Jupyter"));
    if (!src) return Promise.reject(new Error("plotly.js-dist-min is not installed beside the kernel"));
    if (!win.__dl4nlpPlotly) {
      win.__dl4nlpPlotly = loadFrom(candidateUrls(src), 0);
      win.__dl4nlpPlotly.catch(() => {
        win.__dl4nlpPlotly = null;
      });
    }
    return win.__dl4nlpPlotly;
  };

  const fig = input.fig;
  plotly()
    .then((P) =>
      P.newPlot(target, fig.data, fig.layout ?? {}, { displaylogo: false, responsive: true }).then((gd) =>
        fig.frames ? P.addFrames(gd, fig.frames) : gd,
      ),
    )
    .catch((e: Error) => {
      const note = document.createElement("div");
      note.className = "dl4nlp-figure-error";
      note.style.cssText = "font-family:monospace;font-size:12px;color:#a00";
      note.textContent =
        `figure not drawn: ${e.message}. In JupyterLab or Notebook 7 the Python package "plotly" draws it; ` +
        "a copy saved after the cell ran in a kernel with Chromium shows the figure's static image instead.";
      target.appendChild(note);
    });
}
