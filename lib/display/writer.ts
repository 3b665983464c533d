/**
 * The display writer: the one place that talks to tslab's display machinery.
 *
 * tslab's public API (`tslab.display.html(...)`) sends ONE MIME type per output. A figure needs one output carrying
 * several (Plotly JSON + HTML + text), so this module uses tslab's internal writer `lastWriteDisplayData` from
 * `tslab/dist/jupyter` (set by the kernel for each execute request) when it is there and is a function; if tslab's
 * internals change, it falls back to the public `display.html` (HTML only) and says so once.
 */

/** A MIME bundle: MIME type → content (string, or JSON for application/*+json). */
export type MimeBundle = Record<string, unknown>;

/** A display_data message content, as in the Jupyter messaging spec. */
export interface DisplayData {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  /** display_id makes the output updatable (update_display_data). */
  transient: { display_id?: string };
}

/** How a bundle is sent to the front end (tslab's writer for the current request). */
export type DisplaySink = (display: DisplayData, update: boolean) => void;

let warnedFallback = false;

/** How `publish` reaches the front end right now: "tslab-bundle" (all MIME types), "tslab-html", or "console". */
export function displayRoute(): "tslab-bundle" | "tslab-html" | "console" {
  const internal = tslabInternalWriter();
  if (internal) return "tslab-bundle";
  return tslabPublic() ? "tslab-html" : "console";
}

/**
 * Publishes one output holding every MIME type of `bundle`. With `displayId`, the output can later be replaced in
 * place by publishing again with `update: true` (tslab's updatable display, update_display_data).
 */
export function publish(bundle: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const message: DisplayData = {
    data: bundle,
    metadata: {},
    transient: options.displayId ? { display_id: options.displayId } : {},
  };
  const update = options.update === true && options.displayId !== undefined;
  const internal = tslabInternalWriter();
  if (internal) {
    internal(message, update);
    return;
  }
  const pub = tslabPublic();
  if (pub) {
    if (!warnedFallback) {
      warnedFallback = true;
      console.log(
        "dl4nlp display: tslab's internal display writer (tslab/dist/jupyter lastWriteDisplayData) is not available; " +
          "outputs carry text/html only from now on.",
      );
    }
    // an updatable output (liveChart) through the public API's own display ids: tslab.newDisplay()
    let target: PublicDisplay = pub.display;
    if (options.displayId && pub.newDisplay) {
      let d = publicDisplays.get(options.displayId);
      if (!d) {
        d = pub.newDisplay();
        publicDisplays.set(options.displayId, d);
      }
      target = d;
    }
    const html = typeof bundle["text/html"] === "string" ? (bundle["text/html"] as string) : null;
    if (html !== null) target.html(html);
    else if (typeof bundle["text/plain"] === "string") target.text(bundle["text/plain"] as string);
    return;
  }
  // outside a kernel (plain node): the one-line summary
  console.log(typeof bundle["text/plain"] === "string" ? bundle["text/plain"] : JSON.stringify(bundle));
}

type InternalWriter = (data: DisplayData, update: boolean) => void;

/** How tslab's modules are loaded: `require`, or a stand-in that simulates another tslab version in tests. */
let loadModule: (id: string) => unknown = (id) => require(id);

/**
 * Test hook: load tslab's modules through `loader` (e.g. one where `tslab/dist/jupyter` lacks the internal writer, as a
 * future tslab might); `null` restores `require`. Resets the once-only fallback notice.
 */
export function setTslabLoaderForTests(loader: ((id: string) => unknown) | null): void {
  loadModule = loader ?? ((id) => require(id));
  usingRequire = loader === null;
  warnedFallback = false;
  publicDisplays.clear();
}

const publicDisplays = new Map<string, PublicDisplay>();

let usingRequire = true;

/**
 * Whether tslab is loaded in this process (a tslab kernel, or tslab's executor in a test). Outside, tslab is not
 * required at all: loading it would pull in its TypeScript compiler (about a second) just to print a summary.
 */
function tslabLoaded(): boolean {
  if (!usingRequire) return true;
  return Object.keys(require.cache).some((p) => /[\\/]node_modules[\\/]tslab[\\/]/.test(p));
}

/** tslab's per-request display writer, or null when not in a tslab kernel or when tslab's internals differ. */
function tslabInternalWriter(): InternalWriter | null {
  if (!tslabLoaded()) return null;
  try {
    const jupyter = loadModule("tslab/dist/jupyter") as { lastWriteDisplayData?: unknown };
    return typeof jupyter.lastWriteDisplayData === "function" ? (jupyter.lastWriteDisplayData as InternalWriter) : null;
  } catch {
    return null;
  }
}

interface PublicDisplay {
  html(s: string): void;
  text(s: string): void;
}

/** tslab's public display, when running inside a tslab kernel that is ready to display. */
function tslabPublic(): { display: PublicDisplay; newDisplay?: () => PublicDisplay } | null {
  if (!tslabLoaded()) return null;
  try {
    const jupyter = loadModule("tslab/dist/jupyter") as { lastWriteDisplayData?: unknown };
    // the public API throws "Not ready" unless a kernel has set the writer; without tslab/dist/jupyter trust the API
    if (jupyter && "lastWriteDisplayData" in jupyter && jupyter.lastWriteDisplayData == null) return null;
  } catch {
    // internals moved: rely on the public API alone
  }
  try {
    const tslab = loadModule("tslab") as { display?: Partial<PublicDisplay>; newDisplay?: unknown };
    const d = tslab.display;
    if (!d || typeof d.html !== "function" || typeof d.text !== "function") return null;
    const newDisplay = typeof tslab.newDisplay === "function" ? (tslab.newDisplay as () => PublicDisplay) : undefined;
    return { display: d as PublicDisplay, newDisplay };
  } catch {
    return null;
  }
}

/**
 * Where a later update of an output shown now must go: the current request's tslab writer (its messages carry the
 * request's parent header, which JupyterLab uses to find the output); null when outputs cannot be updated later (tslab's public API, plain node). The token identifies the execute request (display-ids.ts).
 */
export function currentChannel(): { send: DisplaySink; request: unknown } | null {
  const internal = tslabInternalWriter();
  return internal ? { send: internal, request: internal } : null;
}
