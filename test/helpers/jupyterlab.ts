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
