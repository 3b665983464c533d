import { type ChildProcess, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/**
 * The argv (after the `jupyter` executable) of a JupyterLab for a browser test: on 127.0.0.1 at a fixed port with a
 * token, root at `root`, settings and workspaces under `home` (so the user's own never leak in), no news, no update check.
 */
export function jupyterLabArgs(o: { port: number; token: string; root: string; home: string }): string[] {
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

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => res(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

/** Resolves once `url` answers 200; throws with the server's log when it exits or `timeoutMs` passes first. */
export async function waitForServer(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`jupyter exited with ${server.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`jupyter did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}

/** Ends a server started detached (its own process group, kernels included): SIGTERM, then SIGKILL after 15 s. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(-server.pid, "SIGTERM");
  const timer = setTimeout(() => server.pid && server.exitCode === null && process.kill(-server.pid, "SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Environment for `nbconvert --to webpdf`: Python's playwright (kernel-setup/requirements.txt) looks for its own
 * headless shell; a link to Debian's Chromium is made where it looks, under `dir`.
 */
export function webpdfEnv(python: string, dir: string): NodeJS.ProcessEnv {
  const probe = spawnSync(
    python,
    [
      "-c",
      "import json, pathlib, playwright; p = pathlib.Path(playwright.__file__).parent / 'driver/package/browsers.json'; " +
        "print(next(b['revision'] for b in json.loads(p.read_text())['browsers'] if b['name'] == 'chromium-headless-shell'))",
    ],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`python playwright is missing (kernel-setup/setup.sh): ${probe.stderr}`);
  const browsers = join(dir, "browsers");
  const shell = join(browsers, `chromium_headless_shell-${probe.stdout.trim()}`, "chrome-headless-shell-linux64");
  mkdirSync(shell, { recursive: true });
  if (!existsSync(join(shell, "chrome-headless-shell"))) symlinkSync("/usr/bin/chromium", join(shell, "chrome-headless-shell"));
  return { PLAYWRIGHT_BROWSERS_PATH: browsers };
}
