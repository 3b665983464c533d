// A real JupyterLab for browser tests: started in the project root from the project's .venv, with every Jupyter folder
// (config, data, runtime, settings, workspaces) in a throwaway home so nothing of the user's is read or written, the
// project's kernelspec installed there on request, extensions turned off by plugin id, and user settings written
// before start. Stopping it ends the server with its kernels and removes the home.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../lib/tools/render/chromium";
import { isolatedJupyterEnv, JUPYTER, ROOT, type RunningServer, startJupyter } from "./jupyter";

/**
 * The argv (after the `jupyter` executable) of a JupyterLab for a browser test: on 127.0.0.1 at a fixed port with a
 * token, root at `root`, settings and workspaces under `home` (so the user's own never leak in), no news, no update check.
 */
function jupyterLabArgs(o: { port: number; token: string; root: string; home: string }): string[] {
  return [
    "lab",
    "--no-browser",
    "--allow-root",
    "--ip=127.0.0.1",
    `--port=${o.port}`,
    "--port-retries=0",
    `--IdentityProvider.token=${o.token}`,
    `--ServerApp.root_dir=${o.root}`,
    `--LabApp.user_settings_dir=${join(o.home, "settings")}`,
    `--LabApp.workspaces_dir=${join(o.home, "workspaces")}`,
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
  ];
}

export interface JupyterLabOptions {
  /** A name for the throwaway home folder (`dl4nlp-<name>-XXXXXX` in the OS temp folder). */
  name: string;
  /** Install the project's kernelspec (kernel-setup/install.mjs --prefix) into the home and show it to the server. */
  kernelspec?: boolean;
  /**
   * What page_config.json turns off. JupyterLab matches these against plugin ids (a whole package is turned off by its
   * name only when its plugins are named after it): the `plotly` package's extension "jupyterlab-plotly" names its
   * renderer "@jupyterlab/plotly-extension:factory", so both names are needed.
   */
  disabledExtensions?: string[];
  /** User settings by plugin id, e.g. `{ "@jupyterlab/notebook-extension:tracker": { windowingMode: "none" } }`. */
  settings?: Record<string, Record<string, unknown>>;
  /** How long the server may take to answer /api/status (default 90 s). */
  timeoutMs?: number;
}

export interface JupyterLab extends RunningServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  base: string;
  /** The throwaway home holding every Jupyter folder of this server. */
  home: string;
  /** The environment the server runs in (for `jupyter` commands that must see the same folders). */
  env: NodeJS.ProcessEnv;
  /** The lab URL that opens `file` (a path under the project root) with the token, in `workspace` if given. */
  treeUrl(file: string, o?: { workspace?: string; reset?: boolean }): string;
  /** `jupyter trust <file>` in this server's data folder (so its notebooks' outputs count as trusted). */
  trust(file: string): void;
  /**
   * A new page of `browser` on `file`, offline (only this server answers; every other request is aborted and listed in
   * `requests`), with page errors collected (each with its stack, which names the script that threw); resolves once
   * the first output of the visible notebook is attached. `ui: "notebook"` opens it in Notebook 7 (`/notebooks/...`,
   * served by the same server when the `notebook` package is installed) instead of JupyterLab.
   */
  openOffline(
    browser: Browser,
    file: string,
    viewport: { width: number; height: number },
    o?: { ui?: "lab" | "notebook" },
  ): Promise<{ page: Page; errors: string[]; requests: string[] }>;
}

/** The notebook panel on screen (JupyterLab may restore other notebooks of the workspace in hidden tabs). */
export const VISIBLE_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";

/** Starts a JupyterLab in the project root (see the file's head); `stop()` ends it and removes its home. */
export async function startJupyterLab(o: JupyterLabOptions): Promise<JupyterLab> {
  const home = mkdtempSync(join(tmpdir(), `dl4nlp-${o.name}-`));
  try {
    let prefix: string | undefined;
    if (o.kernelspec) {
      prefix = join(home, "prefix");
      const install = spawnSync(process.execPath, [join(ROOT, "kernel-setup", "install.mjs"), "--prefix", prefix, "--quiet"], {
        encoding: "utf8",
      });
      if (install.status !== 0) throw new Error(`kernel-setup/install.mjs --prefix failed: ${install.stderr}`);
    }
    const env = isolatedJupyterEnv(home, prefix);
    if (o.disabledExtensions?.length) {
      mkdirSync(join(home, "config", "labconfig"), { recursive: true });
      const disabled = Object.fromEntries(o.disabledExtensions.map((id) => [id, true]));
      writeFileSync(join(home, "config", "labconfig", "page_config.json"), JSON.stringify({ disabledExtensions: disabled }));
    }
    for (const [plugin, values] of Object.entries(o.settings ?? {})) {
      const [pkg, file] = plugin.split(":");
      mkdirSync(join(home, "settings", pkg), { recursive: true });
      writeFileSync(join(home, "settings", pkg, `${file}.jupyterlab-settings`), JSON.stringify(values));
    }
    const server = await startJupyter({
      args: (port, token) => jupyterLabArgs({ port, token, root: ROOT, home }),
      cwd: ROOT,
      env,
      timeoutMs: o.timeoutMs,
    });
    const base = server.url.replace(/\/$/, "");
    const treeUrl = (file: string, u: { workspace?: string; reset?: boolean } = {}) =>
      `${base}/lab/${u.workspace ? `workspaces/${u.workspace}/` : ""}tree/${relative(ROOT, file)}?${u.reset ? "reset&" : ""}token=${server.token}`;
    return {
      ...server,
      base,
      home,
      env,
      treeUrl,
      trust(file) {
        const r = spawnSync(JUPYTER, ["trust", file], { env, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`jupyter trust ${file} failed: ${r.stderr}`);
      },
      async openOffline(browser, file, viewport, o = {}) {
        const page = await browser.newPage({ viewport });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.stack ?? String(e)));
        const requests: string[] = [];
        await page.route("**/*", (route) => {
          const url = route.request().url();
          requests.push(url);
          return url.startsWith(base) ? route.continue() : route.abort("internetdisconnected");
        });
        await page.goto(
          o.ui === "notebook"
            ? `${base}/notebooks/${relative(ROOT, file)}?token=${server.token}`
            : treeUrl(file, { reset: true }),
        );
        await page.locator(`${VISIBLE_PANEL} .jp-OutputArea-output`).first().waitFor({ state: "attached", timeout: 60_000 });
        return { page, errors, requests };
      },
      async stop() {
        await server.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
}

/** A JupyterLab, headless Chromium and a throwaway folder for the test's notebooks, stopped and removed together. */
export interface LabSession {
  lab: JupyterLab;
  browser: Browser;
  /** A new folder inside the project (build/<name>-XXXXXX), so `import ... from "dl4nlp"` resolves as from notebooks/. */
  work: string;
  close(): Promise<void>;
}

/** Starts a LabSession (see startJupyterLab for the options); `close()` ends the browser and the server, removes work. */
export async function startLabSession(o: JupyterLabOptions): Promise<LabSession> {
  mkdirSync(join(ROOT, "build"), { recursive: true });
  const work = mkdtempSync(join(ROOT, "build", `${o.name}-`));
  let lab: JupyterLab | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await lab?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    lab = await startJupyterLab(o);
    browser = await launchChromium("/usr/bin/chromium");
    return { lab, browser, work, close };
  } catch (e) {
    await close();
    throw e;
  }
}
